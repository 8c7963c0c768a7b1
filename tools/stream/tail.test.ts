import { DescribeStreamSummaryCommand, MergeShardsCommand, PutRecordsCommand, SplitShardCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalKinesis, type LocalServer } from "../../test/local-aws";
import { listAllShards } from "./shards";
import { formatTailRecord, tailStream, type ShardEvent, type TailOptions, type TailRecord } from "./tail";
import { createStream, localKinesis } from "./testing";

let server: LocalServer;
let client: KinesisClient;

beforeAll(async () => {
  server = await startLocalKinesis();
  client = localKinesis(server);
});

afterAll(async () => {
  await server.close();
});

const fast: TailOptions = { readIntervalMs: 0, pollIntervalMs: 10, shardRefreshMs: 20 };

async function put(streamName: string, values: Array<{ key: string; n: number }>): Promise<string[]> {
  const response = await client.send(
    new PutRecordsCommand({ StreamName: streamName, Records: values.map((v) => ({ PartitionKey: v.key, Data: Buffer.from(JSON.stringify(v)) })) }),
  );
  expect(response.FailedRecordCount).toBe(0);
  return response.Records!.map((r) => `${r.ShardId}:${r.SequenceNumber}`);
}

async function collect(streamName: string, options: TailOptions): Promise<TailRecord[]> {
  const records: TailRecord[] = [];
  for await (const record of tailStream(client, streamName, { ...fast, ...options })) records.push(record);
  return records;
}

async function untilActive(streamName: string): Promise<void> {
  for (;;) {
    const summary = await client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
    if (summary.StreamDescriptionSummary?.StreamStatus === "ACTIVE") return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the tail");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const valueOf = (record: TailRecord): { key: string; n: number } => JSON.parse(Buffer.from(record.data).toString("utf8"));
const batch = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ key: `pk${(from + i) % 13}`, n: from + i }));

describe("tailStream", () => {
  it("returns every record exactly once across several shards, then stops when caught up", async () => {
    await createStream(client, "tail-once", 4);
    await put("tail-once", batch(0, 400).map((v) => ({ ...v, key: `key-${v.n}` })));

    const records = await collect("tail-once", { start: { type: "TRIM_HORIZON" } });

    expect(records.map((r) => valueOf(r).n).sort((a, b) => a - b)).toEqual(batch(0, 400).map((v) => v.n));
    expect(new Set(records.map((r) => r.shardId)).size).toBe(4);
  });

  it("stops at the limit", async () => {
    await createStream(client, "tail-limit", 2);
    await put("tail-limit", batch(0, 50));

    const records = await collect("tail-limit", { start: { type: "TRIM_HORIZON" }, limit: 7 });

    expect(records).toHaveLength(7);
  });

  it("reads from LATEST only what is written after it starts", async () => {
    await createStream(client, "tail-latest", 2);
    await put("tail-latest", batch(0, 20));
    const controller = new AbortController();
    const records: TailRecord[] = [];
    const reading = (async () => {
      for await (const record of tailStream(client, "tail-latest", { ...fast, follow: true, signal: controller.signal })) records.push(record);
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));

    await put("tail-latest", batch(100, 10));
    await until(() => records.length >= 10);
    controller.abort();
    await reading;

    expect(records.map((r) => valueOf(r).n).sort((a, b) => a - b)).toEqual(batch(100, 10).map((v) => v.n));
  });

  it("starts at a timestamp", async () => {
    await createStream(client, "tail-timestamp", 2);
    await put("tail-timestamp", batch(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const timestamp = new Date();
    await put("tail-timestamp", batch(10, 5));

    const records = await collect("tail-timestamp", { start: { type: "AT_TIMESTAMP", timestamp } });

    expect(records.map((r) => valueOf(r).n).sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14]);
  });

  it("starts at a sequence number on its own shard, finding the shard when not given", async () => {
    await createStream(client, "tail-sequence", 3);
    const positions = await put("tail-sequence", batch(0, 60));
    const [shardId, sequenceNumber] = positions[30]!.split(":") as [string, string];

    const records = await collect("tail-sequence", { start: { type: "AT_SEQUENCE_NUMBER", sequenceNumber } });

    expect(records[0]).toMatchObject({ shardId, sequenceNumber });
    expect(new Set(records.map((r) => r.shardId))).toEqual(new Set([shardId]));
    const expected = positions.filter((p) => p.startsWith(`${shardId}:`) && BigInt(p.split(":")[1]!) >= BigInt(sequenceNumber));
    expect(records.map((r) => `${r.shardId}:${r.sequenceNumber}`)).toEqual(expected);
  });

  it("follows a split and a merge while tailing: parents drained before children, order kept per key, nothing twice", async () => {
    // Prepare
    await createStream(client, "tail-reshard", 2);
    const events: ShardEvent[] = [];
    const controller = new AbortController();
    const records: TailRecord[] = [];
    const reading = (async () => {
      const options: TailOptions = { ...fast, start: { type: "TRIM_HORIZON" }, follow: true, signal: controller.signal, onShard: (e) => events.push(e) };
      for await (const record of tailStream(client, "tail-reshard", options)) records.push(record);
    })();

    // Act
    await put("tail-reshard", batch(0, 100));
    await until(() => records.length >= 100);
    const [first] = await listAllShards(client, "tail-reshard");
    const range = first!.HashKeyRange!;
    const middle = (BigInt(range.StartingHashKey!) + BigInt(range.EndingHashKey!)) / 2n;
    await client.send(new SplitShardCommand({ StreamName: "tail-reshard", ShardToSplit: first!.ShardId, NewStartingHashKey: middle.toString() }));
    await untilActive("tail-reshard");
    await put("tail-reshard", batch(100, 100));
    await client.send(
      new MergeShardsCommand({ StreamName: "tail-reshard", ShardToMerge: "shardId-000000000003", AdjacentShardToMerge: "shardId-000000000001" }),
    );
    await untilActive("tail-reshard");
    await put("tail-reshard", batch(200, 100));
    await until(() => records.length >= 300);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await reading;

    // Assess
    expect(records.map((r) => valueOf(r).n).sort((a, b) => a - b)).toEqual(batch(0, 300).map((v) => v.n));
    const byKey = new Map<string, number[]>();
    for (const record of records) byKey.set(valueOf(record).key, [...(byKey.get(valueOf(record).key) ?? []), valueOf(record).n]);
    for (const ns of byKey.values()) expect(ns).toEqual([...ns].sort((a, b) => a - b));
    const at = (shardId: string, event: ShardEvent["event"]) => events.findIndex((e) => e.shardId === shardId && e.event === event);
    expect(new Set(records.map((r) => r.shardId))).toEqual(new Set(["shardId-000000000000", "shardId-000000000001", "shardId-000000000002", "shardId-000000000003", "shardId-000000000004"]));
    expect(at("shardId-000000000000", "drained")).toBeLessThan(at("shardId-000000000002", "started"));
    expect(at("shardId-000000000000", "drained")).toBeLessThan(at("shardId-000000000003", "started"));
    expect(at("shardId-000000000003", "drained")).toBeLessThan(at("shardId-000000000004", "started"));
    expect(at("shardId-000000000001", "drained")).toBeLessThan(at("shardId-000000000004", "started"));
  });
});

describe("formatTailRecord", () => {
  it("prints JSON data as a value and other bytes as base64", () => {
    const base = { shardId: "shardId-000000000000", sequenceNumber: "1", subSequenceNumber: 0, partitionKey: "k", approximateArrivalTimestamp: new Date(0) };
    expect(JSON.parse(formatTailRecord({ ...base, data: Buffer.from('{"a":1}') }))).toEqual({ ...base, approximateArrivalTimestamp: "1970-01-01T00:00:00.000Z", data: { a: 1 } });
    expect(JSON.parse(formatTailRecord({ ...base, data: Uint8Array.of(0xff, 0x00) }))).toMatchObject({ dataBase64: "/wA=" });
  });
});
