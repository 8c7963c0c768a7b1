import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localClientConfig, startLocalKinesis, type LocalServer } from "../../test/local-aws";
import { putRecordsWithRetry } from "./kinesis-put";
import type { UserRecord } from "./kpl";
import { failCalls, failPutRecordsEntries, serviceError } from "./testing/faults";
import { createActiveStream } from "./testing/stream-reader";

let server: LocalServer;
let client: KinesisClient;
let streamCounter = 0;
const noSleep = async () => {};

async function newStream(shards = 2): Promise<string> {
  const name = `put-test-${++streamCounter}`;
  await createActiveStream(client, name, shards);
  return name;
}

async function readAll(streamName: string): Promise<string[]> {
  const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: streamName }));
  const out: string[] = [];
  for (const shard of Shards) {
    const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" }));
    let iterator = ShardIterator;
    for (;;) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      out.push(...(page.Records ?? []).map((r) => Buffer.from(r.Data!).toString()));
      if (!page.Records?.length) break;
      iterator = page.NextShardIterator;
    }
  }
  return out.sort();
}

const records = (n: number, size = 16): UserRecord[] =>
  Array.from({ length: n }, (_, i) => ({ partitionKey: `pk-${i % 7}`, data: Buffer.from(`r${String(i).padStart(5, "0")}`.padEnd(size, ".")) }));

beforeAll(async () => {
  server = await startLocalKinesis();
  client = new KinesisClient(localClientConfig(server));
});
afterAll(async () => {
  client.destroy();
  await server.close();
});

describe("putRecordsWithRetry", () => {
  it("writes every record once in calls of at most 500 entries", async () => {
    // Prepare
    const stream = await newStream();
    const input = records(1203);
    const calls: number[] = [];
    // Act
    const result = await putRecordsWithRetry(client, { streamName: stream }, input, { onBatch: (b) => calls.push(b.sent + b.failed) });
    // Assess
    expect(result.sent).toBe(1203);
    expect(result.failed).toEqual([]);
    expect(calls).toEqual([500, 500, 203]);
    expect(result.accepted.map((a) => a.index)).toEqual(input.map((_, i) => i));
    expect(await readAll(stream)).toEqual(input.map((r) => Buffer.from(r.data).toString()).sort());
  });

  it("splits calls at 5 MiB counting data and partition keys", async () => {
    const stream = await newStream(1);
    const input = records(12, 1024 * 1024 - 8);
    const sizes: number[] = [];
    const result = await putRecordsWithRetry(client, { streamName: stream }, input, { onBatch: (b) => sizes.push(b.sent) });
    expect(result.sent).toBe(12);
    // 1 MiB - 8 + "pk-N" (4) per record: 5 fit in 5 MiB, the sixth does not.
    expect(sizes).toEqual([5, 5, 2]);
  });

  it("retries only the failed entries and lands each record exactly once", async () => {
    const stream = await newStream();
    const input = records(700);
    const failing = new Set(input.filter((_, i) => i % 3 === 0).map((r) => Buffer.from(r.data).toString()));
    // Fail every third record on the first two calls that carry it.
    const seen = new Map<string, number>();
    const remove = failPutRecordsEntries(client, (entry) => {
      const key = Buffer.from(entry.data).toString();
      if (!failing.has(key)) return undefined;
      const count = (seen.get(key) ?? 0) + 1;
      seen.set(key, count);
      return count <= 2 ? "ProvisionedThroughputExceededException" : undefined;
    });
    const attempts: Array<{ attempt: number; sent: number; failed: number }> = [];
    const result = await putRecordsWithRetry(client, { streamName: stream }, input, { sleep: noSleep, onBatch: (b) => attempts.push(b) });
    remove();
    expect(result).toMatchObject({ sent: 700, failed: [] });
    expect(attempts.map((a) => a.attempt)).toEqual([1, 1, 2, 3]);
    expect(attempts.filter((a) => a.attempt > 1).map((a) => a.sent + a.failed)).toEqual([234, 234]);
    const stored = await readAll(stream);
    expect(stored).toHaveLength(700);
    expect(new Set(stored).size).toBe(700);
  });

  it("retries whole calls refused by throttling or a 5xx", async () => {
    const stream = await newStream();
    const remove = failCalls(client, "PutRecordsCommand", 2, () => serviceError("LimitExceededException"));
    const removeServer = failCalls(client, "PutRecordsCommand", 1, () => serviceError("InternalFailure", 500));
    const delays: number[] = [];
    const result = await putRecordsWithRetry(client, { streamName: stream }, records(10), { sleep: async (ms) => void delays.push(ms), baseDelayMs: 10 });
    remove();
    removeServer();
    expect(result.sent).toBe(10);
    expect(delays).toHaveLength(3);
    expect(await readAll(stream)).toHaveLength(10);
  });

  it("retries a call lost to a network error", async () => {
    const stream = await newStream();
    const remove = failCalls(client, "PutRecordsCommand", 1, () => Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    const result = await putRecordsWithRetry(client, { streamName: stream }, records(3), { sleep: noSleep });
    remove();
    expect(result).toMatchObject({ sent: 3, failed: [] });
    expect(await readAll(stream)).toHaveLength(3);
  });

  it("returns what still fails after maxAttempts, with index and Kinesis' error", async () => {
    const stream = await newStream();
    const input = records(5);
    const remove = failPutRecordsEntries(client, (entry) => (entry.partitionKey === "pk-3" ? "InternalFailure" : undefined));
    const result = await putRecordsWithRetry(client, { streamName: stream }, input, { sleep: noSleep, maxAttempts: 3 });
    remove();
    expect(result.sent).toBe(4);
    expect(result.failed).toEqual([{ record: input[3], index: 3, errorCode: "InternalFailure", errorMessage: "injected by test" }]);
    expect(await readAll(stream)).toHaveLength(4);
  });

  it("never sends a record over 1 MiB and reports it as RecordTooLarge", async () => {
    const stream = await newStream();
    const big: UserRecord = { partitionKey: "big", data: new Uint8Array(1024 * 1024 - 2) };
    const result = await putRecordsWithRetry(client, { streamName: stream }, [...records(2), big]);
    expect(result.sent).toBe(2);
    expect(result.failed).toEqual([{ record: big, index: 2, errorCode: "RecordTooLarge", errorMessage: "record is 1048577 bytes, Kinesis accepts at most 1048576" }]);
  });

  it("fails a call's records without retrying when the error is not transient", async () => {
    const result = await putRecordsWithRetry(client, { streamName: "no-such-stream" }, records(3), { sleep: noSleep });
    expect(result.sent).toBe(0);
    expect(result.failed.map((f) => [f.index, f.errorCode])).toEqual([[0, "ResourceNotFoundException"], [1, "ResourceNotFoundException"], [2, "ResourceNotFoundException"]]);
  });
});
