import { describe, expect, test } from "vitest";
import { TerraformOutput } from "cdktf";
import { Label } from "../shared/label";
import { ServiceRole } from "../shared/service-role";
import { TEST_LOCATION, constructTree, synth, testStack } from "../shared/testing";
import { DynamoDbTable, type DynamoDbTableProps } from "./dynamodb-table";

const label = new Label({ namespace: "acme", environment: "prod", name: "iot", attributes: ["devices"] });
const KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TABLE = expect.stringMatching(/^\$\{aws_dynamodb_table\..+\.arn\}$/);
const INDEXES = expect.stringMatching(/^\$\{aws_dynamodb_table\..+\.arn\}\/index\/\*$/);

function build(props: Partial<DynamoDbTableProps> = {}) {
  const stack = testStack();
  const table = new DynamoDbTable(stack, "Table", { label, location: TEST_LOCATION, partitionKey: { name: "deviceId", type: "S" }, ...props });
  return { stack, table };
}

function grantee(stack: ReturnType<typeof testStack>) {
  return new ServiceRole(stack, "Role", { label: label.with("reader"), servicePrincipal: "lambda.amazonaws.com" });
}

describe("DynamoDbTable defaults", () => {
  test("on-demand, encrypted with the AWS-managed key, point-in-time recovery and deletion protection on", () => {
    const { stack, table } = build();
    expect(synth(stack).only("aws_dynamodb_table")).toEqual({
      name: "acme-prod-iot-devices",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "deviceId",
      attribute: [{ name: "deviceId", type: "S" }],
      server_side_encryption: { enabled: true },
      point_in_time_recovery: { enabled: true, recovery_period_in_days: 35 },
      deletion_protection_enabled: true,
    });
    expect(table.tableName).toBe("acme-prod-iot-devices");
    expect(table.tableStreamArn).toBeUndefined();
  });

  test("pins construct ids", () => {
    const { stack } = build();
    expect(constructTree(stack)).toEqual(["test/Table", "test/Table/Resource"]);
  });
});

describe("DynamoDbTable options", () => {
  test("provisioned capacity, sort key, CMK, TTL, stream, opt-outs and tags", () => {
    const { stack, table } = build({
      sortKey: { name: "ts", type: "N" },
      billingMode: "PROVISIONED",
      readCapacity: 5,
      writeCapacity: 10,
      encryptionKey: { keyArn: KEY_ARN },
      ttlAttribute: "expiresAt",
      stream: "NEW_AND_OLD_IMAGES",
      deletionProtection: false,
      pointInTimeRecoveryDays: 7,
      tags: { team: "iot" },
    });
    const out = synth(stack);
    expect(out.only("aws_dynamodb_table")).toEqual({
      name: "acme-prod-iot-devices",
      billing_mode: "PROVISIONED",
      hash_key: "deviceId",
      range_key: "ts",
      attribute: [
        { name: "deviceId", type: "S" },
        { name: "ts", type: "N" },
      ],
      read_capacity: 5,
      write_capacity: 10,
      server_side_encryption: { enabled: true, kms_key_arn: KEY_ARN },
      point_in_time_recovery: { enabled: true, recovery_period_in_days: 7 },
      ttl: { enabled: true, attribute_name: "expiresAt" },
      deletion_protection_enabled: false,
      stream_enabled: true,
      stream_view_type: "NEW_AND_OLD_IMAGES",
      tags: { team: "iot" },
    });
    new TerraformOutput(stack, "StreamArn", { value: table.tableStreamArn });
    expect(synth(stack).json.output?.StreamArn?.value).toMatch(/^\$\{aws_dynamodb_table\..+\.stream_arn\}$/);
  });

  test("point-in-time recovery can be turned off explicitly", () => {
    const { stack } = build({ pointInTimeRecovery: false });
    expect(synth(stack).only("aws_dynamodb_table").point_in_time_recovery).toEqual({ enabled: false });
  });
});

describe("DynamoDbTable validation", () => {
  const longName = "x".repeat(256);
  test.each([
    [{ readCapacity: 5 }, /readCapacity must not be set when billingMode is PAY_PER_REQUEST, got 5/],
    [{ billingMode: "PROVISIONED" as const, writeCapacity: 1 }, /readCapacity is required when billingMode is PROVISIONED, got undefined/],
    [{ billingMode: "PROVISIONED" as const, readCapacity: 1 }, /writeCapacity is required when billingMode is PROVISIONED, got undefined/],
    [{ billingMode: "PROVISIONED" as const, readCapacity: 0, writeCapacity: 1 }, /readCapacity must be a whole number between 1 and 40000, got 0/],
    [{ billingMode: "PROVISIONED" as const, readCapacity: 1, writeCapacity: 40001 }, /writeCapacity must be a whole number between 1 and 40000, got 40001/],
    [{ billingMode: "ON_DEMAND" as never }, /billingMode must be one of PAY_PER_REQUEST, PROVISIONED, got ON_DEMAND/],
    [{ partitionKey: { name: "", type: "S" as const } }, /partitionKey.name must be 1 to 255 bytes long, got 0/],
    [{ partitionKey: { name: "id", type: "BOOL" as never } }, /partitionKey.type must be one of S, N, B, got BOOL/],
    [{ sortKey: { name: longName, type: "S" as const } }, /sortKey.name must be 1 to 255 bytes long, got 256/],
    [{ sortKey: { name: "deviceId", type: "N" as const } }, /sortKey.name must differ from partitionKey.name, got deviceId for both/],
    [{ ttlAttribute: "" }, /ttlAttribute must be 1 to 255 bytes long, got 0/],
    [{ pointInTimeRecoveryDays: 36 }, /pointInTimeRecoveryDays must be a whole number between 1 and 35, got 36/],
    [{ pointInTimeRecovery: false, pointInTimeRecoveryDays: 7 }, /pointInTimeRecoveryDays must not be set when pointInTimeRecovery is false, got 7/],
    [{ stream: "ALL" as never }, /stream must be one of KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, got ALL/],
    [{ encryptionKey: { keyArn: "alias/aws/dynamodb" } }, /encryptionKey.keyArn must be a KMS key ARN .*, got "alias\/aws\/dynamodb"/],
  ])("fails when props are %j", (props, message) => {
    expect(() => build(props as Partial<DynamoDbTableProps>)).toThrow(message);
  });

  test("fails when the label gives a name shorter than 3 characters", () => {
    const stack = testStack();
    expect(
      () => new DynamoDbTable(stack, "T", { label: new Label({ namespace: "a", environment: "" }), location: TEST_LOCATION, partitionKey: { name: "id", type: "S" } }),
    ).toThrow(/tableName must be 3 to 255 characters of \[a-zA-Z0-9_.-\] \(from the label\), got "a"/);
  });
});

describe("DynamoDbTable grants", () => {
  test("grantReadData covers the table and its indexes, without KMS for the AWS-managed key", () => {
    const { stack, table } = build();
    table.grantReadData(grantee(stack));
    expect(synth(stack).rolePolicyStatements()).toEqual([
      {
        Effect: "Allow",
        Action: ["dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"],
        Resource: [TABLE, INDEXES],
      },
    ]);
  });

  test("grantWriteData with a customer key adds the KMS actions through DynamoDB only", () => {
    const { stack, table } = build({ encryptionKey: { keyArn: KEY_ARN } });
    table.grantWriteData(grantee(stack));
    expect(synth(stack).rolePolicyStatements()).toEqual([
      {
        Effect: "Allow",
        Action: ["dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:PutItem", "dynamodb:UpdateItem"],
        Resource: [TABLE, INDEXES],
      },
      {
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo"],
        Resource: [KEY_ARN],
        Condition: { StringEquals: { "kms:ViaService": "dynamodb.eu-west-1.amazonaws.com" } },
      },
    ]);
  });

  test("grantReadWriteData merges both action lists", () => {
    const { stack, table } = build();
    table.grantReadWriteData(grantee(stack));
    expect(synth(stack).rolePolicyStatements()[0]!.Action).toEqual([
      "dynamodb:BatchGetItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:DeleteItem",
      "dynamodb:DescribeTable",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:Scan",
      "dynamodb:UpdateItem",
    ]);
  });

  test("fromAttributes builds ARNs from names and grants the same way", () => {
    const stack = testStack();
    const table = DynamoDbTable.fromAttributes(stack, "Table", { tableName: "acme-prod-iot-devices", location: TEST_LOCATION, encryptionKeyArn: KEY_ARN });
    table.grantReadData(grantee(stack));
    const statements = synth(stack).rolePolicyStatements();
    expect(statements[0]!.Resource).toEqual([
      "arn:aws:dynamodb:eu-west-1:111122223333:table/acme-prod-iot-devices",
      "arn:aws:dynamodb:eu-west-1:111122223333:table/acme-prod-iot-devices/index/*",
    ]);
    expect(statements[1]).toEqual({
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Resource: [KEY_ARN],
      Condition: { StringEquals: { "kms:ViaService": "dynamodb.eu-west-1.amazonaws.com" } },
    });
    expect(table.metrics.metricConsumedReadCapacityUnits().dimensions).toEqual({ TableName: "acme-prod-iot-devices" });
  });

  test("fails when fromAttributes gets a name DynamoDB refuses", () => {
    expect(() => DynamoDbTable.fromAttributes(testStack(), "T", { tableName: "a b", location: TEST_LOCATION })).toThrow(
      /tableName must be 3 to 255 characters of \[a-zA-Z0-9_.-\], got "a b"/,
    );
  });
});
