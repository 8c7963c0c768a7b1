import type { KinesisStreamEvent, KinesisStreamRecord } from "aws-lambda";
import { aggregateRecords, type UserRecord } from "../kpl";

/** Stream ARN the factories use unless told otherwise. */
export const TEST_STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/test-stream";

/** Fields of a factory-made record a test may set. */
export interface KinesisRecordOverrides {
  partitionKey?: string;
  sequenceNumber?: string;
  shardId?: string;
  eventSourceARN?: string;
  approximateArrivalTimestamp?: number;
  /** Raw `kinesis.data`, used as is (e.g. to send something that is not base64). */
  data?: string;
}

let sequence = 0n;

/** A fresh, increasing, realistic-looking 56-digit sequence number. */
export function nextSequenceNumber(): string {
  sequence += 1n;
  return (49_600_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000n + sequence).toString();
}

function toBytes(payload: unknown): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  if (typeof payload === "string") return Buffer.from(payload, "utf8");
  return Buffer.from(JSON.stringify(payload), "utf8");
}

/**
 * A Lambda Kinesis record carrying `payload`: an object is JSON-encoded, a string is sent as its
 * UTF-8 bytes (so `"{oops"` makes a not-JSON record), bytes are sent as they are.
 */
export function kinesisRecord(payload: unknown, overrides: KinesisRecordOverrides = {}): KinesisStreamRecord {
  const sequenceNumber = overrides.sequenceNumber ?? nextSequenceNumber();
  const shardId = overrides.shardId ?? "shardId-000000000000";
  return {
    awsRegion: "us-east-1",
    eventID: `${shardId}:${sequenceNumber}`,
    eventName: "aws:kinesis:record",
    eventSource: "aws:kinesis",
    eventSourceARN: overrides.eventSourceARN ?? TEST_STREAM_ARN,
    eventVersion: "1.0",
    invokeIdentityArn: "arn:aws:iam::123456789012:role/test-function",
    kinesis: {
      kinesisSchemaVersion: "1.0",
      partitionKey: overrides.partitionKey ?? "partition-1",
      sequenceNumber,
      approximateArrivalTimestamp: overrides.approximateArrivalTimestamp ?? 1_767_225_600,
      data: overrides.data ?? Buffer.from(toBytes(payload)).toString("base64"),
    },
  };
}

/** A record whose data is one KPL aggregate of `payloads` (each JSON-encoded like {@link kinesisRecord}). */
export function kplAggregatedRecord(payloads: unknown[], overrides: KinesisRecordOverrides = {}): KinesisStreamRecord {
  const users: UserRecord[] = payloads.map((payload, i) => ({ partitionKey: `${overrides.partitionKey ?? "partition"}-${i}`, data: toBytes(payload) }));
  const aggregated = aggregateRecords(users);
  if (aggregated.length !== 1) throw new Error(`payloads do not fit in one aggregated record (${aggregated.length})`);
  const [only] = aggregated;
  return kinesisRecord(only!.data, { ...overrides, partitionKey: only!.partitionKey });
}

/** A Lambda Kinesis event with these records. */
export function kinesisEvent(records: KinesisStreamRecord[]): KinesisStreamEvent {
  return { Records: records };
}
