import { isUtf8 } from "node:buffer";
import type { KinesisStreamRecord } from "aws-lambda";
import { deaggregate, KPL_MAGIC } from "./kpl";

/** Why a record's data could not be turned into a value. */
export type DecodeReason = "not base64" | "not JSON" | "too large" | "empty aggregate";

/** A record whose data is not a JSON value we accept. */
export class DecodeError extends Error {
  override readonly name = "DecodeError";
  constructor(
    readonly reason: DecodeReason,
    message: string,
  ) {
    super(message);
  }
}

/** Where one user record comes from: enough to find it again in the stream. */
export interface RecordOrigin {
  /** `shardId-...:sequenceNumber`, as Lambda gives it. */
  eventId: string;
  eventSourceArn: string;
  partitionKey: string;
  sequenceNumber: string;
  /** Position inside a KPL aggregated record; 0 for a plain record. */
  subSequenceNumber: number;
  approximateArrivalTimestamp: number;
}

/** The shard id Lambda puts before the sequence number in `eventID`. */
export function shardIdOf(origin: RecordOrigin): string {
  const colon = origin.eventId.indexOf(":");
  return colon > 0 ? origin.eventId.slice(0, colon) : "unknown-shard";
}

/** One user record, decoded or not. `data` is the user record's raw bytes (for dead-lettering), `text` its JSON. */
export type DecodedRecord =
  | { ok: true; origin: RecordOrigin; data: Uint8Array; value: unknown; text: string }
  | { ok: false; origin: RecordOrigin; data: Uint8Array; error: DecodeError };

/** Options of {@link decodeKinesisRecord}. */
export interface DecodeOptions {
  /**
   * Largest user record accepted, in bytes; bigger ones fail with "too large".
   * @default 1_048_576
   */
  maxBytes?: number;
}


function base64Padding(text: string): number {
  if (text.endsWith("==")) return 2;
  return text.endsWith("=") ? 1 : 0;
}

/**
 * Buffer.from silently skips characters outside the alphabet, so a wrong decoded length is how an
 * invalid string shows; this costs nothing next to a regular expression over a 1 MiB string.
 */
function decodeBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, "base64");
  return bytes.length === (text.length / 4) * 3 - base64Padding(text) ? bytes : undefined;
}

function parse(data: Uint8Array, maxBytes: number): { ok: true; value: unknown; text: string } | { ok: false; error: DecodeError } {
  if (data.length > maxBytes) return { ok: false, error: new DecodeError("too large", `record is ${data.length} bytes, at most ${maxBytes} accepted`) };
  if (!isUtf8(data)) return { ok: false, error: new DecodeError("not JSON", "data is not valid UTF-8") };
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8");
  try {
    return { ok: true, value: JSON.parse(text), text };
  } catch (error) {
    return { ok: false, error: new DecodeError("not JSON", (error as Error).message) };
  }
}

/**
 * Decodes a Lambda Kinesis record: base64, KPL de-aggregation, UTF-8, JSON.parse. One result per
 * user record (several for a KPL aggregate), each either a value or a {@link DecodeError}; never
 * throws. Deliberately plain: Powertools' Base64Encoded helper tries a gunzip per record first.
 */
export function decodeKinesisRecord(record: KinesisStreamRecord, options: DecodeOptions = {}): DecodedRecord[] {
  const maxBytes = options.maxBytes ?? 1_048_576;
  const { kinesis } = record;
  const bytes = decodeBase64(kinesis.data);
  if (!bytes) {
    const origin = originOf(record, kinesis.partitionKey, 0);
    return [{ ok: false, origin, data: Buffer.from(kinesis.data, "utf8"), error: new DecodeError("not base64", "data is not valid base64") }];
  }
  // Most records are plain JSON: skip the KPL parse (and its arrays) unless the magic is there.
  const users = bytes[0] === KPL_MAGIC[0] ? deaggregate({ partitionKey: kinesis.partitionKey, data: bytes }) : [{ partitionKey: kinesis.partitionKey, data: bytes, subSequenceNumber: 0 }];
  // A valid aggregate of zero user records would otherwise leave no trace at all.
  if (users.length === 0) {
    const origin = originOf(record, kinesis.partitionKey, 0);
    return [{ ok: false, origin, data: bytes, error: new DecodeError("empty aggregate", "KPL aggregate holds no user record") }];
  }
  const results: DecodedRecord[] = [];
  for (const user of users) {
    const origin = originOf(record, user.partitionKey, user.subSequenceNumber);
    const parsed = parse(user.data, maxBytes);
    results.push(parsed.ok ? { ok: true, origin, data: user.data, value: parsed.value, text: parsed.text } : { ok: false, origin, data: user.data, error: parsed.error });
  }
  return results;
}

function originOf(record: KinesisStreamRecord, partitionKey: string, subSequenceNumber: number): RecordOrigin {
  return {
    eventId: record.eventID,
    eventSourceArn: record.eventSourceARN,
    partitionKey,
    sequenceNumber: record.kinesis.sequenceNumber,
    subSequenceNumber,
    approximateArrivalTimestamp: record.kinesis.approximateArrivalTimestamp,
  };
}
