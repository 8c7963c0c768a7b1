import * as z from "zod/mini";
import "../shared/schemas";
import { environmentSchema } from "../shared/contract";
import { parseEnvironment } from "../shared/env";
import { IngestContract } from "./contract";

/** At most this many events per request: one PutRecords call's worth. */
export const MAX_EVENTS_PER_REQUEST = 500;

/** The environment of ingest, validated: the stream (name or ARN: at least one; the ARN wins) and its settings. */
export const IngestConfigSchema = environmentSchema(IngestContract, {
  STREAM_NAME: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  STREAM_ARN: z.optional(z.string().check(z.startsWith("arn:"))),
  /** Set by the http-ingest-api module (`malformedTopic`): told of each refused request; unset, nobody is told. */
  MALFORMED_TOPIC_ARN: z.optional(z.string().check(z.startsWith("arn:"))),
}).check(
  // `when`: checked even when another variable failed, so every problem is listed at once.
  z.refine((env) => Boolean(env.STREAM_NAME || env.STREAM_ARN), { message: "STREAM_NAME or STREAM_ARN must be set", path: ["STREAM_NAME"], when: () => true }),
);

/** Validated settings of ingest. */
export type IngestConfig = z.infer<typeof IngestConfigSchema>;

/** Reads and validates the environment, listing every problem at once. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): IngestConfig {
  return parseEnvironment(IngestContract.handler, IngestConfigSchema, env);
}
