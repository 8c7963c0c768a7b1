import { describe, expect, test } from "vitest";
import { validateStack } from "../../test/terraform";
import { KinesisIngest } from "../kinesis-ingest";
import { Label } from "../shared/label";
import { TEST_LOCATION, testStack } from "../shared/testing";
import { LambdaEnrichment } from "./lambda-enrichment";
import { testBundle } from "./testing";

describe("LambdaEnrichment with every option", () => {
  test("passes terraform validate", async () => {
    const stack = testStack();
    const streamLabel = new Label({ namespace: "acme", environment: "prod", name: "iops" });
    const stream = new KinesisIngest(stack, "Stream", { label: streamLabel, location: TEST_LOCATION, consumers: ["enricher"] });
    const output = new KinesisIngest(stack, "Output", { label: streamLabel.with("enriched"), location: TEST_LOCATION });
    const imported = KinesisIngest.fromAttributes(stack, "Imported", { streamName: "acme-prod-other", location: TEST_LOCATION });
    const common = {
        code: testBundle("enrichment"),
      runtime: "nodejs22.x",
      architecture: "arm64",
      memorySizeMb: 512,
      timeoutSeconds: 120,
      reservedConcurrentExecutions: 20,
      tracing: "Active",
      environment: { POWERTOOLS_SERVICE_NAME: "enricher" },
      logRetentionDays: 14,
      startingPosition: "AT_TIMESTAMP",
      startingPositionTimestamp: "2025-01-31T00:00:00Z",
      batchSize: 500,
      maximumBatchingWindowSeconds: 5,
      parallelizationFactor: 2,
      tumblingWindowSeconds: 60,
      maximumRetryAttempts: 5,
      maximumRecordAgeSeconds: 7200,
      filterPatterns: [{ data: { event_type: ["session_started"] } }],
      lookupTable: {
        tableName: "acme-prod-customers",
        grant: (grantee: { addToPolicy: (s: { actions: string[]; resources: string[] }) => void }, ...actions: string[]) =>
          grantee.addToPolicy({ actions, resources: ["arn:aws:dynamodb:eu-west-1:111122223333:table/acme-prod-customers"] }),
      },
      outputStream: output,
      outputTable: {
        tableName: "acme-prod-events",
        grant: (grantee: { addToPolicy: (s: { actions: string[]; resources: string[] }) => void }, ...actions: string[]) =>
          grantee.addToPolicy({ actions, resources: ["arn:aws:dynamodb:eu-west-1:111122223333:table/acme-prod-events"] }),
      },
      environmentNames: { alertTopicArn: "MALFORMED_TOPIC_ARN" },
      alertTopic: { topicArn: "arn:aws:sns:eu-west-1:111122223333:acme-prod-alerts", kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
      deadLetterStore: {},
      tags: { component: "enricher" },
    } as const;
    new LambdaEnrichment(stack, "Enricher", { ...common, label: streamLabel.with("enricher"), stream, consumerName: "enricher", outputLogGroup: { retentionDays: 7 } });
    new LambdaEnrichment(stack, "OtherEnricher", { ...common, label: streamLabel.with("other"), stream: imported, consumerName: "enricher" });
    const result = await validateStack(stack, "lambda-enrichment");
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  }, 120_000);
});
