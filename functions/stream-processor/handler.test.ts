import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { configureClients } from "../shared/clients";
import { InMemoryAws, md5 } from "../shared/testing/in-memory-aws";
import { SEED_001_TEST_EVENT, iopsSample, oneOfEachType } from "../shared/testing/iops-events";
import { kinesisEvent, kinesisRecord, kplAggregatedRecord } from "../shared/testing/kinesis-events";

const TABLE = "events";
const QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/malformed";
const TOPIC = "arn:aws:sns:us-east-1:123456789012:malformed";
const aws = new InMemoryAws();
let handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>;

beforeAll(async () => {
  Object.assign(process.env, {
    EVENTS_TABLE_NAME: TABLE,
    DEAD_LETTER_QUEUE_URL: QUEUE,
    MALFORMED_TOPIC_ARN: TOPIC,
    WRITE_MAX_ATTEMPTS: "3",
    MAX_EVENT_BYTES: "100000",
    POWERTOOLS_METRICS_DISABLED: "true",
    POWERTOOLS_LOG_LEVEL: "SILENT",
  });
  configureClients({ requestHandler: aws as never, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, maxAttempts: 1 });
  ({ handler } = await import("./handler"));
});
afterEach(() => aws.reset());

const puts = () => aws.callsOf("BatchWriteItem").flatMap((c) => c.input.RequestItems[TABLE].map((r: any) => r.PutRequest.Item));
const deadLetters = () => aws.callsOf("SendMessageBatch").flatMap((c) => c.input.Entries.map((e: any) => JSON.parse(e.MessageBody)));

describe("stream-processor handler", () => {
  it("answers an empty batch without calling anything", async () => {
    expect(await handler(kinesisEvent([]))).toEqual({ batchItemFailures: [] });
    expect(aws.calls).toEqual([]);
  });

  it("writes one valid event of each type with a key derived from the record", async () => {
    // Prepare
    const events = oneOfEachType();
    const records = events.map((e) => kinesisRecord(e));
    // Act
    const before = Math.floor(Date.now() / 1000);
    const response = await handler(kinesisEvent(records));
    const after = Math.floor(Date.now() / 1000);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(aws.calls.map((c) => c.operation)).toEqual(["BatchWriteItem"]);
    const items = puts();
    expect(items.map((i: any) => i.event_type.S)).toEqual(events.map((e) => e.event_type));
    expect(items[0]).toEqual({
      pk: { S: "dash" },
      sk: { S: `${events[0]!.timestamp}#shardId-000000000000:${records[0]!.kinesis.sequenceNumber}:0` },
      event_type: { S: "session_started" },
      timestamp: { S: events[0]!.timestamp },
      source: { S: "dash" },
      event: { S: JSON.stringify(events[0]) },
      shard_id: { S: "shardId-000000000000" },
      sequence_number: { S: records[0]!.kinesis.sequenceNumber },
      sub_sequence_number: { N: "0" },
      arrival_timestamp: { N: "1767225600" },
      expires_at: { N: expect.any(String) },
    });
    // EVENTS_RETENTION_DAYS unset: 90 days after the write, in epoch seconds.
    const expiresAt = Number(items[0].expires_at.N);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 90 * 86_400);
    expect(expiresAt).toBeLessThanOrEqual(after + 90 * 86_400);
    expect(items[2]).toMatchObject({ iops: { N: "900" }, latency: { N: "2.5" }, error_rate: { N: "1" } });
  });

  it("stores seed 001's test event, which has no source, keyed on its session id", async () => {
    const record = kinesisRecord(SEED_001_TEST_EVENT, { partitionKey: "test-123" });
    const response = await handler(kinesisEvent([record]));
    expect(response).toEqual({ batchItemFailures: [] });
    const [item] = puts();
    expect(item).toMatchObject({
      pk: { S: "test-123" },
      sk: { S: `2024-11-06T12:00:00Z#shardId-000000000000:${record.kinesis.sequenceNumber}:0` },
      event_type: { S: "session_started" },
      event: { S: SEED_001_TEST_EVENT },
      iops: { N: "50000" },
      latency: { N: "5.2" },
      error_rate: { N: "0.1" },
      warnings: { L: [{ S: expect.stringMatching(/^timestamp-stale: /) }] },
    });
    expect(item.source).toBeUndefined();
    expect(aws.callsOf("SendMessageBatch")).toEqual([]);
  });

  it("writes an event with a warning, and keeps the warning on the item", async () => {
    const response = await handler(kinesisEvent([kinesisRecord(iopsSample({ timestamp: "2020-01-01T00:00:00.000Z" }))]));
    expect(response.batchItemFailures).toEqual([]);
    expect(puts()[0].warnings).toEqual({ L: [{ S: expect.stringMatching(/^timestamp-stale: timestamp 2020-01-01T00:00:00.000Z is older than 168 hours$/) }] });
    expect(aws.callsOf("SendMessageBatch")).toEqual([]);
  });

  it("uses event_id in the key, and keeps only the latest record of a duplicated id", async () => {
    const first = iopsSample({ event_id: "same", timestamp: "2026-01-31T12:00:00.000Z", metrics: { iops: 1, latency: 1, errorRate: 0 } });
    const second = { ...first, metrics: { iops: 2, latency: 1, errorRate: 0 } };
    const response = await handler(kinesisEvent([kinesisRecord(first), kinesisRecord(second)]));
    expect(response.batchItemFailures).toEqual([]);
    expect(puts()).toHaveLength(1);
    expect(puts()[0]).toMatchObject({ sk: { S: "2026-01-31T12:00:00.000Z#same" }, event_id: { S: "same" }, iops: { N: "2" } });
  });

  it("dead-letters every kind of malformed record with its reasons, and never retries them", async () => {
    // Prepare
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const cases: Array<[string, ReturnType<typeof kinesisRecord>]> = [
      ["not-base64", kinesisRecord(undefined, { data: "***" })],
      ["not-json", kinesisRecord("{oops")],
      ["schema", kinesisRecord({ event_type: "iops_sample", timestamp: "now", source: 7 })],
      ["schema", kinesisRecord([1, 2, 3])],
      ["iops-non-negative", kinesisRecord(iopsSample({ metrics: { iops: -5, latency: 1, errorRate: 0 } }))],
      ["latency-non-negative", kinesisRecord(iopsSample({ metrics: { iops: 5, latency: -1, errorRate: 0 } }))],
      ["error-rate-range", kinesisRecord(iopsSample({ metrics: { iops: 5, latency: 1, errorRate: 101 } }))],
      ["timestamp-not-in-future", kinesisRecord(iopsSample({ timestamp: future }))],
      ["too-large", kinesisRecord(iopsSample({ payload: { volume_id: "v", blob: "x".repeat(150_000) } }))],
    ];
    // Act
    const response = await handler(kinesisEvent(cases.map(([, r]) => r)));
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(aws.callsOf("BatchWriteItem")).toEqual([]);
    const stored = deadLetters();
    expect(stored.map((m: any) => m.reasons[0].rule)).toEqual(cases.map(([rule]) => rule));
    expect(stored.map((m: any) => m.source.sequenceNumber)).toEqual(cases.map(([, r]) => r.kinesis.sequenceNumber));
    expect(Buffer.from(stored[1].data, "base64").toString()).toBe("{oops");
    expect(Buffer.from(stored[0].data, "base64").toString()).toBe("***");
    expect(stored[2].reasons.map((r: any) => r.path)).toEqual(["timestamp", "source", "payload", "metrics"]);
    const publishes = aws.callsOf("Publish");
    expect(publishes).toHaveLength(1);
    expect(publishes[0]!.input).toMatchObject({ TopicArn: TOPIC, Subject: "9 malformed events on test-stream" });
    const summary = JSON.parse(publishes[0]!.input.Message);
    expect(summary).toMatchObject({ malformed: 9, stored: 9, notStored: 0, byRule: { schema: 2, "not-json": 1, "too-large": 1 }, bySeverity: { critical: 5, error: 4 } });
  });

  it("stores a record too big for one SQS message in parts that rebuild it, each with its stream position", async () => {
    const record = kinesisRecord("z".repeat(300_000));
    const response = await handler(kinesisEvent([record]));
    expect(response.batchItemFailures).toEqual([]);
    const bodies = aws.callsOf("SendMessageBatch").flatMap((c) => c.input.Entries.map((e: any) => e.MessageBody as string));
    expect(bodies.every((b) => Buffer.byteLength(b) <= 262_144)).toBe(true);
    const parts = deadLetters();
    expect(parts).toMatchObject([1, 2].map((part) => ({ part, parts: 2, dataBytes: 300_000, source: { sequenceNumber: record.kinesis.sequenceNumber }, reasons: [{ rule: "too-large" }] })));
    expect(Buffer.concat(parts.map((m: any) => Buffer.from(m.data, "base64"))).toString() === "z".repeat(300_000)).toBe(true);
  });

  it("splits a mixed batch: writes in chunks of 25, dead-letters 10 a call, one notification", async () => {
    const records = Array.from({ length: 72 }, (_, i) => (i % 6 === 5 ? kinesisRecord(`bad ${i}`) : kinesisRecord(iopsSample())));
    const response = await handler(kinesisEvent(records));
    expect(response.batchItemFailures).toEqual([]);
    expect(aws.callsOf("BatchWriteItem").map((c) => c.input.RequestItems[TABLE].length)).toEqual([25, 25, 10]);
    expect(aws.callsOf("SendMessageBatch").map((c) => c.input.Entries.length)).toEqual([10, 2]);
    expect(aws.callsOf("Publish")).toHaveLength(1);
  });

  it("de-aggregates KPL records and dead-letters a bad sub-record with its sub-sequence number", async () => {
    const record = kplAggregatedRecord([iopsSample(), iopsSample(), "{broken", iopsSample()]);
    const response = await handler(kinesisEvent([record]));
    expect(response.batchItemFailures).toEqual([]);
    expect(puts()).toHaveLength(3);
    expect(deadLetters()).toMatchObject([{ source: { sequenceNumber: record.kinesis.sequenceNumber, subSequenceNumber: 2, partitionKey: "partition-2" }, reasons: [{ rule: "not-json" }] }]);
  });

  it("retries unprocessed items and reports nothing when they land", async () => {
    let calls = 0;
    aws.on("BatchWriteItem", (input) => ({ body: { UnprocessedItems: ++calls === 1 ? { [TABLE]: input.RequestItems[TABLE].slice(0, 4) } : {} } }));
    const response = await handler(kinesisEvent(Array.from({ length: 10 }, () => kinesisRecord(iopsSample()))));
    expect(response.batchItemFailures).toEqual([]);
    expect(aws.callsOf("BatchWriteItem").map((c) => c.input.RequestItems[TABLE].length)).toEqual([10, 4]);
  });

  it("reports exactly the records whose items stay unprocessed after every attempt", async () => {
    const records = Array.from({ length: 5 }, () => kinesisRecord(iopsSample()));
    const stuck = new Set([records[1]!, records[3]!].map((r) => r.kinesis.sequenceNumber));
    aws.on("BatchWriteItem", (input) => ({
      body: { UnprocessedItems: { [TABLE]: input.RequestItems[TABLE].filter((r: any) => stuck.has(r.PutRequest.Item.sequence_number.S)) } },
    }));
    const response = await handler(kinesisEvent(records));
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: records[1]!.kinesis.sequenceNumber }, { itemIdentifier: records[3]!.kinesis.sequenceNumber }] });
    expect(aws.callsOf("BatchWriteItem").map((c) => c.input.RequestItems[TABLE].length)).toEqual([5, 2, 2]);
  });

  it("reports the whole batch of valid records when DynamoDB keeps throttling", async () => {
    aws.on("BatchWriteItem", () => ({ error: { name: "ProvisionedThroughputExceededException", message: "slow down" } }));
    const records = [kinesisRecord(iopsSample()), kinesisRecord("bad"), kinesisRecord(iopsSample())];
    const response = await handler(kinesisEvent(records));
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([records[0]!.kinesis.sequenceNumber, records[2]!.kinesis.sequenceNumber]);
    expect(aws.callsOf("BatchWriteItem")).toHaveLength(3);
    expect(deadLetters()).toHaveLength(1);
  });

  it("dead-letters an item DynamoDB refuses as invalid and writes the rest of its chunk", async () => {
    aws.on("BatchWriteItem", (input) => {
      const items = input.RequestItems[TABLE];
      return items.some((r: any) => r.PutRequest.Item.source.S === "poison") ? { error: { name: "ValidationException", message: "Item size has exceeded the maximum allowed size" } } : { body: { UnprocessedItems: {} } };
    });
    const records = [kinesisRecord(iopsSample()), kinesisRecord(iopsSample({ source: "poison" })), kinesisRecord(iopsSample())];
    const response = await handler(kinesisEvent(records));
    expect(response.batchItemFailures).toEqual([]);
    expect(aws.callsOf("BatchWriteItem").map((c) => c.input.RequestItems[TABLE].length)).toEqual([3, 1, 1, 1]);
    expect(deadLetters()).toMatchObject([{ source: { sequenceNumber: records[1]!.kinesis.sequenceNumber }, reasons: [{ rule: "dynamodb-rejected", message: expect.stringContaining("Item size") }] }]);
  });

  it("reports a malformed record whose dead-letter store fails, so it is never lost", async () => {
    const records = [kinesisRecord("bad-0"), kinesisRecord("bad-1"), kinesisRecord(iopsSample())];
    aws.on("SendMessageBatch", (input) => ({
      body: {
        Successful: input.Entries.filter((e: any) => JSON.parse(e.MessageBody).source.sequenceNumber !== records[1]!.kinesis.sequenceNumber).map((e: any) => ({ Id: e.Id, MessageId: "x", MD5OfMessageBody: md5(e.MessageBody) })),
        Failed: input.Entries.filter((e: any) => JSON.parse(e.MessageBody).source.sequenceNumber === records[1]!.kinesis.sequenceNumber).map((e: any) => ({ Id: e.Id, SenderFault: false, Code: "InternalError" })),
      },
    }));
    const response = await handler(kinesisEvent(records));
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: records[1]!.kinesis.sequenceNumber }] });
    expect(aws.callsOf("SendMessageBatch").map((c) => c.input.Entries.length)).toEqual([2, 1, 1]);
    expect(JSON.parse(aws.callsOf("Publish")[0]!.input.Message)).toMatchObject({ malformed: 2, stored: 1, notStored: 1 });
  });

  it("reports every malformed record when the queue refuses the call", async () => {
    aws.on("SendMessageBatch", () => ({ error: { name: "AccessDenied", message: "no" } }));
    const records = [kinesisRecord("bad-0"), kinesisRecord(iopsSample()), kinesisRecord("bad-2")];
    const response = await handler(kinesisEvent(records));
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([records[0]!.kinesis.sequenceNumber, records[2]!.kinesis.sequenceNumber]);
    expect(puts()).toHaveLength(1);
  });

  it("does not replay the batch when only the notification fails", async () => {
    aws.on("Publish", () => ({ error: { name: "Throttled", message: "slow" } }));
    const response = await handler(kinesisEvent([kinesisRecord("bad")]));
    expect(response.batchItemFailures).toEqual([]);
    expect(deadLetters()).toHaveLength(1);
  });
});
