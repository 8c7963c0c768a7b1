import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { configureClients, snsClient, sqsClient } from "../shared/clients";
import { acceptAllMessages, answerCalls } from "../shared/testing/answer-calls";
import { kinesisEvent, kinesisRecord } from "../shared/testing/kinesis-events";
import { SEED_002_FIELD_MAPPING } from "./field-mapping";

// Seed 002's producer records, in its own shape, through the handler as the stack deploys it:
// default thresholds, the pipeline's field mapping in FIELD_MAPPING.
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:fraud-alerts";
let handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>;

beforeAll(async () => {
  vi.stubEnv("ALERT_TOPIC_ARN", TOPIC);
  vi.stubEnv("DEAD_LETTER_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/fraud-dlq");
  vi.stubEnv("FIELD_MAPPING", JSON.stringify(SEED_002_FIELD_MAPPING));
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
  vi.stubEnv("POWERTOOLS_LOG_LEVEL", "ERROR");
  configureClients({ region: "eu-west-1", credentials: { accessKeyId: "l", secretAccessKey: "l" } });
  ({ handler } = await import("./handler"));
});

afterAll(() => {
  vi.unstubAllEnvs();
  configureClients();
});

const seed = (txn_id: string, overrides: Record<string, unknown> = {}) => ({ txn_id, cliente_id: "c1", monto: 100, pais: "CO", pais_cuenta: "CO", hora: 12, ...overrides });

describe("fraud-detector with seed 002's producer records", () => {
  it("publishes exactly the seed's alerts: amount strictly over 50000, a foreign country, hora >= 23 or hora <= 5", async () => {
    // Prepare
    const publishes = answerCalls<any>(snsClient(), "PublishBatchCommand", (input) => ({
      Successful: input.PublishBatchRequestEntries.map((e: { Id: string }) => ({ Id: e.Id, MessageId: "m" })),
      Failed: [],
    }));
    const sends = answerCalls<any>(sqsClient(), "SendMessageBatchCommand", acceptAllMessages);
    const records = [
      seed("t1", { monto: 75_000, pais: "MX", hora: 23 }),
      seed("t-hora-5", { hora: 5 }),
      seed("t-hora-6", { hora: 6 }),
      seed("t-hora-22", { hora: 22 }),
      seed("t-monto-50000", { monto: 50_000 }),
      seed("t-monto-50000.01", { monto: 50_000.01 }),
    ].map((r) => kinesisRecord(r));

    // Act
    const response = await handler(kinesisEvent(records));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sends.calls).toEqual([]);
    const alerts = publishes.calls.flatMap((c) => c.PublishBatchRequestEntries.map((e: { Message: string }) => JSON.parse(e.Message)));
    expect(alerts.map(({ detected_at: _, ...alert }: { detected_at: string }) => alert)).toEqual([
      {
        alert_id: "fraud-t1",
        severity: "critical",
        reasons: [
          { rule: "amount_over_threshold", severity: "high", message: "amount 75000 is over the threshold of 50000" },
          { rule: "foreign_country", severity: "medium", message: "transaction country MX differs from the account's country CO" },
          { rule: "night_time", severity: "low", message: "local hour 23 is in the night window 23:00-05:59" },
        ],
        transaction: { transaction_id: "t1", account_id: "c1", amount: 75_000, country: "MX", account_country: "CO", hour: 23 },
        source: { sequenceNumber: records[0]!.kinesis.sequenceNumber, subSequenceNumber: 0 },
      },
      {
        alert_id: "fraud-t-hora-5",
        severity: "low",
        reasons: [{ rule: "night_time", severity: "low", message: "local hour 5 is in the night window 23:00-05:59" }],
        transaction: { transaction_id: "t-hora-5", account_id: "c1", amount: 100, country: "CO", account_country: "CO", hour: 5 },
        source: { sequenceNumber: records[1]!.kinesis.sequenceNumber, subSequenceNumber: 0 },
      },
      {
        alert_id: "fraud-t-monto-50000.01",
        severity: "high",
        reasons: [{ rule: "amount_over_threshold", severity: "high", message: "amount 50000.01 is over the threshold of 50000" }],
        transaction: { transaction_id: "t-monto-50000.01", account_id: "c1", amount: 50_000.01, country: "CO", account_country: "CO", hour: 12 },
        source: { sequenceNumber: records[5]!.kinesis.sequenceNumber, subSequenceNumber: 0 },
      },
    ]);
    expect(publishes.calls.flatMap((c) => c.PublishBatchRequestEntries.map((e: { Subject: string }) => e.Subject))).toEqual([
      "Fraud alert (critical): transaction t1",
      "Fraud alert (low): transaction t-hora-5",
      "Fraud alert (high): transaction t-monto-50000.01",
    ]);
    publishes.remove();
    sends.remove();
  });
});
