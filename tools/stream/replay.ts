import { randomUUID } from "node:crypto";
import { GetRecordsCommand, GetShardIteratorCommand, type _Record, type KinesisClient } from "@aws-sdk/client-kinesis";
import { putRecordsWithRetry, type PutRecordsWithRetryOptions, type PutTarget } from "../../functions/shared/kinesis-put";
import { deaggregate, type UserRecord } from "../../functions/shared/kpl";
import { parseStreamArn } from "./aws";
import { assembleMalformed, parseReplayMessage, type FailedBatch, type IncompleteRecord, type MalformedPart } from "./replay-messages";
import { compareSequenceNumbers } from "./shards";
import { formatTailRecord } from "./tail";

/** What was found of a failed batch. `expired`: nothing left; `partial`: some records trimmed or missing. */
export interface BatchOutcome {
  readonly batch: FailedBatch;
  readonly status: "complete" | "partial" | "expired";
  /** The Kinesis records of the range still in the stream, in order. */
  readonly records: _Record[];
  /** Records of the batch not found (batchSize less found, at least 0). */
  readonly missing: number;
  readonly detail?: string;
}

const nameOf = (error: unknown): string => (error as { name?: string }).name ?? "Error";

/**
 * Fetches the records of a failed batch while retention lasts: GetShardIterator AT_SEQUENCE_NUMBER
 * at its first sequence number, then GetRecords up to its last. A range whose start was trimmed
 * (the first record read is later than it), whose shard is gone, or with fewer records than the
 * batch size is reported as partial or expired, never silently shortened.
 */
export async function fetchFailedBatch(client: KinesisClient, batch: FailedBatch, options: { maxEmptyReads?: number } = {}): Promise<BatchOutcome> {
  const stream = parseStreamArn(batch.streamArn);
  if (!stream) return { batch, status: "expired", records: [], missing: batch.batchSize, detail: `streamArn ${batch.streamArn} is not a Kinesis stream ARN` };
  const records: _Record[] = [];
  const iteratorAt = async (type: "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER", sequenceNumber: string) =>
    (await client.send(new GetShardIteratorCommand({ StreamName: stream.streamName, ShardId: batch.shardId, ShardIteratorType: type, StartingSequenceNumber: sequenceNumber }))).ShardIterator;
  const outcome = (detail?: string): BatchOutcome => {
    const missing = Math.max(0, batch.batchSize - records.length);
    const trimmed = records.length > 0 && records[0]!.SequenceNumber !== batch.startSequenceNumber;
    const status = records.length === 0 ? "expired" : missing > 0 || trimmed ? "partial" : "complete";
    const why = detail ?? (status === "expired" ? "no record of the range is left (past retention)" : trimmed ? "the start of the range was trimmed (past retention)" : missing > 0 ? `${missing} records of the range are missing` : undefined);
    return { batch, status, records, missing, ...(why !== undefined ? { detail: why } : {}) };
  };

  let iterator: string | undefined;
  try {
    iterator = await iteratorAt("AT_SEQUENCE_NUMBER", batch.startSequenceNumber);
  } catch (error) {
    const name = nameOf(error);
    if (name === "ResourceNotFoundException") return outcome(`shard ${batch.shardId} of ${stream.streamName} no longer exists (stream deleted or shard past retention)`);
    if (name === "InvalidArgumentException") return outcome(`the range cannot be read: ${(error as Error).message}`);
    throw error;
  }
  let emptyReads = 0;
  let expiredOnce = false;
  while (iterator !== undefined && emptyReads < (options.maxEmptyReads ?? 5)) {
    let response;
    try {
      response = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: Math.min(10_000, batch.batchSize + 1) }));
    } catch (error) {
      if (nameOf(error) !== "ExpiredIteratorException" || expiredOnce) return outcome(`${nameOf(error)} while reading the range: ${(error as Error).message}`);
      expiredOnce = true;
      const last = records.at(-1)?.SequenceNumber;
      iterator = last ? await iteratorAt("AFTER_SEQUENCE_NUMBER", last) : await iteratorAt("AT_SEQUENCE_NUMBER", batch.startSequenceNumber);
      continue;
    }
    const page = response.Records ?? [];
    for (const record of page) {
      if (compareSequenceNumbers(record.SequenceNumber!, batch.endSequenceNumber) > 0) return outcome();
      if (compareSequenceNumbers(record.SequenceNumber!, batch.startSequenceNumber) >= 0) records.push(record);
    }
    if (page.length === 0 && (response.MillisBehindLatest ?? 0) === 0) break;
    emptyReads = page.length === 0 ? emptyReads + 1 : 0;
    iterator = response.NextShardIterator ?? undefined;
  }
  return outcome();
}

/** One message to replay, with a label for reports (`line 3`, an SQS message id). */
export interface ReplayInput {
  readonly label: string;
  readonly text: string;
}

/** Options of {@link replay}. */
export interface ReplayOptions {
  /** `print`: write the records as JSON lines; `put`: write them back to a stream. */
  readonly mode: "print" | "put";
  /**
   * Stream the records are re-put to.
   * @default - the stream they came from (the batch's streamArn, the malformed record's eventSourceArn)
   */
  readonly target?: PutTarget;
  /**
   * Retry settings of the re-put.
   * @default - putRecordsWithRetry's defaults
   */
  readonly retry?: Omit<PutRecordsWithRetryOptions, "onBatch">;
  /**
   * Receives each printed record as a JSON line (mode `print`).
   * @default - nothing is called
   */
  readonly onRecord?: (line: string) => void;
}

/** Outcome of {@link replay}. */
export interface ReplayReport {
  readonly batches: Array<{ label: string; shardId: string; startSequenceNumber: string; endSequenceNumber: string; expected: number; found: number; status: BatchOutcome["status"]; detail?: string }>;
  /** Malformed records re-driven (or printed). */
  readonly malformed: number;
  /** Malformed records missing some of their parts. */
  readonly incomplete: IncompleteRecord[];
  readonly invalid: Array<{ label: string; reason: string }>;
  /** Records re-put (mode `put`). */
  readonly sent: number;
  readonly failed: Array<{ errorCode: string; errorMessage: string; partitionKey: string }>;
  /** Labels of the messages fully handled: safe to delete from their queue. */
  readonly done: string[];
}

function sourceTarget(source: Readonly<Record<string, unknown>>): PutTarget | undefined {
  const arn = typeof source.eventSourceArn === "string" ? source.eventSourceArn : typeof source.streamArn === "string" ? source.streamArn : undefined;
  const parsed = arn ? parseStreamArn(arn) : undefined;
  return parsed ? { streamName: parsed.streamName } : undefined;
}

/**
 * Replays dead-letter messages: failed Lambda batches are fetched from the stream by sequence
 * number, malformed-record messages are re-assembled from their parts; the records are then
 * printed or re-put (original partition keys and bytes, KPL aggregates kept whole).
 */
export async function replay(client: KinesisClient, inputs: Iterable<ReplayInput> | AsyncIterable<ReplayInput>, options: ReplayOptions): Promise<ReplayReport> {
  const report: ReplayReport = { batches: [], malformed: 0, incomplete: [], invalid: [], sent: 0, failed: [], done: [] };
  const parts: Array<{ label: string; part: MalformedPart }> = [];
  const send = async (target: PutTarget, records: UserRecord[]): Promise<boolean> => {
    const result = await putRecordsWithRetry(client, target, records, options.retry ?? {});
    (report as { sent: number }).sent += result.sent;
    report.failed.push(...result.failed.map((f) => ({ errorCode: f.errorCode, errorMessage: f.errorMessage, partitionKey: f.record.partitionKey })));
    return result.failed.length === 0;
  };
  for await (const input of inputs) {
    const message = parseReplayMessage(input.text);
    if (message.kind === "invalid") report.invalid.push({ label: input.label, reason: message.reason });
    if (message.kind === "malformed") parts.push({ label: input.label, part: message.part });
    if (message.kind !== "batch") continue;
    const outcome = await fetchFailedBatch(client, message.batch);
    const { batch } = outcome;
    report.batches.push({
      label: input.label,
      shardId: batch.shardId,
      startSequenceNumber: batch.startSequenceNumber,
      endSequenceNumber: batch.endSequenceNumber,
      expected: batch.batchSize,
      found: outcome.records.length,
      status: outcome.status,
      ...(outcome.detail !== undefined ? { detail: outcome.detail } : {}),
    });
    let ok = outcome.status === "complete";
    if (options.mode === "print") {
      for (const record of outcome.records) {
        for (const user of deaggregate({ partitionKey: record.PartitionKey!, data: record.Data!, sequenceNumber: record.SequenceNumber }))
          options.onRecord?.(formatTailRecord({ ...user, shardId: batch.shardId, sequenceNumber: record.SequenceNumber!, ...(record.ApproximateArrivalTimestamp ? { approximateArrivalTimestamp: record.ApproximateArrivalTimestamp } : {}) }));
      }
    } else if (outcome.records.length > 0) {
      const target = options.target ?? { streamName: parseStreamArn(batch.streamArn)!.streamName };
      ok = (await send(target, outcome.records.map((r) => ({ partitionKey: r.PartitionKey!, data: r.Data! })))) && ok;
    }
    if (ok) report.done.push(input.label);
  }

  const assembled = assembleMalformed(parts.map((p) => p.part));
  report.incomplete.push(...assembled.incomplete);
  for (const m of assembled.mismatched) report.invalid.push({ label: `malformed record ${JSON.stringify(m.source)}`, reason: `refused: ${m.reason}` });
  const labelsOf = (recordId: string) => parts.filter((p) => p.part.recordId === recordId).map((p) => p.label);
  for (const record of assembled.records) {
    (report as { malformed: number }).malformed++;
    if (options.mode === "print") {
      const data = Buffer.from(record.data).toString("utf8");
      options.onRecord?.(JSON.stringify({ reasons: record.reasons, source: record.source, data }));
      report.done.push(...labelsOf(record.recordId));
      continue;
    }
    const target = options.target ?? sourceTarget(record.source);
    if (!target) {
      report.invalid.push({ label: "malformed record", reason: "its source names no stream: pass --stream or --env and --pipeline" });
      continue;
    }
    const partitionKey = typeof record.source.partitionKey === "string" && record.source.partitionKey !== "" ? record.source.partitionKey : randomUUID();
    // A record's parts are acknowledged together, once it is re-put: a missing part keeps them all for a later run.
    if (await send(target, [{ partitionKey, data: record.data }])) report.done.push(...labelsOf(record.recordId));
  }
  return report;
}
