import { KinesisClient } from "@aws-sdk/client-kinesis";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failCalls, failPutRecordsEntries, serviceError } from "../shared/testing/faults";
import { kinesisEvent, kinesisRecord, kplAggregatedRecord } from "../shared/testing/kinesis-events";
import { localClientConfig, startLocalDynamoDb, startLocalKinesis, type LocalServer } from "../../test/local-aws";
import type { EnrichmentConfig } from "./config";
import type { DeadLetterMessage } from "./dead-letter";
import type { LookupResult } from "./lookup";
import { TtlLruCache } from "./lru-cache";
import { enrichBatch, type EnrichmentDependencies } from "./process-batch";
import { acceptAllMessages, answerCalls } from "./test-support/answer-calls";
import { createStream, readAllRecords } from "./test-support/local-streams";

const TABLE = "customers";
const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/enrichment-dlq";
const noWait = async () => {};
let kinesisServer: LocalServer;
let dynamoServer: LocalServer;
let streams = 0;

beforeAll(async () => {
  [kinesisServer, dynamoServer] = await Promise.all([startLocalKinesis(), startLocalDynamoDb()]);
  const dynamo = new DynamoDBClient(localClientConfig(dynamoServer));
  await dynamo.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: "customer_id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "customer_id", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  await DynamoDBDocumentClient.from(dynamo).send(
    new BatchWriteCommand({
      RequestItems: {
        [TABLE]: [
          { PutRequest: { Item: { customer_id: "c-1", name: "Ada", tier: "gold" } } },
          { PutRequest: { Item: { customer_id: "c-2", name: "Grace", tier: "silver" } } },
        ],
      },
    }),
  );
});

afterAll(async () => {
  await Promise.all([kinesisServer?.close(), dynamoServer?.close()]);
});

async function setup(overrides: Partial<EnrichmentConfig> = {}) {
  const streamName = `enriched-${++streams}`;
  const kinesis = new KinesisClient(localClientConfig(kinesisServer));
  await createStream(kinesis, streamName);
  const dynamoDb = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(dynamoServer)));
  const sqs = new SQSClient({ region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  const deadLetters = answerCalls(sqs, "SendMessageBatchCommand", acceptAllMessages);
  const config: EnrichmentConfig = {
    lookupTableName: TABLE,
    lookupKeyField: "customer_id",
    lookupTableKeyAttribute: "customer_id",
    enrichmentAttribute: "customer",
    missingLookupMode: "pass-through",
    cacheMaxEntries: 100,
    cacheTtlMs: 60_000,
    outputStream: { streamName },
    deadLetterQueueUrl: QUEUE_URL,
    ...overrides,
  };
  const deps: EnrichmentDependencies = {
    config,
    cache: new TtlLruCache<string, LookupResult>({ maxEntries: 100, ttlMs: 60_000 }),
    dynamoDb,
    kinesis,
    sqs,
    putOptions: { sleep: noWait },
    lookupOptions: { baseDelayMs: 1, maxDelayMs: 2 },
    deadLetterOptions: { sleep: noWait },
  };
  const output = async () => (await readAllRecords(kinesis, streamName)).map((r) => JSON.parse(Buffer.from(r.data).toString("utf8")));
  const letters = () =>
    deadLetters.calls.flatMap((call: { Entries: Array<{ MessageBody: string }> }) => call.Entries.map((e) => JSON.parse(e.MessageBody) as DeadLetterMessage));
  return { deps, kinesis, dynamoDb, sqs, output, letters, deadLetterCalls: deadLetters };
}

describe("enrichBatch", () => {
  it("writes every valid record to the output stream with the customer found", async () => {
    // Prepare
    const { deps, output } = await setup();
    const event = kinesisEvent([kinesisRecord({ customer_id: "c-1", amount: 10 }), kinesisRecord({ customer_id: "c-2", amount: 20 })]);

    // Act
    const { response, summary } = await enrichBatch(event, deps);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const written = await output();
    expect(written).toEqual([
      { customer_id: "c-1", amount: 10, customer: { customer_id: "c-1", name: "Ada", tier: "gold" }, _enrichment: { status: "enriched", source: { sequenceNumber: event.Records[0]!.kinesis.sequenceNumber, subSequenceNumber: 0 } } },
      { customer_id: "c-2", amount: 20, customer: { customer_id: "c-2", name: "Grace", tier: "silver" }, _enrichment: { status: "enriched", source: { sequenceNumber: event.Records[1]!.kinesis.sequenceNumber, subSequenceNumber: 0 } } },
    ]);
    expect(summary).toMatchObject({ records: 2, enriched: 2, notFound: 0, deadLettered: 0, retried: 0 });
  });

  it("keeps the record's partition key on the output record", async () => {
    // Prepare
    const { deps, kinesis, deps: { config } } = await setup();

    // Act
    await enrichBatch(kinesisEvent([kinesisRecord({ customer_id: "c-1" }, { partitionKey: "c-1" })]), deps);

    // Assess
    const [stored] = await readAllRecords(kinesis, (config.outputStream as { streamName: string }).streamName);
    expect(stored?.partitionKey).toBe("c-1");
  });

  it("passes a record whose key is not in the table through, marked not_found, in pass-through mode", async () => {
    // Prepare
    const { deps, output, letters } = await setup({ missingLookupMode: "pass-through" });

    // Act
    const { response } = await enrichBatch(kinesisEvent([kinesisRecord({ customer_id: "c-unknown", amount: 1 })]), deps);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const [written] = await output();
    expect(written).not.toHaveProperty("customer");
    expect(written).toMatchObject({ customer_id: "c-unknown", amount: 1, _enrichment: { status: "not_found" } });
    expect(letters()).toEqual([]);
  });

  it("dead-letters a record whose key is not in the table in fail mode, with its data and reason", async () => {
    // Prepare
    const { deps, output, letters } = await setup({ missingLookupMode: "fail" });
    const record = kinesisRecord({ customer_id: "c-unknown" });

    // Act
    const { response } = await enrichBatch(kinesisEvent([record, kinesisRecord({ customer_id: "c-1" })]), deps);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(await output()).toHaveLength(1);
    const [letter] = letters();
    expect(letter).toMatchObject({ reason: "lookup_miss", dataBase64: record.kinesis.data, part: 1, parts: 1 });
    expect(letter?.detail).toBe('no item for customer_id="c-unknown" in the lookup table');
    expect(letter?.source).toMatchObject({ sequenceNumber: record.kinesis.sequenceNumber, eventId: record.eventID, subSequenceNumber: 0 });
  });

  it.each([
    ["not base64", kinesisRecord(null, { data: "not base64!" }), "not_base64"],
    ["not JSON", kinesisRecord("{oops"), "not_json"],
    ["a JSON array", kinesisRecord([1, 2]), "not_object"],
    ["no key field", kinesisRecord({ amount: 3 }), "missing_key_field"],
    ["a key of the wrong type", kinesisRecord({ customer_id: { id: 1 } }), "invalid_key_field"],
    ["an empty key", kinesisRecord({ customer_id: "" }), "invalid_key_field"],
  ])("dead-letters a record with %s and never retries it", async (_name, record, reason) => {
    // Prepare
    const { deps, output, letters } = await setup();

    // Act
    const { response, summary } = await enrichBatch(kinesisEvent([record]), deps);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(await output()).toEqual([]);
    expect(letters().map((l) => l.reason)).toEqual([reason]);
    expect(summary.deadLettered).toBe(1);
  });

  it("dead-letters a key DynamoDB refuses (a number for a string key) and enriches the rest of the batch", async () => {
    // Prepare
    const { deps, output, letters } = await setup();

    // Act
    const { response } = await enrichBatch(kinesisEvent([kinesisRecord({ customer_id: 42 }), kinesisRecord({ customer_id: "c-1" })]), deps);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect((await output()).map((r) => r.customer?.name)).toEqual(["Ada"]);
    expect(letters().map((l) => l.reason)).toEqual(["lookup_rejected"]);
  });

  it("de-aggregates KPL records and enriches each user record", async () => {
    // Prepare
    const { deps, output } = await setup();
    const aggregated = kplAggregatedRecord([{ customer_id: "c-1", n: 0 }, { customer_id: "c-2", n: 1 }, { customer_id: "c-1", n: 2 }]);

    // Act
    const { response } = await enrichBatch(kinesisEvent([aggregated]), deps);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const written = await output();
    expect(written.map((r) => [r.n, r.customer.name, r._enrichment.source.subSequenceNumber])).toEqual([
      [0, "Ada", 0],
      [1, "Grace", 1],
      [2, "Ada", 2],
    ]);
  });

  it("dead-letters a record that enrichment makes larger than Kinesis accepts", async () => {
    // Prepare
    const { deps, output, letters } = await setup();
    const record = kinesisRecord({ customer_id: "c-1", blob: "x".repeat(1_048_400) });

    // Act
    const { response } = await enrichBatch(kinesisEvent([record, kinesisRecord({ customer_id: "c-2" })]), deps);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect((await output()).map((r) => r.customer_id)).toEqual(["c-2"]);
    const parts = letters();
    expect(parts.map((p) => p.reason)).toEqual(parts.map(() => "output_rejected"));
    expect(parts[0]?.detail).toMatch(/^RecordTooLarge: record is \d+ bytes, Kinesis accepts at most 1048576$/);
    expect(Buffer.concat(parts.map((p) => Buffer.from(p.dataBase64, "base64"))).toString("base64")).toBe(record.kinesis.data);
  });

  it("answers an empty batch with no failures and no calls", async () => {
    // Prepare
    const { deps, deadLetterCalls } = await setup();

    // Act
    const { response } = await enrichBatch(kinesisEvent([]), deps);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(deadLetterCalls.calls).toEqual([]);
  });

  it("looks each distinct key up once per batch and serves later batches from the cache", async () => {
    // Prepare
    const { deps } = await setup();
    const batchGets = answerCalls(deps.dynamoDb, "BatchGetItemCommand", (input: any) => ({
      Responses: { [TABLE]: input.RequestItems[TABLE].Keys.map((k: { customer_id: string }) => ({ ...k, name: "cached" })) },
    }));

    // Act
    await enrichBatch(kinesisEvent([kinesisRecord({ customer_id: "c-1" }), kinesisRecord({ customer_id: "c-1" }), kinesisRecord({ customer_id: "c-2" })]), deps);
    await enrichBatch(kinesisEvent([kinesisRecord({ customer_id: "c-2" })]), deps);

    // Assess
    expect(batchGets.calls).toEqual([{ RequestItems: { [TABLE]: { Keys: [{ customer_id: "c-1" }, { customer_id: "c-2" }] } } }]);
  });

  it("retries the records whose lookup stays throttled and writes nothing from them on", async () => {
    // Prepare
    const { deps, output, letters } = await setup();
    answerCalls(deps.dynamoDb, "BatchGetItemCommand", (input: any) => {
      const keys = input.RequestItems[TABLE].Keys as Array<{ customer_id: string }>;
      return {
        Responses: { [TABLE]: keys.filter((k) => k.customer_id !== "c-hot").map((k) => ({ ...k, name: "n" })) },
        UnprocessedKeys: { [TABLE]: { Keys: keys.filter((k) => k.customer_id === "c-hot") } },
      };
    });
    const records = [
      kinesisRecord({ customer_id: "c-1" }),
      kinesisRecord({ customer_id: "c-hot" }),
      kinesisRecord({ customer_id: "c-2" }),
      kinesisRecord("{not json"),
    ];

    // Act
    const { response } = await enrichBatch(kinesisEvent(records), deps);

    // Assess
    expect(response.batchItemFailures).toEqual(records.slice(1).map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })));
    expect((await output()).map((r) => r.customer_id)).toEqual(["c-1"]);
    expect(letters()).toEqual([]);
  });

  it("retries throttled output entries and writes each record exactly once", async () => {
    // Prepare
    const { deps, output } = await setup();
    failPutRecordsEntries(deps.kinesis, (entry, call) => (call <= 2 && entry.partitionKey !== "p-0" ? "ProvisionedThroughputExceededException" : undefined));
    const records = [0, 1, 2, 3].map((i) => kinesisRecord({ customer_id: "c-1", i }, { partitionKey: `p-${i}` }));

    // Act
    const { response } = await enrichBatch(kinesisEvent(records), deps);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect((await output()).map((r) => r.i).sort()).toEqual([0, 1, 2, 3]);
  });

  it("reports as batch item failures the records the output stream never accepted", async () => {
    // Prepare
    const { deps, output } = await setup();
    failPutRecordsEntries(deps.kinesis, (entry) => (entry.partitionKey === "p-1" ? "ProvisionedThroughputExceededException" : undefined));
    const records = [0, 1, 2].map((i) => kinesisRecord({ customer_id: "c-2", i }, { partitionKey: `p-${i}` }));

    // Act
    const { response } = await enrichBatch(kinesisEvent(records), { ...deps, putOptions: { sleep: noWait, maxAttempts: 3 } });

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[1]!.kinesis.sequenceNumber }]);
    expect((await output()).map((r) => r.i)).toEqual([0, 2]);
  });

  it("reports every record when the output stream refuses whole calls", async () => {
    // Prepare
    const { deps } = await setup();
    failCalls(deps.kinesis, "PutRecordsCommand", 100, () => serviceError("ProvisionedThroughputExceededException"));
    const records = [kinesisRecord({ customer_id: "c-1" }), kinesisRecord({ customer_id: "c-2" })];

    // Act
    const { response } = await enrichBatch(kinesisEvent(records), { ...deps, putOptions: { sleep: noWait, maxAttempts: 2 } });

    // Assess
    expect(response.batchItemFailures).toEqual(records.map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })));
  });

  it("reports a bad record as a batch item failure when the dead-letter queue refuses it", async () => {
    // Prepare
    const { deps, sqs, deadLetterCalls } = await setup();
    deadLetterCalls.remove();
    const sends = answerCalls(sqs, "SendMessageBatchCommand", (input: any) => ({
      Successful: [],
      Failed: input.Entries.map((e: { Id: string }) => ({ Id: e.Id, Code: "InternalError", SenderFault: false, Message: "try later" })),
    }));
    const records = [kinesisRecord({ customer_id: "c-1" }), kinesisRecord("{oops")];

    // Act
    const { response } = await enrichBatch(kinesisEvent(records), { ...deps, deadLetterOptions: { sleep: noWait, maxAttempts: 3 } });

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[1]!.kinesis.sequenceNumber }]);
    expect(sends.calls).toHaveLength(3);
  });
});
