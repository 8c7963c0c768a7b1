import * as z from "zod/mini";
import "../shared/schemas";
import { integerVariable } from "../shared/env";

/** Environment variable names of stream-processor, for the stacks that deploy it. */
export const StreamProcessorEnv = {
  /** DynamoDB table of valid events (string keys `pk` and `sk`, see {@link EVENTS_TABLE_KEY}). */
  eventsTableName: "EVENTS_TABLE_NAME",
  /** SNS topic receiving one summary of the malformed events per invocation. */
  malformedTopicArn: "MALFORMED_TOPIC_ARN",
  /** SQS queue keeping each malformed event with its data and reasons. */
  deadLetterQueueUrl: "DEAD_LETTER_QUEUE_URL",
  /** Optional: minutes a timestamp may be ahead of now (default 5). */
  maxFutureMinutes: "MAX_FUTURE_MINUTES",
  /** Optional: largest event accepted, in bytes (default 350000, under DynamoDB's 400 KB item limit). */
  maxEventBytes: "MAX_EVENT_BYTES",
  /** Optional: attempts per DynamoDB or SQS batch before a record is reported failed (default 5). */
  writeMaxAttempts: "WRITE_MAX_ATTEMPTS",
  /** Optional: days an event stays in the table, written as {@link EVENTS_TABLE_TTL_ATTRIBUTE} (default {@link DEFAULT_EVENTS_RETENTION_DAYS}). */
  eventsRetentionDays: "EVENTS_RETENTION_DAYS",
} as const;

/** Days an event stays in the table unless EVENTS_RETENTION_DAYS says otherwise (the S3 archive keeps it longer). */
export const DEFAULT_EVENTS_RETENTION_DAYS = 90;
/** Longest retention accepted, in days (ten years). */
export const MAX_EVENTS_RETENTION_DAYS = 3650;
/** Attribute holding an item's expiry in epoch seconds: the events table's TTL attribute. */
export const EVENTS_TABLE_TTL_ATTRIBUTE = "expires_at";

/** Key attributes of the events table: the stack must create the table with these (both strings). */
export const EVENTS_TABLE_KEY = { partitionKey: "pk", sortKey: "sk" } as const;

/** The environment of stream-processor, validated. */
export const StreamProcessorConfigSchema = z.object({
  EVENTS_TABLE_NAME: z.string().check(z.minLength(3), z.maxLength(255)),
  MALFORMED_TOPIC_ARN: z.string().check(z.startsWith("arn:")),
  DEAD_LETTER_QUEUE_URL: z.url(),
  MAX_FUTURE_MINUTES: integerVariable(5, 1440),
  MAX_EVENT_BYTES: integerVariable(350_000, 400_000),
  WRITE_MAX_ATTEMPTS: integerVariable(5, 20),
  EVENTS_RETENTION_DAYS: integerVariable(DEFAULT_EVENTS_RETENTION_DAYS, MAX_EVENTS_RETENTION_DAYS),
});

/** Validated settings of stream-processor. */
export type StreamProcessorConfig = z.infer<typeof StreamProcessorConfigSchema>;

/** Reads and validates the environment, listing every problem at once. */
export function readConfig(env: Record<string, string | undefined> = process.env): StreamProcessorConfig {
  const parsed = StreamProcessorConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new Error(`stream-processor environment is invalid:\n  ${problems.join("\n  ")}`);
}
