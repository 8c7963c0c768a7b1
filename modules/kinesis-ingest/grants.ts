import { type AwsLocation, arnOf } from "../shared/arn";
import type { PolicyStatement } from "../shared/policy";

/** Stream actions a polling consumer needs (GetRecords with shard iterators, shard discovery). */
export const STREAM_READ_ACTIONS = [
  "kinesis:DescribeStream",
  "kinesis:DescribeStreamSummary",
  "kinesis:GetRecords",
  "kinesis:GetShardIterator",
  "kinesis:ListShards",
] as const;

/** Stream actions a producer needs; the describe/list calls let SDKs and the KPL discover shards. */
export const STREAM_WRITE_ACTIONS = [
  "kinesis:DescribeStreamSummary",
  "kinesis:ListShards",
  "kinesis:PutRecord",
  "kinesis:PutRecords",
] as const;

/** Actions an enhanced fan-out consumer needs on its consumer ARN. */
export const CONSUMER_ACTIONS = ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"] as const;

/**
 * How the stream's records are encrypted, as far as grants are concerned.
 * - `aws-managed`: `alias/aws/kinesis`, whose key policy already lets the account's principals use it
 *   through Kinesis, so grants add no KMS statement.
 * - `key`: a customer key whose ARN is known (created in this stack or given).
 * - `alias`: a customer key created in another Terraform stack, known only by its alias.
 */
export type StreamEncryptionReference =
  | { readonly kind: "aws-managed" }
  | { readonly kind: "key"; readonly keyArn: string }
  | { readonly kind: "alias"; readonly aliasName: string; readonly location: AwsLocation };

/** Builds the least-privilege statements for one stream; pure, shared by created and imported streams. */
export class StreamStatements {
  constructor(
    readonly streamArn: string,
    readonly encryption: StreamEncryptionReference,
  ) {}

  /** `actions` on the stream ARN. */
  stream(actions: readonly string[]): PolicyStatement {
    return { actions: [...actions], resources: [this.streamArn] };
  }

  /** Polling reads, plus `kms:Decrypt` when a customer key encrypts the stream. */
  read(): PolicyStatement[] {
    return [this.stream(STREAM_READ_ACTIONS), ...this.key(["kms:Decrypt"])];
  }

  /** Writes, plus `kms:GenerateDataKey` when a customer key encrypts the stream. */
  write(): PolicyStatement[] {
    return [this.stream(STREAM_WRITE_ACTIONS), ...this.key(["kms:GenerateDataKey"])];
  }

  /** Reads through an enhanced fan-out consumer: the polling reads plus SubscribeToShard on the consumer. */
  consumer(consumerArn: string): PolicyStatement[] {
    return [...this.read(), { actions: [...CONSUMER_ACTIONS], resources: [consumerArn] }];
  }

  /**
   * KMS statements for a customer key, none for the AWS-managed key. Kinesis calls KMS with the
   * caller's credentials and the stream ARN as encryption context, so the condition limits the
   * permission to this stream's records.
   */
  key(actions: readonly string[]): PolicyStatement[] {
    const context = { "kms:EncryptionContext:aws:kinesis:arn": this.streamArn };
    switch (this.encryption.kind) {
      case "aws-managed":
        return [];
      case "key":
        return [{ actions: [...actions], resources: [this.encryption.keyArn], conditions: { StringEquals: context } }];
      case "alias":
        // The key lives in another Terraform stack, so its id is unknown here. Any key of the account and
        // region is named, but only the one that carries this alias matches kms:ResourceAliases, so
        // the grant stays on that one key and follows it if the alias is moved to a new key.
        return [
          {
            actions: [...actions],
            resources: [arnOf(this.encryption.location, "kms", "key/*")],
            conditions: {
              "ForAnyValue:StringEquals": { "kms:ResourceAliases": this.encryption.aliasName },
              StringEquals: context,
            },
          },
        ];
    }
  }
}
