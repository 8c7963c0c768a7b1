import { describe, expect, test } from "vitest";
import { TerraformVariable } from "cdktf";
import { Label } from "../shared/label";
import { ServiceRole } from "../shared/service-role";
import { TEST_LOCATION, constructTree, synth, testStack } from "../shared/testing";
import { KinesisIngest, type KinesisIngestProps } from "./kinesis-ingest";

const label = new Label({ namespace: "acme", environment: "prod", name: "iot", attributes: ["ingest"] });
const KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function build(props: Partial<KinesisIngestProps> = {}) {
  const stack = testStack();
  const stream = new KinesisIngest(stack, "Stream", { label, location: TEST_LOCATION, ...props });
  return { stack, stream };
}

describe("KinesisIngest defaults", () => {
  test("an on-demand stream with 24 h retention, encrypted with the AWS-managed key, and no shard_count", () => {
    const { stack, stream } = build();
    const out = synth(stack);
    expect(out.only("aws_kinesis_stream")).toEqual({
      name: "acme-prod-iot-ingest",
      stream_mode_details: { stream_mode: "ON_DEMAND" },
      retention_period: 24,
      encryption_type: "KMS",
      kms_key_id: "alias/aws/kinesis",
    });
    expect(out.count("aws_kms_key")).toBe(0);
    expect(out.count("aws_kinesis_stream_consumer")).toBe(0);
    expect(out.count("aws_vpc_endpoint")).toBe(0);
    expect(stream.streamName).toBe("acme-prod-iot-ingest");
    expect(stream.encryptionKeyArn).toBeUndefined();
    expect(stream.encryptionKeyAliasName).toBeUndefined();
  });

  test("pins construct ids", () => {
    const { stack } = build({ encryption: "CUSTOMER_MANAGED", consumers: ["analytics"], vpcEndpoints: { vpcId: "vpc-1", subnetIds: ["subnet-1"] } });
    expect(constructTree(stack)).toEqual([
      "test/Stream",
      "test/Stream/Consumers",
      "test/Stream/Consumers/analytics",
      "test/Stream/Key",
      "test/Stream/Key/Alias",
      "test/Stream/Key/Resource",
      "test/Stream/Resource",
      "test/Stream/VpcEndpoints",
      "test/Stream/VpcEndpoints/KinesisStreams",
      "test/Stream/VpcEndpoints/SecurityGroup",
      "test/Stream/VpcEndpoints/Vpc",
    ]);
  });
});

describe("KinesisIngest options", () => {
  test("a provisioned stream sets shard_count, retention and shard-level metrics", () => {
    const { stack } = build({
      streamMode: "PROVISIONED",
      shardCount: 4,
      retentionHours: 168,
      shardLevelMetrics: ["IncomingBytes", "IteratorAgeMilliseconds"],
      tags: { team: "iot" },
    });
    expect(synth(stack).only("aws_kinesis_stream")).toEqual({
      name: "acme-prod-iot-ingest",
      stream_mode_details: { stream_mode: "PROVISIONED" },
      shard_count: 4,
      retention_period: 168,
      encryption_type: "KMS",
      kms_key_id: "alias/aws/kinesis",
      shard_level_metrics: ["IncomingBytes", "IteratorAgeMilliseconds"],
      tags: { team: "iot" },
    });
  });

  test("CUSTOMER_MANAGED creates a rotating key with an alias and a policy for the account root", () => {
    const { stack, stream } = build({ encryption: "CUSTOMER_MANAGED" });
    const out = synth(stack);
    const key = out.only("aws_kms_key");
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    const policy = JSON.parse(key.policy);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["AccountAdministersKey", "IamPoliciesGrantUse"]);
    for (const statement of policy.Statement) {
      expect(statement.Principal).toEqual({ AWS: "arn:aws:iam::111122223333:root" });
      expect(statement.Action).not.toContain("kms:*");
    }
    expect(policy.Statement[1].Action).toEqual(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo"]);
    expect(out.only("aws_kms_alias")).toEqual({ name: "alias/acme-prod-iot-ingest-stream", target_key_id: expect.stringMatching(/^\$\{aws_kms_key\..+\.key_id\}$/) });
    expect(out.only("aws_kinesis_stream").kms_key_id).toMatch(/^\$\{aws_kms_key\..+\.arn\}$/);
    expect(stream.encryptionKeyAliasName).toBe("alias/acme-prod-iot-ingest-stream");
    expect(KinesisIngest.encryptionKeyAliasNameOf(label)).toBe("alias/acme-prod-iot-ingest-stream");
  });

  test("a given key is used as is, and implies CUSTOMER_MANAGED", () => {
    const { stack, stream } = build({ encryptionKey: { keyArn: KEY_ARN, aliasName: "alias/shared" } });
    const out = synth(stack);
    expect(out.count("aws_kms_key")).toBe(0);
    expect(out.only("aws_kinesis_stream").kms_key_id).toBe(KEY_ARN);
    expect(stream.encryptionKeyArn).toBe(KEY_ARN);
    expect(stream.encryptionKeyAliasName).toBe("alias/shared");
  });

  test("registers one enhanced fan-out consumer per name and exposes their ARNs", () => {
    const { stack, stream } = build({ consumers: ["analytics", "archive"] });
    const consumers = Object.values(synth(stack).resources("aws_kinesis_stream_consumer"));
    expect(consumers.map((c) => c.name)).toEqual(["analytics", "archive"]);
    for (const consumer of consumers) expect(consumer.stream_arn).toMatch(/^\$\{aws_kinesis_stream\..+\.arn\}$/);
    expect(Object.keys(stream.consumerArns)).toEqual(["analytics", "archive"]);
    expect(() => stream.consumerArn("missing")).toThrow(/consumer "missing" is not declared on stream acme-prod-iot-ingest; declared: analytics, archive/);
  });

  test("accepts a provisioned stream large enough for the expected peak", () => {
    expect(() =>
      build({ streamMode: "PROVISIONED", shardCount: 5, expectedPeakWrite: { mebibytesPerSecond: 4, recordsPerSecond: 5000, sharedThroughputConsumers: 2 } }),
    ).not.toThrow();
  });
});

describe("KinesisIngest validation", () => {
  test.each([
    [{ shardCount: 2 }, /shardCount must not be set when streamMode is ON_DEMAND \(AWS scales on-demand shards\), got 2/],
    [{ streamMode: "PROVISIONED" as const }, /shardCount is required when streamMode is PROVISIONED, got undefined/],
    [{ streamMode: "PROVISIONED" as const, shardCount: 0 }, /shardCount must be a whole number between 1 and 1000, got 0/],
    [{ streamMode: "PROVISIONED" as const, shardCount: 1001 }, /shardCount must be a whole number between 1 and 1000, got 1001/],
    [{ streamMode: "PROVISIONED" as const, shardCount: 1.5 }, /shardCount must be a whole number between 1 and 1000, got 1.5/],
    [{ streamMode: "PROVISIONED" as const, shardCount: 3000, shardQuota: 2000 }, /shardCount must be a whole number between 1 and 2000, got 3000/],
    [{ streamMode: "BURST" as never }, /streamMode must be one of ON_DEMAND, PROVISIONED, got BURST/],
    [{ retentionHours: 12 }, /retentionHours must be a whole number between 24 and 8760, got 12/],
    [{ retentionHours: 8761 }, /retentionHours must be a whole number between 24 and 8760, got 8761/],
    [{ encryption: "NONE" as never }, /encryption must be one of AWS_MANAGED, CUSTOMER_MANAGED, got NONE/],
    [{ encryption: "AWS_MANAGED" as const, encryptionKey: { keyArn: KEY_ARN } }, /encryptionKey must not be set when encryption is AWS_MANAGED/],
    [{ encryptionKey: { keyArn: "alias/mine" } }, /encryptionKey.keyArn must be a KMS key ARN .*, got "alias\/mine"/],
    [{ encryptionKey: { keyArn: KEY_ARN, aliasName: "mine" } }, /encryptionKey.aliasName must be alias\/ followed by .*, got "mine"/],
    [{ shardLevelMetrics: ["ALL" as never] }, /shardLevelMetrics\[\] must be one of IncomingBytes, .*IteratorAgeMilliseconds, got ALL/],
    [{ shardLevelMetrics: ["IncomingBytes", "IncomingBytes"] as never }, /shardLevelMetrics must not repeat a metric/],
    [{ consumers: ["bad name"] }, /consumers\[\] must be 1 to 128 characters of \[a-zA-Z0-9_.-\], got "bad name"/],
    [{ consumers: ["a", "a"] }, /consumers must be distinct, got a more than once/],
    [{ consumers: Array.from({ length: 21 }, (_, i) => `c${i}`) }, /consumers must list at most 20 enhanced fan-out consumers per stream, got 21/],
    [{ expectedPeakWrite: { mebibytesPerSecond: -1, recordsPerSecond: 10 } }, /expectedPeakWrite.mebibytesPerSecond must be a number of at least 0, got -1/],
  ])("fails when props are %j", (props, message) => {
    expect(() => build(props as Partial<KinesisIngestProps>)).toThrow(message);
  });

  test("skips the range and capacity checks for a shard count known only at apply", () => {
    const stack = testStack();
    const shards = new TerraformVariable(stack, "shards", { type: "number" }).numberValue;
    new KinesisIngest(stack, "Stream", {
      label,
      location: TEST_LOCATION,
      streamMode: "PROVISIONED",
      shardCount: shards,
      expectedPeakWrite: { mebibytesPerSecond: 50, recordsPerSecond: 1 },
    });
    expect(synth(stack).only("aws_kinesis_stream").shard_count).toBe("${var.shards}");
  });

  test("fails when a provisioned stream is too small for the expected peak, with the numbers", () => {
    expect(() =>
      build({ streamMode: "PROVISIONED", shardCount: 2, expectedPeakWrite: { mebibytesPerSecond: 3.5, recordsPerSecond: 2500, sharedThroughputConsumers: 2 } }),
    ).toThrow(
      "shardCount 2 is too small for expectedPeakWrite: 4 shards are needed (3.5 MiB/s at 1 MiB/s per shard = 4; " +
        "2500 records/s at 1000 records/s per shard = 3; 3.5 MiB/s read by 2 shared-throughput consumer(s) at 2 MiB/s per shard = 4)",
    );
  });
});

describe("KinesisIngest grants", () => {
  const STREAM = expect.stringMatching(/^\$\{aws_kinesis_stream\..+\.arn\}$/);

  function grantee(stack: ReturnType<typeof testStack>) {
    return new ServiceRole(stack, "Role", { label: label.with("reader"), servicePrincipal: "lambda.amazonaws.com" });
  }

  test("grantRead and grantWrite with the AWS-managed key add no KMS statement", () => {
    const { stack, stream } = build();
    const role = grantee(stack);
    stream.grantRead(role);
    stream.grantWrite(role);
    expect(synth(stack).rolePolicyStatements()).toEqual([
      {
        Effect: "Allow",
        Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
        Resource: [STREAM],
      },
      { Effect: "Allow", Action: ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"], Resource: [STREAM] },
    ]);
  });

  test("with a customer key, reads get kms:Decrypt and writes kms:GenerateDataKey on the key, for this stream only", () => {
    const { stack, stream } = build({ encryptionKey: { keyArn: KEY_ARN } });
    const role = grantee(stack);
    stream.grantRead(role);
    stream.grantWrite(role);
    const out = synth(stack);
    const context = { StringEquals: { "kms:EncryptionContext:aws:kinesis:arn": STREAM } };
    expect(out.statementsWithAction("kms:Decrypt")).toEqual([{ Effect: "Allow", Action: ["kms:Decrypt"], Resource: [KEY_ARN], Condition: context }]);
    expect(out.statementsWithAction("kms:GenerateDataKey")).toEqual([
      { Effect: "Allow", Action: ["kms:GenerateDataKey"], Resource: [KEY_ARN], Condition: context },
    ]);
  });

  test("grantConsumer adds SubscribeToShard and DescribeStreamConsumer on the consumer ARN", () => {
    const { stack, stream } = build({ consumers: ["analytics"] });
    const role = grantee(stack);
    stream.grantConsumer(role, "analytics");
    expect(synth(stack).statementsWithAction("kinesis:SubscribeToShard")).toEqual([
      {
        Effect: "Allow",
        Action: ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"],
        Resource: [expect.stringMatching(/^\$\{aws_kinesis_stream_consumer\..+\.arn\}$/)],
      },
    ]);
    expect(() => stream.grantConsumer(role, "other")).toThrow(/consumer "other" is not declared/);
  });

  test("grant() lists the given actions on the stream ARN only", () => {
    const { stack, stream } = build();
    stream.grant(grantee(stack), "kinesis:DescribeStreamSummary");
    expect(synth(stack).rolePolicyStatements()).toEqual([{ Effect: "Allow", Action: ["kinesis:DescribeStreamSummary"], Resource: [STREAM] }]);
  });

  test("fails when grant() is given a wildcard action", () => {
    const { stack, stream } = build();
    expect(() => stream.grant(grantee(stack), "kinesis:*")).toThrow(/policy actions must be listed one by one, got "kinesis:\*"/);
  });

  test("producer and consumer policy documents are the grants' statements", () => {
    const { stream } = build({ encryptionKey: { keyArn: KEY_ARN }, consumers: ["analytics"] });
    const producer = JSON.parse(stream.producerPolicyDocument());
    expect(producer.Version).toBe("2012-10-17");
    expect(producer.Statement.map((s: { Action: string[] }) => s.Action)).toEqual([
      ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"],
      ["kms:GenerateDataKey"],
    ]);
    const polling = JSON.parse(stream.consumerPolicyDocument());
    expect(polling.Statement.map((s: { Action: string[] }) => s.Action[0])).toEqual(["kinesis:DescribeStream", "kms:Decrypt"]);
    const fanOut = JSON.parse(stream.consumerPolicyDocument("analytics"));
    expect(fanOut.Statement.map((s: { Action: string[] }) => s.Action[0])).toEqual(["kinesis:DescribeStream", "kms:Decrypt", "kinesis:DescribeStreamConsumer"]);
  });
});
