import { describe, expect, test } from "vitest";
import { validateStack } from "../../test/terraform";
import { KinesisIngest } from "../kinesis-ingest";
import { testBundle } from "../lambda-enrichment/testing";
import { Label } from "../shared/label";
import { TEST_LOCATION, testStack } from "../shared/testing";
import { HttpIngestApi } from "./http-ingest-api";

describe("HttpIngestApi with every option", () => {
  test("passes terraform validate", async () => {
    const stack = testStack();
    const label = new Label({ namespace: "acme", environment: "prod", name: "iops" });
    const stream = new KinesisIngest(stack, "Stream", { label, location: TEST_LOCATION });
    const common = {
      code: testBundle("ingest"),
      stream,
      throttlingRateLimit: 500,
      throttlingBurstLimit: 1000,
      accessLogRetentionDays: 90,
      memorySizeMb: 512,
      timeoutSeconds: 20,
      reservedConcurrentExecutions: 100,
      tracing: "Active",
      environment: { LOG_LEVEL: "INFO" },
      logRetentionDays: 14,
      tags: { component: "ingest" },
    } as const;
    new HttpIngestApi(stack, "Ingest", {
      ...common,
      label: label.with("ingest"),
      authorization: {
        type: "JWT",
        issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc123",
        audience: ["client-1"],
        scopes: ["events/write"],
      },
    });
    new HttpIngestApi(stack, "IamIngest", { ...common, label: label.with("iam-ingest") });
    const result = await validateStack(stack, "http-ingest-api");
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  }, 120_000);
});
