import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { acceptAllMessages, answerCalls } from "../shared/testing/answer-calls";
import { batchesOf, deadLetteredData, hostileInputs, userRecordsOf } from "../shared/testing/hostile-inputs";
import { kinesisEvent } from "../shared/testing/kinesis-events";
import { detectFraud } from "./process-batch";

const credentials = { accessKeyId: "l", secretAccessKey: "l" };

describe("fraud-detector under hostile input", () => {
  it("accounts for every user record of every batch: alerted, dead-lettered with its bytes, or reported failed", async () => {
    // Every valid sample breaks the amount rule, so a valid record must come out as an alert.
    const inputs = hostileInputs((i) => ({ transaction_id: `t-${i}`, account_id: "acc-1", amount: 75_000, currency: "EUR", country: "FR", account_country: "FR", timestamp: "2026-01-10T12:00:00+01:00", merchant: "m" }));
    for (const batch of batchesOf(inputs, 20)) {
      const sns = new SNSClient({ region: "us-east-1", credentials });
      const sqs = new SQSClient({ region: "us-east-1", credentials });
      const publishes = answerCalls<any>(sns, "PublishBatchCommand", (input: any) => ({ Successful: input.PublishBatchRequestEntries.map((e: { Id: string }, i: number) => ({ Id: e.Id, MessageId: `sns-${i}` })), Failed: [] }));
      const sends = answerCalls<any>(sqs, "SendMessageBatchCommand", acceptAllMessages);
      const config = { alertTopicArn: "arn:aws:sns:us-east-1:123456789012:fraud", deadLetterQueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/dlq", rules: { amountThreshold: 50_000, nightStartHour: 23, nightEndHour: 5 }, fieldMapping: {} };
      const { response } = await detectFraud(kinesisEvent(batch.map((b) => b.record)), { config, sns, sqs, publishOptions: { sleep: async () => {} }, deadLetterOptions: { sleep: async () => {} }, now: () => new Date("2026-01-10T12:00:00Z") });
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      const alerted = new Set(publishes.calls.flatMap((c) => c.PublishBatchRequestEntries.map((e: { Message: string }) => { const s = JSON.parse(e.Message).source; return `${s.sequenceNumber}/${s.subSequenceNumber}`; })));
      const dead = deadLetteredData(sends.calls.flatMap((c) => c.Entries.map((e: { MessageBody: string }) => e.MessageBody)));
      for (const { label, record } of batch) {
        if (failed.has(record.kinesis.sequenceNumber)) continue;
        for (const user of userRecordsOf(record)) {
          const kept = dead.get(user.id);
          expect(alerted.has(user.id) || kept !== undefined, `${label}: ${user.id} neither alerted nor dead-lettered`).toBe(true);
          if (kept) expect(kept.equals(user.data), `${label}: dead letter holds other bytes`).toBe(true);
        }
      }
      expect(response.batchItemFailures).toEqual([]);
    }
  });
});
