import { defineContract } from "../shared/contract";
import { integerVariable } from "../shared/env";

/** Key attributes of the events table: the stack must create the table with these (both strings). */
export const EVENTS_TABLE_KEY = { partitionKey: "pk", sortKey: "sk" } as const;
/** Days an event stays in the table unless the processor's `eventRetentionDays` says otherwise (the S3 archive keeps it longer). */
export const DEFAULT_EVENTS_RETENTION_DAYS = 90;
/** Longest retention accepted, in days (ten years). */
export const MAX_EVENTS_RETENTION_DAYS = 3650;
/** Attribute holding an item's expiry in epoch seconds: the events table's TTL attribute. */
export const EVENTS_TABLE_TTL_ATTRIBUTE = "expires_at";

/** What stream-processor needs and reads, for the stacks, the alarms and the handler. */
export const StreamProcessorContract = defineContract({
  handler: "stream-processor",
  access: {
    /** DynamoDB table of valid events (string keys `pk` and `sk`, expiry in `expires_at`). */
    outputTable: { variable: "EVENTS_TABLE_NAME", why: "it writes valid events to", key: EVENTS_TABLE_KEY, ttlAttribute: EVENTS_TABLE_TTL_ATTRIBUTE },
    /** SNS topic receiving one summary of the malformed events per invocation. */
    alertTopic: { variable: "MALFORMED_TOPIC_ARN", why: "it publishes malformed-event summaries to" },
    /** SQS queue keeping each malformed event with its data and reasons. */
    deadLetterStore: { variable: "DEAD_LETTER_QUEUE_URL" },
  },
  fields: {
    eventRetentionDays: { variable: "EVENTS_RETENTION_DAYS", default: DEFAULT_EVENTS_RETENTION_DAYS, max: MAX_EVENTS_RETENTION_DAYS },
  },
  settings: {
    /** Minutes a timestamp may be ahead of now. */
    MAX_FUTURE_MINUTES: integerVariable(5, 1440),
    /** Largest event accepted, in bytes (under DynamoDB's 400 KB item limit). */
    MAX_EVENT_BYTES: integerVariable(350_000, 400_000),
    /** Attempts per DynamoDB or SQS batch before a record is reported failed. */
    WRITE_MAX_ATTEMPTS: integerVariable(5, 20),
  },
  metrics: { malformedRate: { errors: "EventsMalformed", total: "EventsReceived" } },
});
