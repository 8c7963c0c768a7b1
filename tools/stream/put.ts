import { randomUUID } from "node:crypto";
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import type { PutRecordsWithRetryOptions, PutTarget } from "../../functions/shared/kinesis-put";
import { aggregateRecords, deaggregate, isAggregated, type UserRecord } from "../../functions/shared/kpl";
import type { InputLine } from "./input";
import type { ProgressState } from "./progress";
import { putRecordsConcurrently } from "./put-concurrently";

/** An input line that was not sent, and why. */
export interface BadLine {
  readonly lineNumber: number;
  readonly reason: string;
}

/** A line whose record Kinesis did not accept after every retry. */
export interface FailedLine {
  readonly lineNumber: number;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** Options of {@link putJsonLines}. */
export interface PutJsonLinesOptions {
  /**
   * Dotted path of the field whose value is the partition key (`device.id`).
   * @default - a random UUID per record, spreading records over all shards
   */
  readonly partitionKeyField?: string;
  /**
   * Packs records into KPL aggregated records before sending (consumers must de-aggregate).
   * @default false
   */
  readonly aggregate?: boolean;
  /**
   * Records read before a call to PutRecords with retry; bounds memory on large inputs.
   * @default 5000
   */
  readonly chunkRecords?: number;
  /**
   * PutRecords calls (500 records / 5 MiB each, each with its own retries) in flight at once.
   * @default 4
   */
  readonly concurrency?: number;
  /**
   * Retry settings passed to putRecordsWithRetry.
   * @default - its defaults (8 attempts, full-jitter backoff from 50 ms to 5 s)
   */
  readonly retry?: Omit<PutRecordsWithRetryOptions, "onBatch">;
  /**
   * Called for each line that cannot be sent, as soon as it is read.
   * @default - nothing is called
   */
  readonly onBadLine?: (bad: BadLine) => void;
  /**
   * Called after each PutRecords call and each chunk.
   * @default - nothing is called
   */
  readonly onProgress?: (state: ProgressState) => void;
}

/** Outcome of {@link putJsonLines}. Every non-blank line is in exactly one of sent, failed, badLines. */
export interface PutReport {
  readonly sent: number;
  readonly failed: FailedLine[];
  readonly badLines: BadLine[];
}

function fieldValue(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Builds the record of one line, or says why the line cannot be sent. */
export function recordOfLine(text: string, partitionKeyField: string | undefined): { record: UserRecord } | { reason: string } {
  const trimmed = text.trim();
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    return { reason: `not JSON: ${(error as Error).message}` };
  }
  let partitionKey: string = randomUUID();
  if (partitionKeyField !== undefined) {
    const key = fieldValue(value, partitionKeyField);
    if (key === undefined || key === null) return { reason: `partition key field ${partitionKeyField} is missing` };
    if (typeof key !== "string" && typeof key !== "number" && typeof key !== "boolean") {
      return { reason: `partition key field ${partitionKeyField} must be a string or a number, got ${Array.isArray(key) ? "array" : typeof key}` };
    }
    partitionKey = String(key);
    if (partitionKey.length === 0) return { reason: `partition key field ${partitionKeyField} is empty` };
  }
  return { record: { partitionKey, data: Buffer.from(trimmed, "utf8") } };
}

interface Chunk {
  records: UserRecord[];
  lineNumbers: number[];
}

/**
 * Sends JSON lines to a stream: one record per non-blank line, in PutRecords calls of up to 500
 * records and 5 MiB, `concurrency` of them in flight, with retries of the failed entries only
 * (putRecordsWithRetry). A line that is not JSON or lacks its partition key is reported and
 * skipped; the other lines still go.
 */
export async function putJsonLines(
  client: KinesisClient,
  target: PutTarget,
  lines: AsyncIterable<InputLine>,
  options: PutJsonLinesOptions = {},
): Promise<PutReport> {
  const chunkRecords = options.chunkRecords ?? 5000;
  const badLines: BadLine[] = [];
  const failed: FailedLine[] = [];
  let sent = 0;
  let bytesRead = 0;
  let chunk: Chunk = { records: [], lineNumbers: [] };
  let inFlightSent = 0;
  const progress = (): void => options.onProgress?.({ sent: sent + inFlightSent, failed: failed.length, badLines: badLines.length, bytesRead });

  const flush = async (): Promise<void> => {
    if (chunk.records.length === 0) return;
    const { records, lineNumbers } = chunk;
    chunk = { records: [], lineNumbers: [] };
    // With aggregation one Kinesis record carries several lines: remember which, to count and report them.
    const groups: number[][] = [];
    let outgoing = records;
    if (options.aggregate) {
      outgoing = aggregateRecords(records);
      let next = 0;
      for (const record of outgoing) {
        const count = isAggregated(record.data) ? deaggregate(record).length : 1;
        groups.push(lineNumbers.slice(next, next + count));
        next += count;
      }
    } else {
      for (const lineNumber of lineNumbers) groups.push([lineNumber]);
    }
    const result = await putRecordsConcurrently(
      client,
      target,
      outgoing,
      {
        ...options.retry,
        onBatch: (info) => {
          // Kinesis records, not lines, when aggregating: close enough for a progress bar.
          inFlightSent += info.sent;
          progress();
        },
      },
      options.concurrency ?? 4,
    );
    inFlightSent = 0;
    for (const accepted of result.accepted) sent += groups[accepted.index]?.length ?? 0;
    for (const failure of result.failed) {
      for (const lineNumber of groups[failure.index] ?? []) failed.push({ lineNumber, errorCode: failure.errorCode, errorMessage: failure.errorMessage });
    }
    progress();
  };

  for await (const line of lines) {
    bytesRead = line.bytesRead;
    if (line.text.trim() === "") continue;
    const built = recordOfLine(line.text, options.partitionKeyField);
    if ("reason" in built) {
      const bad = { lineNumber: line.lineNumber, reason: built.reason };
      badLines.push(bad);
      options.onBadLine?.(bad);
      continue;
    }
    chunk.records.push(built.record);
    chunk.lineNumbers.push(line.lineNumber);
    if (chunk.records.length >= chunkRecords) await flush();
  }
  await flush();
  failed.sort((a, b) => a.lineNumber - b.lineNumber);
  return { sent, failed, badLines };
}
