import { GetRecordsCommand, GetShardIteratorCommand, type _Record, type KinesisClient } from "@aws-sdk/client-kinesis";
import { deaggregate } from "../../functions/shared/kpl";
import { parseStreamArn } from "./aws";
import { invokeInOrder, sequenceNumberOf, type ConsumerInvoker, type ConsumerRecord } from "./consumer-invoker";
import { deadLetterShards, fromStreamRecord } from "./consumer-records";
import { assembleMalformed, parseReplayMessage, type FailedBatch, type IncompleteRecord, type MalformedPart, type StoredInvocation } from "./replay-messages";
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

/** One message to replay, with a label for reports (`line 3`, an SQS message id, an S3 key). */
export interface ReplayInput {
  readonly label: string;
  readonly text: string;
}

/** Options of {@link replay}. */
export interface ReplayOptions {
  /** `print`: write the records as JSON lines; `invoke`: hand them back to the consumer that failed. */
  readonly mode: "print" | "invoke";
  /**
   * Invokes the consumer (mode `invoke`).
   * @default - none: mode `invoke` needs one
   */
  readonly invoker?: ConsumerInvoker;
  /**
   * The consumer to hand every record to.
   * @default - the function named by each message (`requestContext.functionArn`, a dead letter's `producer`)
   */
  readonly functionName?: string;
  /**
   * Receives each printed record as a JSON line (mode `print`).
   * @default - nothing is called
   */
  readonly onRecord?: (line: string) => void;
}

/** What became of one stored batch, one range read back from the stream, or one shard's dead letters. */
export interface ReplayedBatch {
  readonly label: string;
  /** `on-failure store`: the records the S3 destination kept; `stream`: read back while retained; `dead letters`: the handler's dead-letter store. */
  readonly from: "on-failure store" | "stream" | "dead letters";
  readonly functionName?: string;
  readonly shardId: string;
  readonly firstSequenceNumber: string;
  readonly lastSequenceNumber: string;
  /** Records of the batch (Kinesis records; for dead letters, the records rebuilt). */
  readonly expected: number;
  readonly found: number;
  /** Records the consumer handled (mode `invoke`). */
  readonly recovered: number;
  readonly status: "recovered" | "printed" | "not recovered" | "partial" | "expired";
  readonly detail?: string;
}

/** Outcome of {@link replay}. */
export interface ReplayReport {
  readonly batches: ReplayedBatch[];
  /** Dead-lettered records re-assembled (handed back or printed). */
  readonly malformed: number;
  /** Dead-lettered records missing some of their parts. */
  readonly incomplete: IncompleteRecord[];
  readonly invalid: Array<{ label: string; reason: string }>;
  /** Records the consumers handled (mode `invoke`). */
  readonly recovered: number;
  /** Records handed back that the consumer did not handle. */
  readonly notRecovered: Array<{ functionName: string; shardId: string; sequenceNumber: string; detail: string }>;
  /** Labels of the messages fully handled: safe to delete from their queue or bucket. */
  readonly done: string[];
}

function printRecords(options: ReplayOptions, shardId: string, records: readonly ConsumerRecord[]): void {
  for (const { record } of records) {
    const kinesis = (record as { kinesis?: { partitionKey: string; sequenceNumber: string; data: string; approximateArrivalTimestamp?: number } }).kinesis;
    if (!kinesis) {
      options.onRecord?.(JSON.stringify(record));
      continue;
    }
    const arrival = kinesis.approximateArrivalTimestamp !== undefined ? { approximateArrivalTimestamp: new Date(kinesis.approximateArrivalTimestamp * 1000) } : {};
    for (const user of deaggregate({ partitionKey: kinesis.partitionKey, data: Buffer.from(kinesis.data, "base64"), sequenceNumber: kinesis.sequenceNumber }))
      options.onRecord?.(formatTailRecord({ ...user, shardId, sequenceNumber: kinesis.sequenceNumber, ...arrival }));
  }
}

function storedRecords(invocation: StoredInvocation): ConsumerRecord[] | string {
  const records: ConsumerRecord[] = [];
  for (const record of invocation.records) {
    const sequenceNumber = sequenceNumberOf(record);
    if (sequenceNumber === undefined) return "a stored record has no sequence number (kinesis.sequenceNumber or dynamodb.SequenceNumber)";
    records.push({ record, sequenceNumber });
  }
  return records;
}

/**
 * Recovers records from where they were kept, and hands them back to the consumer that failed,
 * never to the shared stream (every other consumer would get them again):
 * - S3 on-failure objects: the stored event's records, exactly as the function received them;
 * - SQS/SNS on-failure records (`KinesisBatchInfo` only): the range read back from the stream
 *   while it retains it (reported partial or expired when it does not);
 * - dead-letter messages: records re-assembled from their parts (refused when the parts fail the
 *   length and hash check), at their original shard and sequence number.
 * Each shard's records go in order; a record the consumer reports failed, and every one after it
 * on that shard, is not recovered, and its message is not marked done.
 */
export async function replay(kinesis: KinesisClient | undefined, inputs: Iterable<ReplayInput> | AsyncIterable<ReplayInput>, options: ReplayOptions): Promise<ReplayReport> {
  if (options.mode === "invoke" && !options.invoker) throw new Error("replay: mode invoke needs an invoker");
  const report: ReplayReport = { batches: [], malformed: 0, incomplete: [], invalid: [], recovered: 0, notRecovered: [], done: [] };
  const parts: Array<{ label: string; part: MalformedPart }> = [];
  const handBack = async (functionName: string, shardId: string, records: readonly ConsumerRecord[]) => {
    const outcome = await invokeInOrder(options.invoker!, functionName, records);
    (report as { recovered: number }).recovered += outcome.recovered;
    for (const sequenceNumber of outcome.notRecovered) report.notRecovered.push({ functionName, shardId, sequenceNumber, detail: outcome.detail ?? "" });
    return outcome;
  };
  const deliver = async (label: string, from: ReplayedBatch["from"], fn: string | undefined, batch: FailedBatch, records: ConsumerRecord[], found: { status?: "partial" | "expired"; detail?: string } = {}) => {
    const base = { label, from, shardId: batch.shardId, firstSequenceNumber: records[0]?.sequenceNumber ?? batch.startSequenceNumber, lastSequenceNumber: records.at(-1)?.sequenceNumber ?? batch.endSequenceNumber, expected: batch.batchSize, found: records.length };
    if (options.mode === "print") {
      printRecords(options, batch.shardId, records);
      report.batches.push({ ...base, recovered: 0, status: found.status ?? "printed", ...(found.detail ? { detail: found.detail } : {}) });
      return found.status === undefined ? records.length : 0;
    }
    if (fn === undefined) {
      report.invalid.push({ label, reason: "it names no function (requestContext.functionArn): pass --function" });
      return 0;
    }
    const outcome = records.length > 0 ? await handBack(fn, batch.shardId, records) : { recovered: 0, notRecovered: [] };
    const status = outcome.notRecovered.length > 0 ? "not recovered" : found.status ?? "recovered";
    const detail = outcome.detail ?? found.detail;
    report.batches.push({ ...base, functionName: fn, recovered: outcome.recovered, status, ...(detail ? { detail } : {}) });
    return status === "recovered" ? records.length : outcome.recovered;
  };
  /** Marks a message done when every record of it was handled. */
  const settle = (label: string, handled: number, total: number) => {
    if (handled === total) report.done.push(label);
  };

  for await (const input of inputs) {
    const message = parseReplayMessage(input.text);
    if (message.kind === "invalid") report.invalid.push({ label: input.label, reason: message.reason });
    if (message.kind === "malformed") parts.push({ label: input.label, part: message.part });
    if (message.kind === "invocation") {
      const records = storedRecords(message.invocation);
      if (typeof records === "string") report.invalid.push({ label: input.label, reason: records });
      else settle(input.label, await deliver(input.label, "on-failure store", options.functionName ?? message.invocation.functionArn, message.invocation.batch, records), records.length);
    }
    if (message.kind !== "batch") continue;
    if (!kinesis) {
      report.invalid.push({ label: input.label, reason: "an on-failure record without its records (SQS/SNS destination) needs the stream to read them from" });
      continue;
    }
    const outcome = await fetchFailedBatch(kinesis, message.batch);
    const origin = { eventSourceArn: message.batch.streamArn, shardId: message.batch.shardId };
    const status = outcome.status === "complete" ? {} : { status: outcome.status, ...(outcome.detail ? { detail: outcome.detail } : {}) };
    const records = outcome.records.map((r) => fromStreamRecord(origin, r));
    const handled = await deliver(input.label, "stream", options.functionName ?? message.batch.functionArn, message.batch, records, status);
    if (outcome.status === "complete") settle(input.label, handled, records.length);
  }

  const assembled = assembleMalformed(parts.map((p) => p.part));
  report.incomplete.push(...assembled.incomplete);
  for (const m of assembled.mismatched) report.invalid.push({ label: `dead-lettered record ${JSON.stringify(m.source)}`, reason: `refused: ${m.reason}` });
  (report as { malformed: number }).malformed += assembled.records.length;
  const labelsOf = (recordIds: readonly string[]) => parts.filter((p) => recordIds.includes(p.part.recordId)).map((p) => p.label);
  const { shards, unplaced } = deadLetterShards(assembled.records, options.functionName);
  for (const u of unplaced) report.invalid.push({ label: `dead-lettered record ${u.recordId}`, reason: u.reason });
  for (const shard of shards) {
    const label = `dead letters of ${shard.functionName} from ${shard.shardId}`;
    const batch = { shardId: shard.shardId, startSequenceNumber: "", endSequenceNumber: "", batchSize: shard.records.length, streamArn: shard.eventSourceArn };
    if (options.mode === "print") {
      const ids = new Set([...shard.recordIds.values()].flat());
      for (const record of assembled.records.filter((r) => ids.has(r.recordId)))
        options.onRecord?.(JSON.stringify({ reasons: record.reasons, source: record.source, data: Buffer.from(record.data).toString("utf8") }));
      report.batches.push({ label, from: "dead letters", shardId: shard.shardId, firstSequenceNumber: shard.records[0]!.sequenceNumber, lastSequenceNumber: shard.records.at(-1)!.sequenceNumber, expected: shard.records.length, found: shard.records.length, recovered: 0, status: "printed" });
      report.done.push(...labelsOf([...ids]));
      continue;
    }
    const handled = await deliver(label, "dead letters", shard.functionName, batch, shard.records);
    // A record's parts are acknowledged together, once the consumer handled it: a failed record keeps them all.
    report.done.push(...labelsOf(shard.records.slice(0, handled).flatMap((r) => shard.recordIds.get(r.sequenceNumber) ?? [])));
  }
  return report;
}
