import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { sendDeadLetters } from "../shared/dead-letter";
import { classifyRecords, type EventItem, type MalformedEvent, type ValidEvent } from "./classify";
import type { StreamProcessorConfig } from "./config";
import { StreamProcessorContract } from "./contract";
import { batchWriteItems } from "./ddb-writer";
import { malformedSummary, publishMalformedSummary } from "./notify";

/** Where logs and metrics go; Powertools in Lambda, a recorder in tests. */
export interface Telemetry {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
  count(metric: string, value: number): void;
}

/** What {@link processBatch} needs, created once per container by the handler. */
export interface ProcessorDeps {
  config: StreamProcessorConfig;
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  sns: SNSClient;
  telemetry: Telemetry;
  /** @default setTimeout */
  sleep: (ms: number) => Promise<void>;
  /** @default Date.now */
  now: () => number;
}

/** Keeps one item per key (the latest record wins: BatchWriteItem refuses duplicate keys in a call). */
function dedupe(valid: ValidEvent[]): { entries: Array<{ key: string; item: EventItem }>; recordsOf: Map<string, number[]> } {
  const latest = new Map<string, EventItem>();
  const recordsOf = new Map<string, number[]>();
  for (const event of valid) {
    latest.set(event.key, event.item);
    const records = recordsOf.get(event.key) ?? [];
    records.push(event.recordIndex);
    recordsOf.set(event.key, records);
  }
  return { entries: [...latest].map(([key, item]) => ({ key, item })), recordsOf };
}

/**
 * Validates a batch and accounts for every record: valid events are written to DynamoDB,
 * malformed ones are stored in the dead-letter queue with their reasons and summarised in one SNS
 * message, and only records hit by a transient failure (a write or a dead-letter store that did
 * not succeed after retries) are returned as batch item failures, to be retried by Lambda.
 */
export async function processBatch(event: KinesisStreamEvent, deps: ProcessorDeps): Promise<KinesisStreamBatchResponse> {
  const { config, telemetry } = deps;
  const records = event.Records;
  if (records.length === 0) return { batchItemFailures: [] };
  const { valid, malformed } = classifyRecords(records, { maxEventBytes: config.MAX_EVENT_BYTES, maxFutureMinutes: config.MAX_FUTURE_MINUTES, now: deps.now(), retentionDays: config.EVENTS_RETENTION_DAYS });
  const failedRecords = new Set<number>();
  const retry = { maxAttempts: config.WRITE_MAX_ATTEMPTS, sleep: deps.sleep };

  const { entries, recordsOf } = dedupe(valid);
  const [written, stored] = await Promise.all([
    batchWriteItems(deps.dynamo, config.EVENTS_TABLE_NAME, entries, retry),
    sendDeadLetters(deps.sqs, config.DEAD_LETTER_QUEUE_URL, malformed, retry),
  ]);
  for (const key of written.failed.keys()) for (const index of recordsOf.get(key) ?? []) failedRecords.add(index);
  if (written.failed.size > 0) {
    // One line per invocation, not per event: a throttling storm must not flood the logs.
    telemetry.warn("events not written, their records will be retried", { count: written.failed.size, reasons: [...new Set(written.failed.values())].slice(0, 5) });
  }
  // An item DynamoDB refuses is as malformed as bad JSON: a retry cannot fix it.
  const rejected: MalformedEvent[] = valid
    .filter((v) => written.rejected.has(v.key))
    .map((v) => ({
      recordIndex: v.recordIndex,
      origin: v.origin,
      data: v.data,
      reasons: [{ rule: "dynamodb-rejected", severity: "critical", path: "", message: written.rejected.get(v.key)! }],
    }));
  const storedRejected = rejected.length > 0 ? await sendDeadLetters(deps.sqs, config.DEAD_LETTER_QUEUE_URL, rejected, retry) : { stored: 0, split: 0, failed: [] };
  const allMalformed = [...malformed, ...rejected];
  const notStored = [...stored.failed.map((f) => malformed[f.index]!), ...storedRejected.failed.map((f) => rejected[f.index]!)];
  for (const event of notStored) failedRecords.add(event.recordIndex);
  if (notStored.length > 0) telemetry.error("malformed events not stored in the dead-letter queue, their records will be retried", { count: notStored.length });

  if (allMalformed.length > 0) {
    const summary = malformedSummary(allMalformed, {
      streamArn: records[0]!.eventSourceARN,
      deadLetterQueueUrl: config.DEAD_LETTER_QUEUE_URL,
      stored: allMalformed.length - notStored.length,
      notStored: notStored.length,
    });
    try {
      await publishMalformedSummary(deps.sns, config.MALFORMED_TOPIC_ARN, summary);
    } catch (error) {
      // The events are safe in the queue (or retried); a lost notification must not replay the batch.
      telemetry.error("malformed-data notification failed", { error: (error as Error).message });
      telemetry.count("MalformedNotificationFailed", 1);
    }
    telemetry.warn("malformed events", { count: allMalformed.length, subject: summary.subject });
  }

  const eventsWritten = valid.filter((v) => !written.failed.has(v.key) && !written.rejected.has(v.key)).length;
  telemetry.count("RecordsReceived", records.length);
  // The malformed-rate alarm divides these two: their names come from the contract it reads.
  const rate = StreamProcessorContract.metrics.malformedRate;
  telemetry.count(rate.total, valid.length + malformed.length);
  telemetry.count("EventsWritten", eventsWritten);
  telemetry.count(rate.errors, allMalformed.length);
  telemetry.count("EventsWithWarnings", valid.filter((v) => v.warnings.length > 0).length);
  telemetry.count("DeadLetterSplit", stored.split + storedRejected.split);
  telemetry.count("WriteRetries", written.retries);
  telemetry.count("BatchItemFailures", failedRecords.size);
  return {
    batchItemFailures: [...failedRecords].sort((a, b) => a - b).map((i) => ({ itemIdentifier: records[i]!.kinesis.sequenceNumber })),
  };
}
