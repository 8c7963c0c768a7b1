import { createHash } from "node:crypto";
/** What a Lambda Kinesis trigger's SQS or SNS on-failure destination receives: where the failed batch is, not its records. */
export interface FailedBatch {
  readonly shardId: string;
  readonly startSequenceNumber: string;
  /** Inclusive. */
  readonly endSequenceNumber: string;
  /** Kinesis records in the batch. */
  readonly batchSize: number;
  readonly streamArn: string;
  readonly approximateArrivalOfFirstRecord?: string;
  readonly approximateArrivalOfLastRecord?: string;
  /** The function whose mapping gave up on the batch (`requestContext.functionArn`). */
  readonly functionArn?: string;
}

/**
 * What a stream mapping's S3 on-failure destination stores: the invocation record and, in
 * `payload`, the whole event of the last invocation (every record with its data).
 */
export interface StoredInvocation {
  /** The function whose mapping gave up on the batch (`requestContext.functionArn`). */
  readonly functionArn?: string;
  /** `KinesisBatchInfo` or `DDBStreamBatchInfo`. */
  readonly batch: FailedBatch;
  /** The Lambda event records, as the function received them. */
  readonly records: readonly unknown[];
}

/** One part of a record kept by a handler's dead-letter store (functions/shared/dead-letter.ts). */
export interface MalformedPart {
  /** Parts of one record share it. */
  readonly recordId: string;
  readonly producer?: string;
  readonly reasons: ReadonlyArray<{ readonly rule: string; readonly severity?: string; readonly path?: string; readonly message: string }>;
  /** Where the record came from: eventSourceArn, shardId, partitionKey, sequenceNumber, ... */
  readonly source: Readonly<Record<string, unknown>>;
  readonly failedAt?: string;
  /** This part's bytes, base64. */
  readonly data: string;
  readonly part: number;
  readonly parts: number;
  /** Size, SHA-256 and split point of the whole record (dead-letter/1 messages written since they were added). */
  readonly dataBytes?: number;
  readonly dataSha256?: string;
  readonly partBytes?: number;
}

/** A message understood by replay, or why it was not. */
export type ReplayMessage =
  | { readonly kind: "batch"; readonly batch: FailedBatch }
  | { readonly kind: "invocation"; readonly invocation: StoredInvocation }
  | { readonly kind: "malformed"; readonly part: MalformedPart }
  | { readonly kind: "invalid"; readonly reason: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isDecimal = (value: unknown): value is string => typeof value === "string" && /^\d{1,128}$/.test(value);

function batchOf(info: Record<string, unknown>, message: Record<string, unknown> = {}): ReplayMessage {
  const { shardId, startSequenceNumber, endSequenceNumber, batchSize, streamArn } = info;
  if (typeof shardId !== "string" || !/^shardId-\d{12}$/.test(shardId)) return { kind: "invalid", reason: "KinesisBatchInfo.shardId must look like shardId-000000000000" };
  if (!isDecimal(startSequenceNumber) || !isDecimal(endSequenceNumber)) return { kind: "invalid", reason: "KinesisBatchInfo sequence numbers must be decimal strings" };
  if (BigInt(startSequenceNumber) > BigInt(endSequenceNumber)) return { kind: "invalid", reason: "KinesisBatchInfo.startSequenceNumber is after endSequenceNumber" };
  if (typeof batchSize !== "number" || !Number.isInteger(batchSize) || batchSize < 1) return { kind: "invalid", reason: "KinesisBatchInfo.batchSize must be a positive whole number" };
  if (typeof streamArn !== "string") return { kind: "invalid", reason: "KinesisBatchInfo.streamArn is missing" };
  const batch: FailedBatch = {
    shardId,
    startSequenceNumber,
    endSequenceNumber,
    batchSize,
    streamArn,
    ...(typeof info.approximateArrivalOfFirstRecord === "string" ? { approximateArrivalOfFirstRecord: info.approximateArrivalOfFirstRecord } : {}),
    ...(typeof info.approximateArrivalOfLastRecord === "string" ? { approximateArrivalOfLastRecord: info.approximateArrivalOfLastRecord } : {}),
    ...functionArnOf(message),
  };
  return { kind: "batch", batch };
}

function functionArnOf(message: Record<string, unknown>): { functionArn?: string } {
  const context = message.requestContext;
  return isObject(context) && typeof context.functionArn === "string" && context.functionArn !== "" ? { functionArn: context.functionArn } : {};
}

/**
 * An S3 on-failure object: the invocation record with `payload`, the whole event as a JSON string
 * (kinesis-on-failure-destination in the Lambda developer guide). Its records are kept as Lambda
 * gave them: shard, sequence numbers and data.
 */
function storedInvocationOf(value: Record<string, unknown>): ReplayMessage {
  const info = isObject(value.KinesisBatchInfo) ? value.KinesisBatchInfo : isObject(value.DDBStreamBatchInfo) ? value.DDBStreamBatchInfo : undefined;
  if (!info) return { kind: "invalid", reason: "an on-failure object with a payload needs KinesisBatchInfo or DDBStreamBatchInfo" };
  let event: unknown;
  try {
    event = typeof value.payload === "string" ? JSON.parse(value.payload) : value.payload;
  } catch (error) {
    return { kind: "invalid", reason: `its payload is not JSON: ${(error as Error).message}` };
  }
  const records = isObject(event) ? event.Records : undefined;
  if (!Array.isArray(records) || records.length === 0) return { kind: "invalid", reason: "its payload has no Records" };
  const shardId = typeof info.shardId === "string" ? info.shardId : "";
  const streamArn = typeof info.streamArn === "string" ? info.streamArn : "";
  const batchSize = typeof info.batchSize === "number" ? info.batchSize : records.length;
  const start = typeof info.startSequenceNumber === "string" ? info.startSequenceNumber : "";
  const end = typeof info.endSequenceNumber === "string" ? info.endSequenceNumber : "";
  const batch: FailedBatch = { shardId, startSequenceNumber: start, endSequenceNumber: end, batchSize, streamArn, ...functionArnOf(value) };
  return { kind: "invocation", invocation: { ...functionArnOf(value), batch, records } };
}

function partNumbers(part: unknown, parts: unknown): { part: number; parts: number } | string {
  const partNumber = part === undefined ? 1 : part;
  const partCount = parts === undefined ? 1 : parts;
  if (typeof partNumber !== "number" || typeof partCount !== "number" || !Number.isInteger(partNumber) || !Number.isInteger(partCount) || partNumber < 1 || partNumber > partCount) {
    return `part must be between 1 and parts, got ${String(part)} of ${String(parts)}`;
  }
  return { part: partNumber, parts: partCount };
}

const isReason = (r: unknown): r is MalformedPart["reasons"][number] => isObject(r) && typeof r.rule === "string" && typeof r.message === "string";
const optional = (value: Record<string, unknown>, key: "producer" | "failedAt") => (typeof value[key] === "string" ? { [key]: value[key] as string } : {});

/** A `dead-letter/1` message: the one format the handlers write. */
function deadLetterOf(value: Record<string, unknown>): ReplayMessage {
  const { recordId, reasons, source, data } = value;
  if (typeof recordId !== "string" || !Array.isArray(reasons) || !reasons.every(isReason) || !isObject(source) || typeof data !== "string") {
    return { kind: "invalid", reason: "a dead-letter/1 message needs recordId, reasons, source and data" };
  }
  const numbers = partNumbers(value.part, value.parts);
  if (typeof numbers === "string") return { kind: "invalid", reason: numbers };
  const check = {
    ...(typeof value.dataBytes === "number" ? { dataBytes: value.dataBytes } : {}),
    ...(typeof value.dataSha256 === "string" ? { dataSha256: value.dataSha256 } : {}),
    ...(typeof value.partBytes === "number" ? { partBytes: value.partBytes } : {}),
  };
  return { kind: "malformed", part: { recordId, reasons, source, data, ...numbers, ...check, ...optional(value, "producer"), ...optional(value, "failedAt") } };
}

/** The format enrichment and fraud-detector wrote before dead-letter/1 (reason, detail, dataBase64, source). */
function legacySplitOf(value: Record<string, unknown>): ReplayMessage {
  const { reason, detail, dataBase64, source } = value;
  if (typeof reason !== "string" || typeof dataBase64 !== "string" || !isObject(source)) {
    return { kind: "invalid", reason: "a malformed-record message needs reason, dataBase64 and source" };
  }
  const numbers = partNumbers(value.part, value.parts);
  if (typeof numbers === "string") return { kind: "invalid", reason: numbers };
  const recordId = JSON.stringify([value.producer, value.failedAt, source]);
  const reasons = [{ rule: reason, message: typeof detail === "string" ? detail : "" }];
  return { kind: "malformed", part: { recordId, reasons, source, data: dataBase64, ...numbers, ...optional(value, "producer"), ...optional(value, "failedAt") } };
}

/** The format stream-processor wrote before dead-letter/1: flat position, `data` cut when `truncated`. */
function legacyFlatOf(value: Record<string, unknown>): ReplayMessage {
  const { eventSourceArn, shardId, partitionKey, sequenceNumber, subSequenceNumber, reasons, data } = value;
  if (typeof eventSourceArn !== "string" || typeof sequenceNumber !== "string" || !Array.isArray(reasons) || !reasons.every(isReason) || typeof data !== "string") {
    return { kind: "invalid", reason: "a stream-processor message needs eventSourceArn, sequenceNumber, reasons and data" };
  }
  if (value.truncated === true) {
    return { kind: "invalid", reason: `its data was cut: read the record from ${String(shardId)} at sequence number ${sequenceNumber} (sub-sequence ${String(subSequenceNumber)}) while the stream retains it` };
  }
  const source = { eventSourceArn, shardId, partitionKey, sequenceNumber, subSequenceNumber };
  return { kind: "malformed", part: { recordId: JSON.stringify(source), reasons, source, data, part: 1, parts: 1 } };
}

function interpret(value: unknown, depth: number): ReplayMessage {
  if (!isObject(value)) return { kind: "invalid", reason: "expected a JSON object" };
  if ((isObject(value.KinesisBatchInfo) || isObject(value.DDBStreamBatchInfo)) && value.payload !== undefined) return storedInvocationOf(value);
  if (isObject(value.KinesisBatchInfo)) return batchOf(value.KinesisBatchInfo, value);
  if (value.format === "dead-letter/1") return deadLetterOf(value);
  if ("dataBase64" in value && "reason" in value) return legacySplitOf(value);
  if ("reasons" in value && "data" in value && "sequenceNumber" in value) return legacyFlatOf(value);
  // An SQS message as `aws sqs receive-message` prints it, or an SNS notification delivered to SQS.
  const wrapped = typeof value.Body === "string" ? value.Body : value.Type === "Notification" && typeof value.Message === "string" ? value.Message : undefined;
  if (wrapped !== undefined && depth < 3) return parseReplayMessage(wrapped, depth + 1);
  return { kind: "invalid", reason: "neither a Lambda on-failure record (KinesisBatchInfo) nor a dead-letter message (format dead-letter/1)" };
}

/**
 * Reads one dead-letter message: a Lambda on-failure record (`KinesisBatchInfo`), a message of a
 * handler's dead-letter store (`dead-letter/1`, or the two formats written before it), or either wrapped in an SQS message (`Body`) or an SNS notification (`Message`).
 */
export function parseReplayMessage(text: string, depth = 0): ReplayMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: "invalid", reason: `not JSON: ${(error as Error).message}` };
  }
  return interpret(value, depth);
}

/** A malformed record put back together from its parts. */
export interface MalformedRecord {
  readonly recordId: string;
  /** The function that dead-lettered it: the consumer replay hands it back to. */
  readonly producer?: string;
  readonly reasons: MalformedPart["reasons"];
  readonly source: Readonly<Record<string, unknown>>;
  readonly data: Uint8Array;
}

/** A record some of whose parts were not read. */
export interface IncompleteRecord {
  readonly recordId: string;
  readonly source: Readonly<Record<string, unknown>>;
  readonly got: number;
  readonly parts: number;
}

/**
 * Joins the parts of dead-letter messages (a record bigger than one SQS message is split), grouped
 * by `recordId`; a part read twice (a record dead-lettered again after a retried batch) counts once.
 * Returns the whole records and the records still missing parts.
 */
export function assembleMalformed(parts: readonly MalformedPart[]): { records: MalformedRecord[]; incomplete: IncompleteRecord[]; mismatched: MismatchedRecord[] } {
  // Parts join only with parts of the same split (partBytes) of the same bytes (dataSha256): two
  // attempts may cut a record at different points, and mixing them would rebuild another record.
  const groups = new Map<string, MalformedPart[]>();
  for (const part of parts) {
    const key = JSON.stringify([part.recordId, part.partBytes ?? null, part.dataSha256 ?? null, part.parts]);
    groups.set(key, [...(groups.get(key) ?? []), part]);
  }
  const records = new Map<string, MalformedRecord>();
  const incomplete = new Map<string, IncompleteRecord>();
  const mismatched: MismatchedRecord[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const { recordId } = first;
    if (records.has(recordId)) continue;
    const byNumber = new Map(group.map((p) => [p.part, p]));
    if (byNumber.size !== first.parts) {
      incomplete.set(recordId, { recordId, source: first.source, got: byNumber.size, parts: first.parts });
      continue;
    }
    const data = Buffer.concat(Array.from({ length: first.parts }, (_, i) => Buffer.from(byNumber.get(i + 1)!.data, "base64")));
    const why =
      first.dataBytes !== undefined && data.length !== first.dataBytes
        ? `parts join to ${data.length} bytes, the record had ${first.dataBytes}`
        : first.dataSha256 !== undefined && createHash("sha256").update(data).digest("hex") !== first.dataSha256
          ? "parts join to bytes whose SHA-256 is not the record's"
          : undefined;
    if (why !== undefined) {
      mismatched.push({ recordId, source: first.source, reason: why });
      continue;
    }
    incomplete.delete(recordId);
    records.set(recordId, { recordId, ...(first.producer !== undefined ? { producer: first.producer } : {}), reasons: first.reasons, source: first.source, data });
  }
  return { records: [...records.values()], incomplete: [...incomplete.values()].filter((i) => !records.has(i.recordId)), mismatched };
}

/** A record whose parts were all read but do not belong together (length or hash differ): refused, not replayed. */
export interface MismatchedRecord {
  readonly recordId: string;
  readonly source: Readonly<Record<string, unknown>>;
  readonly reason: string;
}
