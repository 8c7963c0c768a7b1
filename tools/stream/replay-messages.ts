/** What a Lambda Kinesis trigger's on-failure destination receives: where the failed batch is, not its records. */
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
}

/** One part of a record kept by a handler's malformed-record store (functions/enrichment/dead-letter.ts). */
export interface MalformedPart {
  readonly producer?: string;
  readonly reason: string;
  readonly detail?: string;
  /** Where the record came from: eventSourceArn, partitionKey, sequenceNumber, ... */
  readonly source: Readonly<Record<string, unknown>>;
  readonly failedAt?: string;
  readonly dataBase64: string;
  readonly part: number;
  readonly parts: number;
}

/** A message understood by replay, or why it was not. */
export type ReplayMessage =
  | { readonly kind: "batch"; readonly batch: FailedBatch }
  | { readonly kind: "malformed"; readonly part: MalformedPart }
  | { readonly kind: "invalid"; readonly reason: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isDecimal = (value: unknown): value is string => typeof value === "string" && /^\d{1,128}$/.test(value);

function batchOf(info: Record<string, unknown>): ReplayMessage {
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
  };
  return { kind: "batch", batch };
}

function malformedOf(value: Record<string, unknown>): ReplayMessage {
  const { reason, dataBase64, source, part, parts } = value;
  if (typeof reason !== "string" || typeof dataBase64 !== "string" || !isObject(source)) {
    return { kind: "invalid", reason: "a malformed-record message needs reason, dataBase64 and source" };
  }
  const partNumber = typeof part === "number" ? part : 1;
  const partCount = typeof parts === "number" ? parts : 1;
  if (!Number.isInteger(partNumber) || !Number.isInteger(partCount) || partNumber < 1 || partNumber > partCount) {
    return { kind: "invalid", reason: `part must be between 1 and parts, got ${String(part)} of ${String(parts)}` };
  }
  return {
    kind: "malformed",
    part: {
      reason,
      dataBase64,
      source,
      part: partNumber,
      parts: partCount,
      ...(typeof value.producer === "string" ? { producer: value.producer } : {}),
      ...(typeof value.detail === "string" ? { detail: value.detail } : {}),
      ...(typeof value.failedAt === "string" ? { failedAt: value.failedAt } : {}),
    },
  };
}

function interpret(value: unknown, depth: number): ReplayMessage {
  if (!isObject(value)) return { kind: "invalid", reason: "expected a JSON object" };
  if (isObject(value.KinesisBatchInfo)) return batchOf(value.KinesisBatchInfo);
  if ("dataBase64" in value && "reason" in value) return malformedOf(value);
  // An SQS message as `aws sqs receive-message` prints it, or an SNS notification delivered to SQS.
  const wrapped = typeof value.Body === "string" ? value.Body : value.Type === "Notification" && typeof value.Message === "string" ? value.Message : undefined;
  if (wrapped !== undefined && depth < 3) return parseReplayMessage(wrapped, depth + 1);
  return { kind: "invalid", reason: "neither a Lambda on-failure record (KinesisBatchInfo) nor a malformed-record message (reason, dataBase64, source)" };
}

/**
 * Reads one dead-letter message: a Lambda on-failure record (`KinesisBatchInfo`), a message of the
 * malformed-record store, or either wrapped in an SQS message (`Body`) or an SNS notification (`Message`).
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
  readonly reason: string;
  readonly detail?: string;
  readonly source: Readonly<Record<string, unknown>>;
  readonly data: Uint8Array;
}

/**
 * Joins the parts of malformed-record messages (a record bigger than one SQS message is split).
 * Parts of one record share producer, failedAt and source. Returns the whole records and the
 * records still missing parts.
 */
export function assembleMalformed(parts: readonly MalformedPart[]): { records: MalformedRecord[]; incomplete: Array<{ source: Readonly<Record<string, unknown>>; got: number; parts: number }> } {
  const groups = new Map<string, MalformedPart[]>();
  for (const part of parts) {
    const key = JSON.stringify([part.producer, part.failedAt, part.source]);
    groups.set(key, [...(groups.get(key) ?? []), part]);
  }
  const records: MalformedRecord[] = [];
  const incomplete: Array<{ source: Readonly<Record<string, unknown>>; got: number; parts: number }> = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const byNumber = new Map(group.map((p) => [p.part, p]));
    if (byNumber.size !== first.parts) {
      incomplete.push({ source: first.source, got: byNumber.size, parts: first.parts });
      continue;
    }
    const base64 = Array.from({ length: first.parts }, (_, i) => byNumber.get(i + 1)!.dataBase64).join("");
    records.push({ reason: first.reason, source: first.source, data: Buffer.from(base64, "base64"), ...(first.detail !== undefined ? { detail: first.detail } : {}) });
  }
  return { records, incomplete };
}
