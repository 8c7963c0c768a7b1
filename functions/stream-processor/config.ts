import * as z from "zod/mini";
import "../shared/schemas";
import { environmentSchema } from "../shared/contract";
import { integerVariable, parseEnvironment } from "../shared/env";
import { DEFAULT_EVENTS_RETENTION_DAYS, MAX_EVENTS_RETENTION_DAYS, StreamProcessorContract } from "./contract";

export { DEFAULT_EVENTS_RETENTION_DAYS, EVENTS_TABLE_KEY, EVENTS_TABLE_TTL_ATTRIBUTE, MAX_EVENTS_RETENTION_DAYS } from "./contract";

/** The environment of stream-processor, validated: its access variables, its retention and its settings. */
export const StreamProcessorConfigSchema = environmentSchema(StreamProcessorContract, {
  EVENTS_TABLE_NAME: z.string().check(z.minLength(3), z.maxLength(255)),
  MALFORMED_TOPIC_ARN: z.string().check(z.startsWith("arn:")),
  DEAD_LETTER_QUEUE_URL: z.url(),
  /** Days an event stays in the table, written as `expires_at`. */
  EVENTS_RETENTION_DAYS: integerVariable(DEFAULT_EVENTS_RETENTION_DAYS, MAX_EVENTS_RETENTION_DAYS),
});

/** Validated settings of stream-processor. */
export type StreamProcessorConfig = z.infer<typeof StreamProcessorConfigSchema>;

/** Reads and validates the environment, listing every problem at once. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): StreamProcessorConfig {
  return parseEnvironment(StreamProcessorContract.handler, StreamProcessorConfigSchema, env);
}
