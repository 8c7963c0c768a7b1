import { describe, expect, it } from "vitest";
import { streamDifferences, type StreamSettings } from "./stream-settings";

const provisioned: StreamSettings = {
  streamName: "acme-dev-x-stream",
  mode: "PROVISIONED",
  shardCount: 2,
  retentionHours: 48,
  encryption: { kind: "aws-managed", keyId: "alias/aws/kinesis" },
  shardLevelMetrics: [],
};
const customer: StreamSettings = { ...provisioned, mode: "ON_DEMAND", shardCount: undefined, encryption: { kind: "customer-managed", keyId: "alias/acme-dev-x-stream-stream" } };
const live = { StreamModeDetails: { StreamMode: "PROVISIONED" as const }, OpenShardCount: 2, RetentionPeriodHours: 48, EncryptionType: "KMS" as const, KeyId: "alias/aws/kinesis" };

describe("streamDifferences", () => {
  it("finds none when mode, shard count, retention and key match", () => {
    expect(streamDifferences(live as never, provisioned)).toEqual([]);
  });

  it("lists every difference at once", () => {
    expect(streamDifferences({ ...live, OpenShardCount: 3, RetentionPeriodHours: 24, EncryptionType: "NONE", KeyId: undefined } as never, provisioned)).toEqual([
      "shard count: envs/ says 2, the stream has 3 open shards",
      "retention: envs/ says 48 h, the stream keeps 24 h",
      "encryption: envs/ says KMS with alias/aws/kinesis (aws-managed), the stream is not encrypted",
    ]);
  });

  it("reports the mode instead of the shard count when the mode differs", () => {
    expect(streamDifferences({ ...live, StreamModeDetails: { StreamMode: "ON_DEMAND" }, OpenShardCount: 4 } as never, provisioned)).toEqual([
      "mode: envs/ says PROVISIONED, the stream is ON_DEMAND",
    ]);
  });

  it("accepts a customer key named by ARN (as Terraform sets it), refuses the AWS-managed key or another alias", () => {
    const on = { ...live, StreamModeDetails: { StreamMode: "ON_DEMAND" }, OpenShardCount: 4 };
    expect(streamDifferences({ ...on, KeyId: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" } as never, customer)).toEqual([]);
    expect(streamDifferences({ ...on, KeyId: "alias/acme-dev-x-stream-stream" } as never, customer)).toEqual([]);
    expect(streamDifferences({ ...on, KeyId: "alias/aws/kinesis" } as never, customer)).toEqual([
      "encryption: envs/ says KMS with alias/acme-dev-x-stream-stream (customer-managed), the stream uses alias/aws/kinesis",
    ]);
    expect(streamDifferences({ ...on, KeyId: "alias/other" } as never, customer)).toEqual([
      "encryption: envs/ says KMS with alias/acme-dev-x-stream-stream (customer-managed), the stream uses alias/other",
    ]);
  });

  it("wants the AWS-managed key for an aws-managed stream", () => {
    expect(streamDifferences({ ...live, KeyId: "arn:aws:kms:eu-west-1:111111111111:key/k" } as never, provisioned)).toEqual([
      "encryption: envs/ says KMS with alias/aws/kinesis (aws-managed), the stream uses arn:aws:kms:eu-west-1:111111111111:key/k",
    ]);
  });
});
