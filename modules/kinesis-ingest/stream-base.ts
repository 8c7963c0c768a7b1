import { Construct } from "constructs";
import type { MathExpressionSpec, MetricOptions, MetricSpec } from "../shared/metric";
import { type Grantee, type PolicyStatement, policyDocument } from "../shared/policy";
import { type StreamEncryptionReference, StreamStatements } from "./grants";
import { StreamMetrics } from "./metrics";

/** A Kinesis data stream, created in this stack or another one: what grants and metrics need. */
export interface IKinesisStream {
  /** `arn:<partition>:kinesis:<region>:<account>:stream/<streamName>` */
  readonly streamArn: string;
  readonly streamName: string;
  /** The customer key's ARN when known in this stack; undefined for the AWS-managed key or an imported stream. */
  readonly encryptionKeyArn?: string;
  /** The customer key's alias (`alias/...`); undefined for the AWS-managed key. */
  readonly encryptionKeyAliasName?: string;
  /** The stream's CloudWatch metrics. */
  readonly metrics: StreamMetrics;
  /** The ARN of an enhanced fan-out consumer of the stream. */
  consumerArn(consumerName: string): string;
  /** Grants `actions` on the stream ARN. */
  grant(grantee: Grantee, ...actions: string[]): void;
  /** Grants polling reads (and `kms:Decrypt` for a customer key). */
  grantRead(grantee: Grantee): void;
  /** Grants writes (and `kms:GenerateDataKey` for a customer key). */
  grantWrite(grantee: Grantee): void;
  /** Grants reads through one enhanced fan-out consumer (SubscribeToShard on its ARN). */
  grantConsumer(grantee: Grantee, consumerName: string): void;
  /** A least-privilege IAM policy document (JSON) for a team's own producer. */
  producerPolicyDocument(): string;
  /** A least-privilege IAM policy document (JSON) for a team's own consumer, polling or through `consumerName`. */
  consumerPolicyDocument(consumerName?: string): string;
}

/** Grants, policy documents and metric helpers shared by created and imported streams. */
export abstract class StreamBase extends Construct implements IKinesisStream {
  abstract readonly streamArn: string;
  abstract readonly streamName: string;
  abstract readonly encryptionKeyArn?: string;
  abstract readonly encryptionKeyAliasName?: string;
  abstract consumerArn(consumerName: string): string;
  protected abstract encryptionReference(): StreamEncryptionReference;

  /** The stream's CloudWatch metrics, by name. */
  get metrics(): StreamMetrics {
    return new StreamMetrics(this.streamName);
  }

  private statements(): StreamStatements {
    return new StreamStatements(this.streamArn, this.encryptionReference());
  }

  /** Grants `actions` (listed one by one, e.g. `kinesis:DescribeStreamSummary`) on the stream ARN only. */
  grant(grantee: Grantee, ...actions: string[]): void {
    grantee.addToPolicy(this.statements().stream(actions));
  }

  /**
   * Grants DescribeStream, DescribeStreamSummary, GetRecords, GetShardIterator and ListShards on the
   * stream, plus `kms:Decrypt` on a customer key (limited to this stream's encryption context).
   */
  grantRead(grantee: Grantee): void {
    this.addAll(grantee, this.statements().read());
  }

  /**
   * Grants PutRecord, PutRecords, DescribeStreamSummary and ListShards on the stream, plus
   * `kms:GenerateDataKey` on a customer key (limited to this stream's encryption context).
   */
  grantWrite(grantee: Grantee): void {
    this.addAll(grantee, this.statements().write());
  }

  /** Grants {@link grantRead} plus SubscribeToShard and DescribeStreamConsumer on the consumer's ARN. */
  grantConsumer(grantee: Grantee, consumerName: string): void {
    this.addAll(grantee, this.statements().consumer(this.consumerArn(consumerName)));
  }

  /** The statements of {@link grantWrite} as an IAM policy document (JSON string). */
  producerPolicyDocument(): string {
    return JSON.stringify(policyDocument(this.statements().write()));
  }

  /**
   * The statements of {@link grantRead}, or of {@link grantConsumer} when `consumerName` is given,
   * as an IAM policy document (JSON string).
   */
  consumerPolicyDocument(consumerName?: string): string {
    const statements = this.statements();
    return JSON.stringify(
      policyDocument(consumerName === undefined ? statements.read() : statements.consumer(this.consumerArn(consumerName))),
    );
  }

  private addAll(grantee: Grantee, statements: readonly PolicyStatement[]): void {
    for (const statement of statements) grantee.addToPolicy(statement);
  }
}
