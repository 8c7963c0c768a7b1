import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalKinesis, type LocalServer } from "../../test/local-aws";
import { ProgressBar } from "./progress";
import { putJsonLines, recordOfLine } from "./put";
import { tailStream, type TailRecord } from "./tail";
import { createStream, injectPartialFailures, linesOf, localKinesis } from "./testing";

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalKinesis();
});

afterAll(async () => {
  await server.close();
});

async function readAll(streamName: string): Promise<TailRecord[]> {
  const records: TailRecord[] = [];
  for await (const record of tailStream(localKinesis(server), streamName, { start: { type: "TRIM_HORIZON" }, readIntervalMs: 0, pollIntervalMs: 10 })) {
    records.push(record);
  }
  return records;
}

const text = (record: TailRecord): string => Buffer.from(record.data).toString("utf8");

describe("recordOfLine", () => {
  it("takes the partition key from a dotted field", () => {
    const built = recordOfLine(' {"device":{"id":42},"v":1} ', "device.id");
    expect(built).toEqual({ record: { partitionKey: "42", data: Buffer.from('{"device":{"id":42},"v":1}') } });
  });

  it("says why a line cannot be sent", () => {
    expect(recordOfLine("{oops", undefined)).toMatchObject({ reason: expect.stringMatching(/^not JSON: /) });
    expect(recordOfLine('{"a":1}', "id")).toEqual({ reason: "partition key field id is missing" });
    expect(recordOfLine('{"id":{"x":1}}', "id")).toEqual({ reason: "partition key field id must be a string or a number, got object" });
    expect(recordOfLine('{"id":""}', "id")).toEqual({ reason: "partition key field id is empty" });
  });

  it("picks a random partition key without a field", () => {
    const a = recordOfLine("{}", undefined) as { record: { partitionKey: string } };
    const b = recordOfLine("{}", undefined) as { record: { partitionKey: string } };
    expect(a.record.partitionKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.record.partitionKey).not.toBe(b.record.partitionKey);
  });
});

describe("putJsonLines", () => {
  it("sends every good line once and reports bad lines by number without stopping", async () => {
    // Prepare
    const client = localKinesis(server);
    await createStream(client, "put-bad-lines", 3);
    const lines = ['{"id":"a","n":1}', "not json", "", '{"n":3}', '{"id":"b","n":4}', '{"id":7,"n":5}'];
    const reported: number[] = [];

    // Act
    const report = await putJsonLines(client, { streamName: "put-bad-lines" }, linesOf(lines), {
      partitionKeyField: "id",
      onBadLine: (bad) => reported.push(bad.lineNumber),
    });

    // Assess
    expect(report.sent).toBe(3);
    expect(report.failed).toEqual([]);
    expect(report.badLines).toEqual([
      { lineNumber: 2, reason: expect.stringMatching(/^not JSON/) },
      { lineNumber: 4, reason: "partition key field id is missing" },
    ]);
    expect(reported).toEqual([2, 4]);
    const records = await readAll("put-bad-lines");
    expect(records.map(text).sort()).toEqual(['{"id":"a","n":1}', '{"id":"b","n":4}', '{"id":7,"n":5}']);
    expect(records.map((r) => r.partitionKey).sort()).toEqual(["7", "a", "b"]);
  });

  it("retries only the entries Kinesis failed, and every record lands exactly once", async () => {
    // Prepare
    const client = localKinesis(server);
    await createStream(client, "put-partial", 4);
    const failures = new Map<string, number>();
    const counters = injectPartialFailures(client, (data, position) => {
      const seen = failures.get(data) ?? 0;
      if (position % 3 !== 0 || seen >= 2) return false;
      failures.set(data, seen + 1);
      return true;
    });
    const lines = Array.from({ length: 1200 }, (_, i) => JSON.stringify({ id: `k${i % 50}`, n: i }));

    // Act
    const report = await putJsonLines(client, { streamName: "put-partial" }, linesOf(lines), { partitionKeyField: "id", retry: { sleep: async () => {} } });

    // Assess
    expect(counters.injected).toBeGreaterThan(400);
    expect(counters.calls).toBeGreaterThan(3);
    expect(report).toEqual({ sent: 1200, failed: [], badLines: [] });
    const records = await readAll("put-partial");
    expect(records).toHaveLength(1200);
    expect(new Set(records.map(text))).toEqual(new Set(lines));
  });

  it("reports the line numbers of records still failing after every attempt", async () => {
    const client = localKinesis(server);
    await createStream(client, "put-exhausted", 1);
    injectPartialFailures(client, (data) => data.includes('"doomed"'));
    const lines = ['{"n":1}', '{"n":2,"doomed":true}', '{"n":3}'];

    const report = await putJsonLines(client, { streamName: "put-exhausted" }, linesOf(lines), { retry: { maxAttempts: 3, sleep: async () => {} } });

    expect(report.sent).toBe(2);
    expect(report.failed).toEqual([{ lineNumber: 2, errorCode: "ProvisionedThroughputExceededException", errorMessage: "Rate exceeded for shard (injected)" }]);
  });

  it("aggregates in the KPL format and the tail de-aggregates every record (round trip)", async () => {
    const client = localKinesis(server);
    await createStream(client, "put-kpl", 2);
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ user: `u${i % 7}`, n: i }));
    let calls = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "PutRecordsCommand") calls += ((args.input as { Records: unknown[] }).Records ?? []).length;
        return next(args);
      },
      { step: "initialize", name: "countEntries" },
    );

    const report = await putJsonLines(client, { streamName: "put-kpl" }, linesOf(lines), { partitionKeyField: "user", aggregate: true });

    expect(report).toEqual({ sent: 300, failed: [], badLines: [] });
    expect(calls).toBe(1);
    const records = await readAll("put-kpl");
    expect(records.map(text)).toEqual(lines);
    expect(records.map((r) => r.subSequenceNumber)).toEqual(lines.map((_, i) => i));
    expect(records.map((r) => r.partitionKey)).toEqual(lines.map((_, i) => `u${i % 7}`));
  });
});

describe("ProgressBar", () => {
  it("draws a percentage bar with counts and rate on a terminal, in place", () => {
    let out = "";
    let now = 0;
    const bar = new ProgressBar({ write: (t: string) => (out += t), isTTY: true }, { totalBytes: 1000, now: () => now });
    now = 2000;

    bar.update({ sent: 400, failed: 1, badLines: 2, bytesRead: 500 });
    bar.update({ sent: 401, failed: 1, badLines: 2, bytesRead: 501 });
    bar.finish({ sent: 800, failed: 1, badLines: 2, bytesRead: 1000 });

    expect(out).toBe(
      `\r\x1b[2K[${"#".repeat(15)}${"-".repeat(15)}] 50% 400 sent, 1 failed, 2 bad lines, 200 records/s` +
        `\r\x1b[2K[${"#".repeat(30)}] 100% 800 sent, 1 failed, 2 bad lines, 400 records/s\n`,
    );
  });

  it("draws nothing when standard error is not a terminal", () => {
    let out = "";
    const bar = new ProgressBar({ write: (t: string) => (out += t), isTTY: false });
    bar.update({ sent: 1, failed: 0, badLines: 0, bytesRead: 1 });
    bar.finish({ sent: 1, failed: 0, badLines: 0, bytesRead: 1 });
    expect(out).toBe("");
  });
});
