import type { _Record as KinesisRecord } from "@aws-sdk/client-kinesis";
import type { KinesisStreamRecord } from "aws-lambda";

/** Where a batch comes from, for the records' envelope. */
export interface KinesisSource {
  readonly streamArn: string;
  readonly shardId: string;
  readonly region: string;
  /** The function's execution role: `invokeIdentityArn`. */
  readonly roleArn: string;
}

/**
 * A stream record in the shape Lambda delivers it: base64 data, schema version 1.0, the arrival
 * time in epoch seconds with millisecond precision, `eventID` `<shardId>:<sequenceNumber>`.
 */
export function lambdaKinesisRecord(record: KinesisRecord, source: KinesisSource): KinesisStreamRecord {
  const arrival = record.ApproximateArrivalTimestamp ?? new Date();
  return {
    kinesis: {
      kinesisSchemaVersion: "1.0",
      partitionKey: record.PartitionKey!,
      sequenceNumber: record.SequenceNumber!,
      data: Buffer.from(record.Data ?? new Uint8Array()).toString("base64"),
      approximateArrivalTimestamp: arrival.getTime() / 1000,
    },
    eventSource: "aws:kinesis",
    eventVersion: "1.0",
    eventID: `${source.shardId}:${record.SequenceNumber}`,
    eventName: "aws:kinesis:record",
    invokeIdentityArn: source.roleArn,
    awsRegion: source.region,
    eventSourceARN: source.streamArn,
  };
}

/** The stream of an enhanced fan-out consumer ARN (`.../stream/<name>/consumer/<consumer>:<ts>`), or the ARN itself. */
export function streamArnOf(eventSourceArn: string): string {
  const consumer = eventSourceArn.indexOf("/consumer/");
  return consumer < 0 ? eventSourceArn : eventSourceArn.slice(0, consumer);
}
