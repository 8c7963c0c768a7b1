import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { describe, expect, it } from "vitest";
import { batchesOf, hostileInputs, userRecordsOf } from "../shared/testing/hostile-inputs";
import { InMemoryAws } from "../shared/testing/in-memory-aws";
import { kinesisEvent, kinesisRecord } from "../shared/testing/kinesis-events";
import { MAX_EVENT_BYTES } from "./log-entry";
import { filterLogBatch, type LogFilterDependencies } from "./process-batch";

function deps(aws: InMemoryAws): LogFilterDependencies {
  const logs = new CloudWatchLogsClient({ requestHandler: aws as never, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, maxAttempts: 1 });
  return { config: { logGroupName: "/streaming/f5", logStreamName: "f5-bigip" }, logs, writeOptions: { sleep: async () => {} } };
}

/** Entries written, joined across parts, by `${sequenceNumber}/${subSequenceNumber}`. */
function entries(aws: InMemoryAws): Map<string, Array<Record<string, any>>> {
  const events = aws.callsOf("PutLogEvents").flatMap((c) => c.input.logEvents as Array<{ message: string; timestamp: number }>);
  expect(events.every((e) => Buffer.byteLength(e.message) + 26 <= MAX_EVENT_BYTES && Number.isFinite(e.timestamp))).toBe(true);
  const byLine = new Map<string, Array<Record<string, any>>>();
  for (const event of events) {
    const entry = JSON.parse(event.message);
    const key = `${entry.source.sequenceNumber}/${entry.source.subSequenceNumber}/${entry.source.line}`;
    byLine.set(key, [...(byLine.get(key) ?? []), entry]);
  }
  const out = new Map<string, Array<Record<string, any>>>();
  for (const [key, parts] of byLine) {
    parts.sort((a, b) => (a.part ?? 1) - (b.part ?? 1));
    const field = parts[0]!.kind === "log" && parts[0]!.raw === undefined ? "message" : "raw";
    const whole = { ...parts[0]!, [field]: parts.map((p) => p[field]).join("") };
    const record = key.slice(0, key.lastIndexOf("/"));
    out.set(record, [...(out.get(record) ?? []), whole]);
  }
  return out;
}

describe("log-filter under hostile input", () => {
  it("keeps every line of every batch in the log group (parsed, or unparsed with its bytes), or reports its record failed", async () => {
    const aws = new InMemoryAws();
    const inputs = hostileInputs((i) => ({ level: "error", timestamp: "2026-01-10T12:00:01Z", hostname: `bigip-${i}`, message: `pool down ${i}` }));
    for (const batch of batchesOf(inputs, 20)) {
      aws.reset();
      const { response } = await filterLogBatch(kinesisEvent(batch.map((b) => b.record)), deps(aws));
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      const written = entries(aws);
      for (const { label, record } of batch) {
        if (failed.has(record.kinesis.sequenceNumber)) continue;
        for (const user of userRecordsOf(record)) {
          const kept = written.get(user.id);
          expect(kept, `${label}: ${user.id} left no entry`).toBeDefined();
          const text = user.data.toString("utf8");
          for (const entry of kept!) {
            if (entry.kind === "unparsed") expect(entry.encoding === "base64" ? Buffer.from(entry.raw, "base64").equals(user.data) : entry.raw === text || text.includes(entry.raw), `${label}: unparsed entry holds other bytes`).toBe(true);
            if (entry.raw !== undefined && entry.kind === "log") expect(entry.raw, `${label}: truncated entry without its line`).toBe(text);
          }
        }
      }
      expect(response.batchItemFailures).toEqual([]);
    }
  });

  it("times an epoch-nanosecond, negative or NaN timestamp at the record's arrival", async () => {
    const aws = new InMemoryAws();
    const lines = ['{"level":"error","timestamp":1768046401123456789,"message":"ns"}', '{"level":"error","timestamp":-5,"message":"neg"}', '{"level":"error","timestamp":"NaN","message":"nan"}'];
    const { response } = await filterLogBatch(kinesisEvent(lines.map((l) => kinesisRecord(l, { approximateArrivalTimestamp: 1_768_046_400 }))), { ...deps(aws), writeOptions: { sleep: async () => {}, now: () => 1_768_046_500_000 } });
    expect(response.batchItemFailures).toEqual([]);
    const events = aws.callsOf("PutLogEvents").flatMap((c) => c.input.logEvents);
    const byMessage = Object.fromEntries(events.map((e: any) => [JSON.parse(e.message).message, { timestamp: e.timestamp, own: JSON.parse(e.message).timestamp }]));
    expect(byMessage).toEqual({ ns: { timestamp: 1_768_046_401_123, own: "2026-01-10T12:00:01.123Z" }, neg: { timestamp: 1_768_046_400_000, own: null }, nan: { timestamp: 1_768_046_400_000, own: null } });
  });

  it("keeps a syslog line whose host name and tag are 300 KB: fields cut, the whole line in parts", async () => {
    const aws = new InMemoryAws();
    const line = `<131>Jan 10 12:00:01 ${"h".repeat(300_000)} err ${"t".repeat(60)}: 01010028:3: No members available`;
    await filterLogBatch(kinesisEvent([kinesisRecord(line, { approximateArrivalTimestamp: 1_768_046_400 })]), deps(aws));
    const [entry] = [...entries(aws).values()][0]!;
    expect(entry).toMatchObject({ kind: "log", level: "ERROR", truncated: ["hostname"], raw: line });
    expect(entry!.hostname).toHaveLength(1024);
  });

  it("re-sends only the events before tooOldLogEventEndIndex, which is exclusive", async () => {
    const aws = new InMemoryAws();
    let calls = 0;
    aws.on("PutLogEvents", () => ({ body: ++calls === 1 ? { rejectedLogEventsInfo: { tooOldLogEventEndIndex: 1 } } : {} }));
    const lines = ['{"level":"error","timestamp":"2026-01-10T12:00:01Z","message":"first"}', '{"level":"error","timestamp":"2026-01-10T12:00:02Z","message":"second"}'];
    await filterLogBatch(kinesisEvent(lines.map((l) => kinesisRecord(l))), { ...deps(aws), writeOptions: { sleep: async () => {}, now: () => Date.parse("2026-01-10T13:00:00Z") } });
    const calls2 = aws.callsOf("PutLogEvents").map((c) => c.input.logEvents.map((e: any) => JSON.parse(e.message).message));
    expect(calls2).toEqual([["first", "second"], ["first"]]);
  });
});
