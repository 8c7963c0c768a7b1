import { describe, expect, test } from "vitest";
import { TerraformOutput } from "cdktf";
import { Label } from "../shared/label";
import { TEST_LOCATION, constructTree, synth, testStack } from "../shared/testing";
import { StreamAccessPolicies } from "./access-policies";
import { KinesisIngest } from "./kinesis-ingest";

const label = new Label({ namespace: "acme", environment: "prod", name: "iot", attributes: ["stream"] });
const STREAM_ARN = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-prod-iot-stream";

function policies(out: ReturnType<typeof synth>): Record<string, any>[] {
  return Object.values(out.resources("aws_iam_policy"))
    .map((policy): Record<string, any> => ({ ...policy, policy: JSON.parse(policy.policy as string) }))
    .sort((a, b) => (a.name as string).localeCompare(b.name as string))
    .reverse();
}

describe("StreamAccessPolicies", () => {
  test("a producer and a polling consumer policy on an imported stream with the AWS-managed key", () => {
    const stack = testStack();
    const stream = KinesisIngest.fromAttributes(stack, "Stream", { streamName: "acme-prod-iot-stream", location: TEST_LOCATION });
    const access = new StreamAccessPolicies(stack, "Access", { label, stream, tags: { team: "iot" } });
    new TerraformOutput(stack, "producer", { value: access.producerPolicyArn });
    new TerraformOutput(stack, "consumer", { value: access.consumerPolicyArn });
    const out = synth(stack);
    expect(policies(out)).toEqual([
      {
        name: "acme-prod-iot-stream-producer",
        description: "Writes records to Kinesis stream acme-prod-iot-stream",
        tags: { team: "iot" },
        policy: {
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"], Resource: [STREAM_ARN] },
          ],
        },
      },
      {
        name: "acme-prod-iot-stream-consumer",
        description: "Reads records from Kinesis stream acme-prod-iot-stream",
        tags: { team: "iot" },
        policy: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
              Resource: [STREAM_ARN],
            },
          ],
        },
      },
    ]);
    expect(access.producerPolicyName).toBe(StreamAccessPolicies.producerPolicyNameOf(label));
    expect(access.consumerPolicyName).toBe(StreamAccessPolicies.consumerPolicyNameOf(label));
    expect(out.json.output).toEqual({
      producer: { value: expect.stringMatching(/^\$\{aws_iam_policy\.Access_Producer_[A-Z0-9]+\.arn\}$/) },
      consumer: { value: expect.stringMatching(/^\$\{aws_iam_policy\.Access_Consumer_[A-Z0-9]+\.arn\}$/) },
    });
  });

  test("a customer key adds GenerateDataKey for the producer and Decrypt for the consumer, scoped to the stream's context", () => {
    const stack = testStack();
    const stream = new KinesisIngest(stack, "Stream", { label, location: TEST_LOCATION, encryption: "CUSTOMER_MANAGED", consumers: ["reader"] });
    new StreamAccessPolicies(stack, "Access", { label, stream, consumerName: "reader" });
    const [producer, consumer] = policies(synth(stack));
    expect(producer!.policy.Statement[1]).toEqual({
      Effect: "Allow",
      Action: ["kms:GenerateDataKey"],
      Resource: [expect.stringMatching(/^\$\{aws_kms_key\..+\.arn\}$/)],
      Condition: { StringEquals: { "kms:EncryptionContext:aws:kinesis:arn": expect.stringMatching(/aws_kinesis_stream/) } },
    });
    expect(consumer!.description).toBe("Reads records from Kinesis stream acme-prod-iot-stream through consumer reader");
    expect(consumer!.policy.Statement.map((statement: { Action: string[] }) => statement.Action)).toEqual([
      ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
      ["kms:Decrypt"],
      ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"],
    ]);
  });

  test("fails when consumerName is not a consumer the stream declares", () => {
    const stack = testStack();
    const stream = new KinesisIngest(stack, "Stream", { label, location: TEST_LOCATION });
    expect(() => new StreamAccessPolicies(stack, "Access", { label, stream, consumerName: "reader" })).toThrow(/reader/);
  });

  test("pins construct ids", () => {
    const stack = testStack();
    const stream = KinesisIngest.fromAttributes(stack, "Stream", { streamName: "acme-prod-iot-stream", location: TEST_LOCATION });
    new StreamAccessPolicies(stack, "Access", { label, stream });
    expect(constructTree(stack)).toEqual(["test/Access", "test/Access/Consumer", "test/Access/Producer", "test/Stream"]);
  });
});
