import { describe, expect, it } from "vitest";
import { configureClients, dynamoDbDocumentClient, kinesisClient, sqsClient } from "../shared/clients";
import { batchesOf, deadLetteredData, hostileInputs, userRecordsOf } from "../shared/testing/hostile-inputs";
import { InMemoryAws } from "../shared/testing/in-memory-aws";
import { kinesisEvent, kinesisRecord } from "../shared/testing/kinesis-events";
import { loadConfig } from "./config";
import type { LookupResult } from "./lookup";
import { TtlLruCache } from "./lru-cache";
import { enrichBatch, type EnrichmentDependencies } from "./process-batch";

const TABLE = "customers";
const BIG = "123456789012345678901234567890";

/** Every key is found, with an item holding a number no double can carry. */
function lookupTable(aws: InMemoryAws): InMemoryAws {
  return aws.on("BatchGetItem", (input) => ({
    body: { Responses: { [TABLE]: input.RequestItems[TABLE].Keys.map((key: any) => ({ ...key, lifetime_value: { N: BIG }, name: { S: "Ada" } })) }, UnprocessedKeys: {} },
  }));
}

function deps(aws: InMemoryAws): EnrichmentDependencies {
  configureClients({ requestHandler: aws as never, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, maxAttempts: 1 });
  const config = loadConfig({ LOOKUP_TABLE_NAME: TABLE, OUTPUT_STREAM_NAME: "enriched", DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/dlq" });
  const noWait = { sleep: async () => {} };
  return {
    config,
    cache: new TtlLruCache<string, LookupResult>({ maxEntries: 100, ttlMs: 60_000 }),
    dynamoDb: dynamoDbDocumentClient(),
    kinesis: kinesisClient(),
    sqs: sqsClient(),
    putOptions: noWait,
    lookupOptions: { baseDelayMs: 0, maxDelayMs: 0 },
    deadLetterOptions: noWait,
  };
}

const written = (aws: InMemoryAws) => aws.callsOf("PutRecords").flatMap((c) => c.input.Records.map((r: any) => Buffer.from(r.Data, "base64").toString("utf8")));

describe("enrichment under hostile input", () => {
  it("accounts for every user record of every batch: written, dead-lettered with its bytes, or reported failed", async () => {
    const aws = lookupTable(new InMemoryAws());
    const inputs = hostileInputs((i) => ({ customer_id: `c-${i}`, amount: 10, note: "n" }));
    for (const batch of batchesOf(inputs, 20)) {
      aws.reset();
      lookupTable(aws);
      const { response } = await enrichBatch(kinesisEvent(batch.map((b) => b.record)), deps(aws));
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      const out = new Set(written(aws).map((text) => { const source = JSON.parse(text)._enrichment.source; return `${source.sequenceNumber}/${source.subSequenceNumber}`; }));
      const dead = deadLetteredData(aws.callsOf("SendMessageBatch").flatMap((c) => c.input.Entries.map((e: any) => e.MessageBody)));
      for (const { label, record } of batch) {
        if (failed.has(record.kinesis.sequenceNumber)) continue;
        for (const user of userRecordsOf(record)) {
          const kept = dead.get(user.id);
          expect(out.has(user.id) || kept !== undefined, `${label}: ${user.id} neither written nor dead-lettered`).toBe(true);
          if (kept) expect(kept.equals(user.data), `${label}: dead letter holds other bytes`).toBe(true);
        }
      }
      expect(response.batchItemFailures).toEqual([]);
    }
  });

  it("dead-letters a key beyond 2^53 instead of letting it fail the lookups of the whole chunk", async () => {
    const aws = lookupTable(new InMemoryAws());
    const records = [kinesisRecord(`{"customer_id":${BIG},"amount":1}`), kinesisRecord({ customer_id: 42, amount: 2 })];
    const { response } = await enrichBatch(kinesisEvent(records), deps(aws));
    expect(response.batchItemFailures).toEqual([]);
    const letters = aws.callsOf("SendMessageBatch").flatMap((c) => c.input.Entries.map((e: any) => JSON.parse(e.MessageBody)));
    expect(letters).toMatchObject([{ reasons: [{ rule: "invalid_key_field", message: expect.stringContaining("safe integer") }], source: { sequenceNumber: records[0]!.kinesis.sequenceNumber } }]);
    expect(aws.callsOf("BatchGetItem").map((c) => c.input.RequestItems[TABLE].Keys)).toEqual([[{ customer_id: { N: "42" } }]]);
  });

  it("writes a lookup item's number beyond 2^53 with its exact digits", async () => {
    const aws = lookupTable(new InMemoryAws());
    await enrichBatch(kinesisEvent([kinesisRecord({ customer_id: "c-1", amount: 1 }), kinesisRecord({ customer_id: 7, amount: 2 })]), deps(aws));
    const texts = written(aws);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain(`"customer":{"customer_id":"c-1","lifetime_value":${BIG},"name":"Ada"}`);
    expect(texts[1]).toContain(`"customer":{"customer_id":7,"lifetime_value":${BIG},"name":"Ada"}`);
  });
});
