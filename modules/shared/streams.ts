import type { Grantee } from "./policy";

/**
 * A Kinesis data stream a module reads by polling: the part of kinesis-ingest's `IKinesisStream`
 * the readers (Firehose, Flink, Lambda) need, so a stream created there, or imported from another
 * stack, is passed as is.
 */
export interface ReadableKinesisStream {
  /** `arn:<partition>:kinesis:<region>:<account>:stream/<streamName>` */
  readonly streamArn: string;
  readonly streamName: string;
  /** Grants polling reads (DescribeStream, GetShardIterator, GetRecords, ListShards) and `kms:Decrypt` for a customer key. */
  grantRead(grantee: Grantee): void;
}

/** A Kinesis data stream a module writes to (kinesis-ingest's `IKinesisStream` fits). */
export interface WritableKinesisStream {
  readonly streamArn: string;
  readonly streamName: string;
  /** Grants kinesis:PutRecord and kinesis:PutRecords, plus kms:GenerateDataKey when the stream uses a customer key. */
  grantWrite(grantee: Grantee): void;
}
