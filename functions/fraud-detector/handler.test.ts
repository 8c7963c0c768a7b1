import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { configureClients, snsClient, sqsClient } from "../shared/clients";
import { kinesisEvent, kinesisRecord } from "../shared/testing/kinesis-events";
import { acceptAllMessages, answerCalls } from "../shared/testing/answer-calls";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:fraud-alerts";
let handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>;

beforeAll(async () => {
  vi.stubEnv("ALERT_TOPIC_ARN", TOPIC);
  vi.stubEnv("DEAD_LETTER_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/fraud-dlq");
  vi.stubEnv("AMOUNT_THRESHOLD", "1000");
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
  vi.stubEnv("POWERTOOLS_LOG_LEVEL", "ERROR");
  configureClients({ region: "eu-west-1", credentials: { accessKeyId: "l", secretAccessKey: "l" } });
  ({ handler } = await import("./handler"));
});

afterAll(() => {
  vi.unstubAllEnvs();
  configureClients();
});

describe("fraud-detector handler", () => {
  it("uses the configured threshold, topic and dead-letter queue", async () => {
    // Prepare
    const publishes = answerCalls<any>(snsClient(), "PublishBatchCommand", (input) => ({
      Successful: input.PublishBatchRequestEntries.map((e: { Id: string }) => ({ Id: e.Id, MessageId: "m" })),
      Failed: [],
    }));
    const sends = answerCalls<any>(sqsClient(), "SendMessageBatchCommand", acceptAllMessages);
    const tx = { transaction_id: "t-1", account_id: "a-1", amount: 1500, currency: "EUR", country: "FR", account_country: "FR", timestamp: "2026-01-10T12:00:00Z" };

    // Act
    const response = await handler(kinesisEvent([kinesisRecord(tx), kinesisRecord({ ...tx, amount: "lots" })]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(publishes.calls.map((c) => [c.TopicArn, c.PublishBatchRequestEntries.length])).toEqual([[TOPIC, 1]]);
    expect(JSON.parse(publishes.calls[0].PublishBatchRequestEntries[0].Message).reasons[0].message).toBe("amount 1500 EUR is over the threshold of 1000");
    expect(sends.calls.map((c) => c.QueueUrl)).toEqual(["https://sqs.eu-west-1.amazonaws.com/123456789012/fraud-dlq"]);
    publishes.remove();
    sends.remove();
  });
});
