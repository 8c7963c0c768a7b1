import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kinesisEvent, kinesisRecord, kplAggregatedRecord } from "../shared/testing/kinesis-events";
import { enrichBatch } from "./process-batch";
import { answerCalls } from "../shared/testing/answer-calls";
import { FIXTURE_TABLE as TABLE, startEnrichmentFixture } from "./test-support/enrichment-fixture";
import { readAllRecords } from "./test-support/local-streams";

let fixture: Awaited<ReturnType<typeof startEnrichmentFixture>>;
const setup = (...args: Parameters<typeof fixture.setup>) => fixture.setup(...args);

beforeAll(async () => {
  fixture = await startEnrichmentFixture();
});

afterAll(async () => {
  await fixture?.close();
});

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
    expect(letter).toMatchObject({ format: "dead-letter/1", reasons: [{ rule: "lookup_miss", severity: "critical" }], data: record.kinesis.data, part: 1, parts: 1 });
    expect(letter?.reasons[0]?.message).toBe('no item for customer_id="c-unknown" in the lookup table');
    expect(letter?.source).toMatchObject({ sequenceNumber: record.kinesis.sequenceNumber, shardId: record.eventID.split(":")[0], eventSourceArn: record.eventSourceARN, subSequenceNumber: 0 });
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
    expect(letters().map((l) => l.reasons[0]?.rule)).toEqual([reason]);
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
    expect(letters().map((l) => l.reasons[0]?.rule)).toEqual(["lookup_rejected"]);
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
    expect(parts.map((p) => p.reasons[0]?.rule)).toEqual(parts.map(() => "output_rejected"));
    expect(parts[0]?.reasons[0]?.message).toMatch(/^RecordTooLarge: record is \d+ bytes, Kinesis accepts at most 1048576$/);
    expect(Buffer.concat(parts.map((p) => Buffer.from(p.data, "base64"))).toString("base64")).toBe(record.kinesis.data);
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
});
