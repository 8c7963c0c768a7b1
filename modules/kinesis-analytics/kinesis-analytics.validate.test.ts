import { describe, expect, test } from "vitest";
import { validateStack } from "../../test/terraform";
import { Label } from "../shared/label";
import { TEST_LOCATION, testStack } from "../shared/testing";
import { KinesisAnalytics } from "./kinesis-analytics";

const input = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-prod-orders-input";
const output = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-prod-orders-output";

describe("KinesisAnalytics terraform validate", () => {
  test("a stack with every option on is valid Terraform", async () => {
    const stack = testStack();
    new KinesisAnalytics(stack, "Flink", {
      label: new Label({ namespace: "acme", environment: "prod", name: "orders", attributes: ["windowing"] }),
      location: TEST_LOCATION,
      inputStream: {
        streamArn: input,
        streamName: "acme-prod-orders-input",
        grantRead: (role) => role.addToPolicy({ actions: ["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:ListShards"], resources: [input] }),
      },
      outputStream: {
        streamArn: output,
        streamName: "acme-prod-orders-output",
        grantWrite: (role) => role.addToPolicy({ actions: ["kinesis:PutRecord", "kinesis:PutRecords"], resources: [output] }),
      },
      codeBucketArn: "arn:aws:s3:::acme-prod-artifacts",
      codeFileKey: "flink/orders-windowing-1.0.0.jar",
      codeObjectVersion: "3HL4kqtJlcpXroDTDmJ",
      codeKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      runtime: "FLINK-1_20",
      checkpointIntervalMs: 30_000,
      minPauseBetweenCheckpointsMs: 10_000,
      parallelism: 4,
      parallelismPerKpu: 2,
      autoScalingEnabled: true,
      maxKpus: 64,
      snapshotsEnabled: true,
      logRetentionDays: 90,
      logKmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ac",
      logLevel: "WARN",
      metricsLevel: "OPERATOR",
      propertyGroups: { Aggregation: { "window.size.seconds": "60" } },
      vpc: { subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], securityGroupIds: ["sg-0123456789abcdef0"] },
      startApplication: true,
      description: "Orders per minute",
      tags: { team: "data" },
    });
    const result = await validateStack(stack, "kinesis-analytics");
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
