import { expect, test } from "vitest";
import { validateStack } from "../../test/terraform";
import { Label } from "../shared/label";
import { ServiceRole } from "../shared/service-role";
import { TEST_LOCATION, testStack } from "../shared/testing";
import { StreamAccessPolicies } from "./access-policies";
import { KinesisIngest } from "./kinesis-ingest";

test("terraform validate accepts a stream with every option on and its access policies", async () => {
  const stack = testStack();
  const label = new Label({ namespace: "acme", environment: "prod", name: "iot" });
  const stream = new KinesisIngest(stack, "Stream", {
    label,
    location: TEST_LOCATION,
    streamMode: "PROVISIONED",
    shardCount: 4,
    shardQuota: 20_000,
    retentionHours: 168,
    encryption: "CUSTOMER_MANAGED",
    shardLevelMetrics: ["IncomingBytes", "IteratorAgeMilliseconds"],
    consumers: ["analytics", "archive"],
    expectedPeakWrite: { mebibytesPerSecond: 3, recordsPerSecond: 3000, sharedThroughputConsumers: 2 },
    vpcEndpoints: { vpcId: "vpc-0123", subnetIds: ["subnet-a", "subnet-b"], services: ["kinesis-streams", "firehose"] },
    tags: { team: "iot" },
  });
  const role = new ServiceRole(stack, "Reader", { label: label.with("reader"), servicePrincipal: "lambda.amazonaws.com" });
  stream.grantConsumer(role, "analytics");
  stream.grantWrite(role);
  new StreamAccessPolicies(stack, "Access", { label, stream, consumerName: "archive" });
  const result = await validateStack(stack, "kinesis-ingest");
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
});
