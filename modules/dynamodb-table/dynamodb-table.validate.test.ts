import { expect, test } from "vitest";
import { validateStack } from "../../test/terraform";
import { Label } from "../shared/label";
import { ServiceRole } from "../shared/service-role";
import { TEST_LOCATION, testStack } from "../shared/testing";
import { DynamoDbTable } from "./dynamodb-table";

test("terraform validate accepts a table with every option on", async () => {
  const stack = testStack();
  const label = new Label({ namespace: "acme", environment: "prod", name: "iot", attributes: ["devices"] });
  const table = new DynamoDbTable(stack, "Table", {
    label,
    location: TEST_LOCATION,
    partitionKey: { name: "deviceId", type: "S" },
    sortKey: { name: "ts", type: "N" },
    billingMode: "PROVISIONED",
    readCapacity: 5,
    writeCapacity: 5,
    encryptionKey: { keyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
    pointInTimeRecovery: true,
    pointInTimeRecoveryDays: 14,
    ttlAttribute: "expiresAt",
    deletionProtection: true,
    stream: "NEW_AND_OLD_IMAGES",
    tags: { team: "iot" },
  });
  table.grantReadWriteData(new ServiceRole(stack, "Role", { label: label.with("writer"), servicePrincipal: "lambda.amazonaws.com" }));
  const result = await validateStack(stack, "dynamodb-table");
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
});
