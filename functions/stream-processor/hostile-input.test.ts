import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { InMemoryAws } from "../shared/testing/in-memory-aws";
import { iopsSample } from "../shared/testing/iops-events";
import { batchesOf, deadLetteredData, hostileInputs, userRecordsOf } from "../shared/testing/hostile-inputs";
import { kinesisEvent, kinesisRecord } from "../shared/testing/kinesis-events";
import { loadConfig } from "./config";
import { processBatch, type ProcessorDeps } from "./processor";

const TABLE = "events";

function deps(aws: InMemoryAws): ProcessorDeps {
  const client = { requestHandler: aws as never, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, maxAttempts: 1 };
  const quiet = () => {};
  return {
    config: loadConfig({ EVENTS_TABLE_NAME: TABLE, MALFORMED_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:malformed", DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/dlq" }),
    dynamo: new DynamoDBClient(client),
    sqs: new SQSClient(client),
    sns: new SNSClient(client),
    telemetry: { info: quiet, warn: quiet, error: quiet, count: quiet },
    sleep: async () => {},
    now: Date.now,
  };
}

describe("stream-processor under hostile input", () => {
  it("accounts for every user record of every batch: written, dead-lettered with its bytes, or reported failed", async () => {
    // Prepare
    const aws = new InMemoryAws();
    const inputs = hostileInputs((i) => iopsSample({ event_id: `hostile-${i}` }));
    // Act and assess, batch by batch
    for (const batch of batchesOf(inputs, 20)) {
      aws.reset();
      const records = batch.map((b) => b.record);
      const { batchItemFailures } = await processBatch(kinesisEvent(records), deps(aws));
      const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
      const written = new Set(aws.callsOf("BatchWriteItem").flatMap((c) => c.input.RequestItems[TABLE].map((r: any) => `${r.PutRequest.Item.sequence_number.S}/${r.PutRequest.Item.sub_sequence_number.N}`)));
      const dead = deadLetteredData(aws.callsOf("SendMessageBatch").flatMap((c) => c.input.Entries.map((e: any) => e.MessageBody)));
      for (const { label, record } of batch) {
        if (failed.has(record.kinesis.sequenceNumber)) continue;
        for (const user of userRecordsOf(record)) {
          const kept = dead.get(user.id);
          expect(written.has(user.id) || kept !== undefined, `${label}: ${user.id} neither written nor dead-lettered`).toBe(true);
          if (kept) expect(kept.equals(user.data), `${label}: dead letter holds other bytes`).toBe(true);
        }
      }
      expect(batchItemFailures).toEqual([]);
    }
    expect(inputs.length).toBeGreaterThan(100);
  });

  it("dead-letters an empty KPL aggregate with its bytes instead of acknowledging it unseen", async () => {
    const aws = new InMemoryAws();
    const input = hostileInputs((i) => iopsSample({ event_id: `e-${i}` })).find((h) => h.label === "empty KPL aggregate")!;
    await processBatch(kinesisEvent([input.record]), deps(aws));
    const messages = aws.callsOf("SendMessageBatch").flatMap((c) => c.input.Entries.map((e: any) => JSON.parse(e.MessageBody)));
    expect(messages).toMatchObject([{ reasons: [{ rule: "empty-aggregate" }], data: input.record.kinesis.data }]);
  });

  it("writes two events whose keys only a separator told apart as two items", async () => {
    const aws = new InMemoryAws();
    const t = new Date().toISOString();
    // pk + "\0" + sk gives `a\0<t>#y\0<t>#x` for both.
    const events = [iopsSample({ source: `a\u0000${t}#y`, event_id: "x", timestamp: t }), iopsSample({ source: "a", event_id: `y\u0000${t}#x`, timestamp: t })];
    await processBatch(kinesisEvent(events.map((e) => kinesisRecord(e))), deps(aws));
    const keys = aws.callsOf("BatchWriteItem").flatMap((c) => c.input.RequestItems[TABLE].map((r: any) => [r.PutRequest.Item.pk.S, r.PutRequest.Item.sk.S]));
    expect(keys).toEqual([
      [`a\u0000${t}#y`, `${t}#x`],
      ["a", `${t}#y\u0000${t}#x`],
    ]);
  });
});
