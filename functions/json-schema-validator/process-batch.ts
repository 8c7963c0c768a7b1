import type { KinesisClient } from "@aws-sdk/client-kinesis";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { type DeadLetter, type DeadLetterReason, recordReason, sendDeadLetters, type SendDeadLettersOptions } from "../shared/dead-letter";
import { decodeKinesisRecord, type RecordOrigin } from "../shared/decode";
import { putRecordsWithRetry, type PutRecordsWithRetryOptions } from "../shared/kinesis-put";
import type { JsonSchemaValidatorConfig } from "./config";
import { validate } from "./json-schema";

/** What {@link validateBatch} works with; the handler builds it once per container. */
export interface ValidatorDependencies {
  readonly config: JsonSchemaValidatorConfig;
  readonly kinesis: KinesisClient;
  readonly sqs: SQSClient;
  /** @default - putRecordsWithRetry's defaults */
  readonly putOptions?: PutRecordsWithRetryOptions;
  /** @default - sendDeadLetters' defaults */
  readonly deadLetterOptions?: SendDeadLettersOptions;
}

/** Counts of one batch, for metrics and logs. */
export interface ValidatorSummary {
  records: number;
  valid: number;
  invalid: number;
  deadLettered: number;
  retried: number;
}

/** A record failing the contract: one dead-letter reason per schema error, rule `json-schema`. */
export function schemaReasons(schema: unknown, value: unknown): DeadLetterReason[] {
  return validate(schema, value).map((error) => ({ rule: "json-schema", severity: "error", path: error.path, message: error.message }));
}

/**
 * Validates a Kinesis batch against the pipeline's JSON Schema: valid records go to the output
 * stream byte for byte (same partition key), invalid ones to the dead-letter store with their data
 * and every reason. Only what a retry can help (throttled writes, an unavailable store) is reported
 * as a batch item failure; nothing after the first such record is written, so a retry writes it once.
 */
export async function validateBatch(
  event: KinesisStreamEvent,
  deps: ValidatorDependencies,
): Promise<{ response: KinesisStreamBatchResponse; summary: ValidatorSummary }> {
  const records = event.Records;
  const summary: ValidatorSummary = { records: records.length, valid: 0, invalid: 0, deadLettered: 0, retried: 0 };
  const letters: Array<{ recordIndex: number; letter: DeadLetter }> = [];
  const outputs: Array<{ recordIndex: number; origin: RecordOrigin; data: Uint8Array }> = [];
  const retry = new Set<number>();

  for (const [recordIndex, record] of records.entries()) {
    for (const decoded of decodeKinesisRecord(record)) {
      if (!decoded.ok) {
        letters.push({ recordIndex, letter: { origin: decoded.origin, data: decoded.data, reasons: [recordReason(decoded.error.reason.toLowerCase().replace(/ /g, "_"), decoded.error.message)] } });
        continue;
      }
      const reasons = schemaReasons(deps.config.recordSchema, decoded.value);
      if (reasons.length > 0) letters.push({ recordIndex, letter: { origin: decoded.origin, data: decoded.data, reasons } });
      else outputs.push({ recordIndex, origin: decoded.origin, data: decoded.data });
    }
  }
  summary.invalid = letters.length;

  const put = await putRecordsWithRetry(deps.kinesis, deps.config.outputStream, outputs.map((o) => ({ partitionKey: o.origin.partitionKey, data: o.data })), deps.putOptions);
  for (const failure of put.failed) {
    const sent = outputs[failure.index]!;
    if (failure.errorCode === "RecordTooLarge" || failure.errorCode === "InvalidPartitionKey") {
      letters.push({ recordIndex: sent.recordIndex, letter: { origin: sent.origin, data: sent.data, reasons: [recordReason("output_rejected", `${failure.errorCode}: ${failure.errorMessage}`)] } });
    } else {
      retry.add(sent.recordIndex);
    }
  }
  summary.valid = put.sent;

  // Kinesis retries from the lowest failed sequence number: records from there are handled again
  // by the retry, so their dead letters are left to it (stored once).
  const afterPut = retry.size > 0 ? Math.min(...retry) : records.length;
  const toStore = letters.filter((l) => l.recordIndex < afterPut);
  const stored = await sendDeadLetters(deps.sqs, deps.config.deadLetterQueueUrl, toStore.map((l) => l.letter), deps.deadLetterOptions);
  for (const failure of stored.failed) retry.add(toStore[failure.index]!.recordIndex);
  summary.deadLettered = stored.stored;

  const checkpoint = retry.size > 0 ? Math.min(...retry) : records.length;
  const failed = records.slice(checkpoint).map((record) => ({ itemIdentifier: record.kinesis.sequenceNumber }));
  summary.retried = failed.length;
  return { response: { batchItemFailures: failed }, summary };
}
