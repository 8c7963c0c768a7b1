import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { describe, expect, it } from "vitest";
import { kinesisEvent, kinesisRecord, kplAggregatedRecord } from "../shared/testing/kinesis-events";
import { answerCalls } from "../shared/testing/answer-calls";
import { filterLogBatch, type LogFilterDependencies } from "./process-batch";

const NOW = Date.UTC(2026, 0, 10, 12, 10);
const ARRIVAL_SECONDS = Date.UTC(2026, 0, 10, 12, 5) / 1000;
const F5_ERROR = "<131>Jan 10 12:00:01 bigip1 err tmm[1234]: 01010028:3: No members available for pool /Common/web_pool";
const F5_WARN = "<132>Jan 10 12:00:02 bigip1 warning mcpd[42]: 01071682:4: SNMP_TRAP: Virtual /Common/vs has become unavailable";
const F5_INFO = "<134>Jan 10 12:00:03 bigip1 info tmm[1234]: 01010221:6: Pool /Common/web_pool now has available members";
const JSON_WARN = '{"severity":"warning","hostname":"bigip2","message":"SSL handshake failed","timestamp":"2026-01-10T12:00:00Z"}';
const noWait = async () => {};

function setup(respond: (input: any, call: number) => object = () => ({})) {
  const logs = new CloudWatchLogsClient({ region: "us-east-1", credentials: { accessKeyId: "l", secretAccessKey: "l" } });
  const puts = answerCalls<any>(logs, "PutLogEventsCommand", respond);
  const deps: LogFilterDependencies = { config: { logGroupName: "/f5/errors", logStreamName: "bigip" }, logs, writeOptions: { sleep: noWait, now: () => NOW } };
  const written = () => puts.calls.flatMap((c) => c.logEvents.map((e: { timestamp: number; message: string }) => ({ timestamp: e.timestamp, entry: JSON.parse(e.message) })));
  return { deps, logs, puts, written };
}

const record = (text: string) => kinesisRecord(text, { approximateArrivalTimestamp: ARRIVAL_SECONDS });

describe("filterLogBatch", () => {
  it("keeps the ERROR and WARN lines of a multi-line record as structured entries, in time order", async () => {
    // Prepare
    const { deps, puts, written } = setup();
    const input = record([F5_WARN, F5_INFO, F5_ERROR, ""].join("\n"));

    // Act
    const { response, summary } = await filterLogBatch(kinesisEvent([input]), deps);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(puts.calls).toHaveLength(1);
    expect(puts.calls[0]).toMatchObject({ logGroupName: "/f5/errors", logStreamName: "bigip" });
    expect(written()).toEqual([
      {
        timestamp: Date.UTC(2026, 0, 10, 12, 0, 1),
        entry: {
          kind: "log",
          level: "ERROR",
          severity: "err",
          severityCode: 3,
          timestamp: "2026-01-10T12:00:01.000Z",
          hostname: "bigip1",
          process: "tmm",
          pid: "1234",
          messageId: "01010028",
          facility: 16,
          format: "rfc3164",
          message: "01010028:3: No members available for pool /Common/web_pool",
          source: { eventId: input.eventID, sequenceNumber: input.kinesis.sequenceNumber, subSequenceNumber: 0, partitionKey: "partition-1", line: 3 },
        },
      },
      expect.objectContaining({ timestamp: Date.UTC(2026, 0, 10, 12, 0, 2), entry: expect.objectContaining({ level: "WARN", process: "mcpd", source: expect.objectContaining({ line: 1 }) }) }),
    ]);
    expect(summary).toMatchObject({ lines: 3, kept: 2, filteredOut: 1, unparsed: 0, eventsWritten: 2 });
  });

  it("handles CRLF line ends and JSON lines", async () => {
    // Prepare
    const { deps, written } = setup();

    // Act
    await filterLogBatch(kinesisEvent([record(`${JSON_WARN}\r\n${F5_ERROR}\r\n`)]), deps);

    // Assess
    expect(written().map((w) => [w.entry.format, w.entry.level, w.entry.hostname])).toEqual([
      ["json", "WARN", "bigip2"],
      ["rfc3164", "ERROR", "bigip1"],
    ]);
  });

  it("keeps unparseable lines as unparsed entries with the raw line and the reason", async () => {
    // Prepare
    const { deps, written } = setup();
    const input = record(`garbage line\n${F5_ERROR}`);

    // Act
    const { summary } = await filterLogBatch(kinesisEvent([input]), deps);

    // Assess
    expect(written().map((w) => w.entry)).toContainEqual({
      kind: "unparsed",
      reason: "not syslog (RFC 3164 or 5424) nor a JSON object",
      raw: "garbage line",
      encoding: "utf8",
      source: { eventId: input.eventID, sequenceNumber: input.kinesis.sequenceNumber, subSequenceNumber: 0, partitionKey: "partition-1", line: 1 },
    });
    expect(summary.unparsed).toBe(1);
  });

  it("keeps a record that is not base64 or not UTF-8 as an unparsed entry", async () => {
    // Prepare
    const { deps, written } = setup();
    const notBase64 = kinesisRecord(null, { data: "%%%not-base64", approximateArrivalTimestamp: ARRIVAL_SECONDS });
    const notUtf8 = kinesisRecord(Uint8Array.of(0xff, 0xfe, 0x41), { approximateArrivalTimestamp: ARRIVAL_SECONDS });

    // Act
    await filterLogBatch(kinesisEvent([notBase64, notUtf8]), deps);

    // Assess
    expect(written().map((w) => [w.timestamp, w.entry.reason, w.entry.raw, w.entry.encoding])).toEqual([
      [ARRIVAL_SECONDS * 1000, "record data is not base64", "%%%not-base64", "utf8"],
      [ARRIVAL_SECONDS * 1000, "record data is not UTF-8", "//5B", "base64"],
    ]);
  });

  it("de-aggregates KPL records", async () => {
    // Prepare
    const { deps, written } = setup();

    // Act
    await filterLogBatch(kinesisEvent([kplAggregatedRecord([F5_ERROR, F5_INFO, F5_WARN], { approximateArrivalTimestamp: ARRIVAL_SECONDS })]), deps);

    // Assess
    expect(written().map((w) => [w.entry.level, w.entry.source.subSequenceNumber])).toEqual([
      ["ERROR", 0],
      ["WARN", 2],
    ]);
  });

  it("splits a line over the 256 KiB event limit into parts that rebuild it", async () => {
    // Prepare
    const { deps, written } = setup();
    const long = `<131>Jan 10 12:00:01 bigip1 err tmm[1]: ${"x\u0001é".repeat(150_000)}`;

    // Act
    await filterLogBatch(kinesisEvent([record(long)]), deps);

    // Assess
    const parts = written().map((w) => w.entry);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => i + 1));
    expect(parts.map((p) => p.message).join("")).toBe(long.slice(long.indexOf(": ") + 2));
  });

  it("writes a line time CloudWatch Logs would refuse with the arrival time, keeping its own in the entry", async () => {
    // Prepare
    const { deps, written } = setup();

    // Act
    await filterLogBatch(kinesisEvent([record('{"severity":"err","message":"old","timestamp":"2020-01-01T00:00:00Z"}')]), deps);

    // Assess
    expect(written().map((w) => [w.timestamp, w.entry.timestamp])).toEqual([[NOW, "2020-01-01T00:00:00.000Z"]]);
  });

  it("re-sends events refused as expired with the current time", async () => {
    // Prepare
    const { deps, puts } = setup((_input, call) => (call === 1 ? { rejectedLogEventsInfo: { expiredLogEventEndIndex: 0 } } : {}));

    // Act
    const { response, summary } = await filterLogBatch(kinesisEvent([record(`${F5_ERROR}\n${F5_WARN}`)]), deps);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(puts.calls.map((c) => c.logEvents.map((e: { timestamp: number }) => e.timestamp))).toEqual([
      [Date.UTC(2026, 0, 10, 12, 0, 1), Date.UTC(2026, 0, 10, 12, 0, 2)],
      [NOW],
    ]);
    expect(summary.eventsWritten).toBe(2);
  });

  it("retries a throttled request", async () => {
    // Prepare
    const { deps, puts } = setup((_input, call) => (call === 1 ? Object.assign(new Error("slow down"), { name: "ThrottlingException" }) : {}));

    // Act
    const { response } = await filterLogBatch(kinesisEvent([record(F5_ERROR)]), deps);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(puts.calls).toHaveLength(2);
  });

  it("creates the log stream when it does not exist", async () => {
    // Prepare
    const { deps, logs, puts } = setup((_input, call) => (call === 1 ? Object.assign(new Error("no stream"), { name: "ResourceNotFoundException" }) : {}));
    const creates = answerCalls(logs, "CreateLogStreamCommand", () => ({}));

    // Act
    const { response } = await filterLogBatch(kinesisEvent([record(F5_ERROR)]), deps);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(creates.calls).toEqual([{ logGroupName: "/f5/errors", logStreamName: "bigip" }]);
    expect(puts.calls).toHaveLength(2);
  });

  it("reports exactly the records whose events were never written", async () => {
    // Prepare
    const old = '{"severity":"err","message":"day before","timestamp":"2026-01-09T10:00:00Z"}';
    const { deps } = setup((input: any) =>
      input.logEvents.some((e: { message: string }) => e.message.includes("day before")) ? Object.assign(new Error("down"), { name: "ServiceUnavailableException" }) : {},
    );
    const records = [record(F5_ERROR), record(old), record(F5_INFO), record(`${F5_WARN}\n${old}`)];

    // Act
    const { response } = await filterLogBatch(kinesisEvent(records), deps);

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[1]!.kinesis.sequenceNumber }, { itemIdentifier: records[3]!.kinesis.sequenceNumber }]);
  });

  it("answers an empty batch without calling CloudWatch Logs", async () => {
    // Prepare
    const { deps, puts } = setup();

    // Act
    const { response } = await filterLogBatch(kinesisEvent([]), deps);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(puts.calls).toEqual([]);
  });
});
