import type { Grantee } from "../shared/policy";
import type { ReadableKinesisStream, WritableKinesisStream } from "../shared/streams";

/**
 * What this module needs from a Kinesis stream it reads (structurally satisfied by kinesis-ingest's
 * `IKinesisStream`, including streams from other stacks via `KinesisIngest.fromAttributes`): the
 * readers' one stream type, plus what only Lambda uses, reading through an enhanced fan-out consumer.
 */
export interface ReadableStream extends ReadableKinesisStream {
  /** Grants {@link grantRead} plus kinesis:SubscribeToShard and kinesis:DescribeStreamConsumer on one enhanced fan-out consumer. */
  grantConsumer(grantee: Grantee, consumerName: string): void;
  /**
   * The ARN of a declared enhanced fan-out consumer (failing for an undeclared one); a stream from
   * another stack answers a pattern ending in `:*`, since the creation timestamp is not known.
   */
  consumerArn(consumerName: string): string;
}

/** What this module needs from a Kinesis stream it writes to: the writers' one stream type. */
export type WritableStream = WritableKinesisStream;

/** What this module needs from a DynamoDB lookup table (satisfied by the dynamodb-table module). */
export interface LookupTable {
  readonly tableName: string;
  /** Grants exactly these actions on the table, with KMS when it uses a customer key (the dynamodb-table module's `grant`). */
  grant(grantee: Grantee, ...actions: string[]): void;
}

/** An existing SQS queue. */
export interface QueueReference {
  readonly queueArn: string;
  readonly queueUrl: string;
  /** Used for the queue's CloudWatch metrics. */
  readonly queueName: string;
  /**
   * The customer-managed key the queue is encrypted with: senders need kms:GenerateDataKey and kms:Decrypt on it.
   * @default - the queue uses SQS-managed encryption (SSE-SQS), which needs no KMS permission
   */
  readonly kmsKeyArn?: string;
}

/** An existing SNS topic the function publishes alerts to. */
export interface TopicReference {
  readonly topicArn: string;
  /**
   * The customer-managed key the topic is encrypted with: publishers need kms:GenerateDataKey and kms:Decrypt on it.
   * @default - the topic has no customer-managed key
   */
  readonly kmsKeyArn?: string;
}

/** What this module needs from a DynamoDB table the function writes results to (satisfied by the dynamodb-table module). */
export interface WritableTable {
  readonly tableName: string;
  /** Grants exactly these actions on the table, with KMS when it uses a customer key (the dynamodb-table module's `grant`). */
  grant(grantee: Grantee, ...actions: string[]): void;
}
