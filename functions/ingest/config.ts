import * as z from "zod/mini";
import "../shared/schemas";
import { integerVariable } from "../shared/env";

/** Environment variable names of ingest, for the stacks that deploy it. */
export const IngestEnv = {
  /** Stream the events are written to (name or ARN: set at least one; the ARN wins). */
  streamName: "STREAM_NAME",
  streamArn: "STREAM_ARN",
  /** Optional: minutes a timestamp may be ahead of now (default 5, as stream-processor). */
  maxFutureMinutes: "MAX_FUTURE_MINUTES",
  /** Optional: largest event accepted, in bytes of JSON (default 350000, as stream-processor). */
  maxEventBytes: "MAX_EVENT_BYTES",
  /** Optional: PutRecords attempts per record before answering 503 (default 5). */
  putMaxAttempts: "PUT_MAX_ATTEMPTS",
} as const;

/** At most this many events per request: one PutRecords call's worth. */
export const MAX_EVENTS_PER_REQUEST = 500;

/** The environment of ingest, validated. */
export const IngestConfigSchema = z.object({
  STREAM_NAME: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  STREAM_ARN: z.optional(z.string().check(z.startsWith("arn:"))),
  MAX_FUTURE_MINUTES: integerVariable(5, 1440),
  MAX_EVENT_BYTES: integerVariable(350_000, 1_048_000),
  PUT_MAX_ATTEMPTS: integerVariable(5, 10),
});

/** Validated settings of ingest. */
export type IngestConfig = z.infer<typeof IngestConfigSchema>;

/** Reads and validates the environment, listing every problem at once. */
export function readConfig(env: Record<string, string | undefined> = process.env): IngestConfig {
  const parsed = IngestConfigSchema.safeParse(env);
  // Checked here rather than with a refinement, which zod skips when a field already failed.
  const noStream = !env.STREAM_NAME && !env.STREAM_ARN;
  if (parsed.success && !noStream) return parsed.data;
  const problems = (parsed.error?.issues ?? []).map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  if (noStream) problems.unshift("STREAM_NAME: STREAM_NAME or STREAM_ARN must be set");
  throw new Error(`ingest environment is invalid:\n  ${problems.join("\n  ")}`);
}
