import { PutRecordsCommand, type KinesisClient, type PutRecordsRequestEntry } from "@aws-sdk/client-kinesis";
import type { UserRecord } from "./kpl";
import { backoffDelayMs, sleep as defaultSleep } from "./retry";

/** PutRecords limits: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html */
export const PUT_RECORDS_MAX_ENTRIES = 500;
/** Request cap, data and partition keys included. */
export const PUT_RECORDS_MAX_BYTES = 5 * 1024 * 1024;
/** One record's cap, data and partition key included. */
export const RECORD_MAX_BYTES = 1024 * 1024;
const PARTITION_KEY_MAX_CHARS = 256;
const THROTTLING_ERRORS = new Set([
  "ProvisionedThroughputExceededException",
  "LimitExceededException",
  "ThrottlingException",
  "KMSThrottlingException",
  "InternalFailure",
  "ServiceUnavailable",
]);

/** Where the records go: a stream name or ARN (ARN preferred for cross-account). */
export interface PutTarget {
  streamName?: string;
  streamArn?: string;
}

/** Options of {@link putRecordsWithRetry}. */
export interface PutRecordsWithRetryOptions {
  /**
   * Total attempts for a record, the first included.
   * @default 8
   */
  maxAttempts?: number;
  /**
   * Backoff delay cap of the first retry (full jitter).
   * @default 50
   */
  baseDelayMs?: number;
  /**
   * Upper bound of a backoff delay.
   * @default 5000
   */
  maxDelayMs?: number;
  /**
   * How to wait between attempts (tests pass a no-op).
   * @default - setTimeout
   */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Called after each PutRecords call.
   * @default - nothing is called
   */
  onBatch?: (info: { attempt: number; sent: number; failed: number }) => void;
}

/** A record that did not land, with Kinesis' last word about it. */
export interface FailedPut {
  record: UserRecord;
  /** Position in the input array. */
  index: number;
  errorCode: string;
  errorMessage: string;
}

/** A record Kinesis accepted. */
export interface AcceptedPut {
  /** Position in the input array. */
  index: number;
  sequenceNumber: string;
  shardId: string;
}

/** Outcome of {@link putRecordsWithRetry}: `sent + failed.length` is always the input length. */
export interface PutRecordsResult {
  sent: number;
  failed: FailedPut[];
  /** One entry per record sent, in input order. */
  accepted: AcceptedPut[];
}

interface Pending {
  record: UserRecord;
  index: number;
  bytes: number;
  errorCode: string;
  errorMessage: string;
}

function recordBytes(record: UserRecord): number {
  return record.data.length + Buffer.byteLength(record.partitionKey, "utf8");
}

function isRetryable(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (e.name !== undefined && THROTTLING_ERRORS.has(e.name)) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  if (e.$retryable !== undefined || e.name === "TimeoutError") return true;
  // A network error (ECONNRESET, ETIMEDOUT...) never reached Kinesis: no HTTP status at all.
  return e.$metadata?.httpStatusCode === undefined && typeof e.code === "string";
}

/** Splits pending records, in order, into requests of at most 500 entries and 5 MiB. */
function* batches(pending: Pending[]): Generator<Pending[]> {
  let batch: Pending[] = [];
  let bytes = 0;
  for (const entry of pending) {
    if (batch.length === PUT_RECORDS_MAX_ENTRIES || bytes + entry.bytes > PUT_RECORDS_MAX_BYTES) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(entry);
    bytes += entry.bytes;
  }
  if (batch.length > 0) yield batch;
}

function toEntry(record: UserRecord): PutRecordsRequestEntry {
  const entry: PutRecordsRequestEntry = { PartitionKey: record.partitionKey, Data: record.data };
  if (record.explicitHashKey !== undefined) entry.ExplicitHashKey = record.explicitHashKey;
  return entry;
}

/**
 * Writes records with PutRecords, in calls of at most 500 records and 5 MiB, retrying only the
 * entries Kinesis failed (and whole calls refused by throttling or a 5xx) with full-jitter backoff,
 * keeping the order of what remains. A record over 1 MiB or with an invalid partition key is never
 * sent (it would fail the whole call) and comes back failed at once. Never throws for a record:
 * every input is either counted in `sent` or listed in `failed`; an error that no retry can fix
 * (access denied, no such stream) fails the records of that call without further attempts.
 */
export async function putRecordsWithRetry(
  client: KinesisClient,
  target: PutTarget,
  records: UserRecord[],
  options: PutRecordsWithRetryOptions = {},
): Promise<PutRecordsResult> {
  const maxAttempts = options.maxAttempts ?? 8;
  const wait = options.sleep ?? defaultSleep;
  const failed: FailedPut[] = [];
  let pending: Pending[] = [];
  for (const [index, record] of records.entries()) {
    const bytes = recordBytes(record);
    if (bytes > RECORD_MAX_BYTES) {
      failed.push({ record, index, errorCode: "RecordTooLarge", errorMessage: `record is ${bytes} bytes, Kinesis accepts at most ${RECORD_MAX_BYTES}` });
    } else if (record.partitionKey.length < 1 || record.partitionKey.length > PARTITION_KEY_MAX_CHARS) {
      failed.push({ record, index, errorCode: "InvalidPartitionKey", errorMessage: `partition key must be 1 to ${PARTITION_KEY_MAX_CHARS} characters, got ${record.partitionKey.length}` });
    } else {
      pending.push({ record, index, bytes, errorCode: "", errorMessage: "" });
    }
  }
  const accepted: AcceptedPut[] = [];
  for (let attempt = 1; attempt <= maxAttempts && pending.length > 0; attempt++) {
    if (attempt > 1) await wait(backoffDelayMs(attempt - 2, { baseMs: options.baseDelayMs, maxMs: options.maxDelayMs }));
    const retry: Pending[] = [];
    for (const batch of batches(pending)) {
      try {
        const response = await client.send(
          new PutRecordsCommand({ StreamName: target.streamName, StreamARN: target.streamArn, Records: batch.map((p) => toEntry(p.record)) }),
        );
        let batchFailed = 0;
        for (const [i, entry] of batch.entries()) {
          const result = response.Records?.[i];
          if (result?.ErrorCode || !result?.SequenceNumber) {
            entry.errorCode = result?.ErrorCode ?? "MissingResult";
            entry.errorMessage = result?.ErrorMessage ?? "PutRecords returned no result for this entry";
            retry.push(entry);
            batchFailed++;
          } else {
            accepted.push({ index: entry.index, sequenceNumber: result.SequenceNumber, shardId: result.ShardId ?? "" });
          }
        }
        options.onBatch?.({ attempt, sent: batch.length - batchFailed, failed: batchFailed });
      } catch (error) {
        const e = error as Error;
        for (const entry of batch) {
          entry.errorCode = e.name || "Error";
          entry.errorMessage = e.message;
        }
        options.onBatch?.({ attempt, sent: 0, failed: batch.length });
        if (isRetryable(error)) retry.push(...batch);
        else failed.push(...batch.map(({ record, index, errorCode, errorMessage }) => ({ record, index, errorCode, errorMessage })));
      }
    }
    pending = retry.sort((a, b) => a.index - b.index);
  }
  failed.push(...pending.map(({ record, index, errorCode, errorMessage }) => ({ record, index, errorCode, errorMessage })));
  failed.sort((a, b) => a.index - b.index);
  accepted.sort((a, b) => a.index - b.index);
  return { sent: accepted.length, failed, accepted };
}
