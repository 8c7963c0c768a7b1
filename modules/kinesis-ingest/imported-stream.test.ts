import { describe, expect, test } from "vitest";
import { Label } from "../shared/label";
import { ServiceRole } from "../shared/service-role";
import { TEST_LOCATION, synth, testStack } from "../shared/testing";
import { KinesisIngest } from "./kinesis-ingest";

const STREAM_ARN = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-prod-iot-ingest";

function setup(encryptionKeyAliasName?: string) {
  const stack = testStack();
  const stream = KinesisIngest.fromAttributes(stack, "Stream", { streamName: "acme-prod-iot-ingest", location: TEST_LOCATION, encryptionKeyAliasName });
  const role = new ServiceRole(stack, "Role", { label: new Label({ namespace: "acme", environment: "prod", name: "reader" }), servicePrincipal: "lambda.amazonaws.com" });
  return { stack, stream, role };
}

describe("KinesisIngest.fromAttributes", () => {
  test("builds the stream ARN from names and creates nothing", () => {
    const { stack, stream } = setup();
    expect(stream.streamArn).toBe(STREAM_ARN);
    expect(stream.encryptionKeyArn).toBeUndefined();
    expect(Object.keys(synth(stack).json.resource ?? {})).toEqual(["aws_iam_role"]);
  });

  test("with a customer key known by alias, KMS grants name any key of the account but only the aliased one matches", () => {
    const { stack, stream, role } = setup("alias/acme-prod-iot-ingest-stream");
    stream.grantRead(role);
    stream.grantWrite(role);
    const condition = {
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/acme-prod-iot-ingest-stream" },
      StringEquals: { "kms:EncryptionContext:aws:kinesis:arn": STREAM_ARN },
    };
    const out = synth(stack);
    expect(out.statementsWithAction("kms:Decrypt")).toEqual([
      { Effect: "Allow", Action: ["kms:Decrypt"], Resource: ["arn:aws:kms:eu-west-1:111122223333:key/*"], Condition: condition },
    ]);
    expect(out.statementsWithAction("kms:GenerateDataKey")).toEqual([
      { Effect: "Allow", Action: ["kms:GenerateDataKey"], Resource: ["arn:aws:kms:eu-west-1:111122223333:key/*"], Condition: condition },
    ]);
    expect(out.statementsWithAction("kinesis:GetRecords")[0]!.Resource).toEqual([STREAM_ARN]);
  });

  test("with the AWS-managed key, grants add no KMS statement", () => {
    const { stack, stream, role } = setup();
    stream.grantRead(role);
    expect(synth(stack).rolePolicyStatements().flatMap((s) => s.Action).filter((a) => a.startsWith("kms:"))).toEqual([]);
  });

  test("grantConsumer matches the consumer's unknown creation timestamp with a wildcard", () => {
    const { stack, stream, role } = setup();
    stream.grantConsumer(role, "analytics");
    expect(synth(stack).statementsWithAction("kinesis:SubscribeToShard")).toEqual([
      { Effect: "Allow", Action: ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"], Resource: [`${STREAM_ARN}/consumer/analytics:*`] },
    ]);
  });

  test("metrics carry the stream name", () => {
    const { stream } = setup();
    expect(stream.metrics.metricIncomingRecords().dimensions).toEqual({ StreamName: "acme-prod-iot-ingest" });
  });

  test("fails when the alias lacks the alias/ prefix", () => {
    expect(() => setup("acme-key")).toThrow(/encryptionKeyAliasName must be alias\/ followed by \[a-zA-Z0-9\/_-\], got "acme-key"/);
  });

  test("fails when the stream name has characters Kinesis refuses", () => {
    const stack = testStack();
    expect(() => KinesisIngest.fromAttributes(stack, "S", { streamName: "a b", location: TEST_LOCATION })).toThrow(
      /streamName must be 1 to 128 characters of \[a-zA-Z0-9_.-\], got "a b"/,
    );
  });
});
