import { PutRecordsCommand, type GetRecordsOutput, type KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalKinesis, type LocalServer } from "../../test/local-aws";
import { SQSClient } from "@aws-sdk/client-sqs";
import { InMemoryAws, md5 } from "../../functions/shared/testing/in-memory-aws";
import { fetchFailedBatch, replay } from "./replay";
import { replayQueue } from "./replay-queue";
import { deadLetterBodies, type DeadLetter, type DeadLetterMessage } from "../../functions/shared/dead-letter";
import { assembleMalformed, parseReplayMessage, type MalformedPart } from "./replay-messages";
import { tailStream, type TailRecord } from "./tail";
import { createStream, localKinesis } from "./testing";

let server: LocalServer;
let client: KinesisClient;
const arn = (name: string) => `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`;

beforeAll(async () => {
  server = await startLocalKinesis();
  client = localKinesis(server);
});

afterAll(async () => {
  await server.close();
});

/** Puts n records on one key (so one shard) and returns their sequence numbers and shard. */
async function putOnOneShard(streamName: string, n: number, key = "device-1"): Promise<{ shardId: string; sequenceNumbers: string[] }> {
  const response = await client.send(
    new PutRecordsCommand({ StreamName: streamName, Records: Array.from({ length: n }, (_, i) => ({ PartitionKey: key, Data: Buffer.from(JSON.stringify({ n: i })) })) }),
  );
  return { shardId: response.Records![0]!.ShardId!, sequenceNumbers: response.Records!.map((r) => r.SequenceNumber!) };
}

/** The message Lambda sends to an on-failure destination for a Kinesis trigger. */
function onFailureMessage(streamName: string, shardId: string, start: string, end: string, batchSize: number): string {
  return JSON.stringify({
    requestContext: { requestId: "c9b8fa9f", functionArn: "arn:aws:lambda:us-east-1:000000000000:function:processor", condition: "RetryAttemptsExhausted", approximateInvokeCount: 3 },
    responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
    version: "1.0",
    timestamp: "2026-01-31T12:00:00.000Z",
    KinesisBatchInfo: {
      shardId,
      startSequenceNumber: start,
      endSequenceNumber: end,
      approximateArrivalOfFirstRecord: "2026-01-31T11:59:58.000Z",
      approximateArrivalOfLastRecord: "2026-01-31T11:59:59.000Z",
      batchSize,
      streamArn: arn(streamName),
    },
  });
}

async function readAll(streamName: string): Promise<TailRecord[]> {
  const records: TailRecord[] = [];
  for await (const r of tailStream(client, streamName, { start: { type: "TRIM_HORIZON" }, readIntervalMs: 0, pollIntervalMs: 10 })) records.push(r);
  return records;
}

describe("replay of failed batches", () => {
  it("re-puts exactly the records of a failed batch from its dead-letter message (wrapped in an SQS message)", async () => {
    // Prepare
    await createStream(client, "replay-source", 2);
    await createStream(client, "replay-target", 1);
    const { shardId, sequenceNumbers } = await putOnOneShard("replay-source", 30);
    const message = onFailureMessage("replay-source", shardId, sequenceNumbers[5]!, sequenceNumbers[14]!, 10);

    // Act
    const report = await replay(client, [{ label: "m-1", text: JSON.stringify({ MessageId: "m-1", Body: message }) }], { mode: "put", target: { streamName: "replay-target" } });

    // Assess
    expect(report.batches).toEqual([
      { label: "m-1", shardId, startSequenceNumber: sequenceNumbers[5], endSequenceNumber: sequenceNumbers[14], expected: 10, found: 10, status: "complete" },
    ]);
    expect(report).toMatchObject({ sent: 10, failed: [], invalid: [], done: ["m-1"] });
    const replayed = await readAll("replay-target");
    expect(replayed.map((r) => JSON.parse(Buffer.from(r.data).toString()).n)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(new Set(replayed.map((r) => r.partitionKey))).toEqual(new Set(["device-1"]));
  });

  it("prints the records of a batch as JSON lines", async () => {
    await createStream(client, "replay-print", 1);
    const { shardId, sequenceNumbers } = await putOnOneShard("replay-print", 5);
    const lines: string[] = [];

    const report = await replay(client, [{ label: "line 1", text: onFailureMessage("replay-print", shardId, sequenceNumbers[1]!, sequenceNumbers[2]!, 2) }], {
      mode: "print",
      onRecord: (line) => lines.push(line),
    });

    expect(report.done).toEqual(["line 1"]);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ shardId, sequenceNumber: sequenceNumbers[1], partitionKey: "device-1", data: { n: 1 } }),
      expect.objectContaining({ shardId, sequenceNumber: sequenceNumbers[2], partitionKey: "device-1", data: { n: 2 } }),
    ]);
  });

  it("reports what had expired: a trimmed start, missing records, a shard that is gone", async () => {
    // Prepare: retention cannot be fast-forwarded locally, so trimming is played by hiding the
    // records older than the cut from GetRecords, as Kinesis does once they pass retention.
    await createStream(client, "replay-expired", 1);
    const { shardId, sequenceNumbers } = await putOnOneShard("replay-expired", 10);
    const trimmed = localKinesis(server);
    const cut = BigInt(sequenceNumbers[4]!);
    trimmed.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === "GetRecordsCommand") {
          const output = result.output as GetRecordsOutput;
          output.Records = (output.Records ?? []).filter((r) => BigInt(r.SequenceNumber!) >= cut);
        }
        return result;
      },
      { step: "initialize", name: "retentionTrim" },
    );
    const batch = (start: number, end: number, size: number, shard = shardId) =>
      parseReplayMessage(onFailureMessage("replay-expired", shard, sequenceNumbers[start]!, sequenceNumbers[end]!, size)) as { kind: "batch"; batch: never };

    // Act
    const startTrimmed = await fetchFailedBatch(trimmed, batch(2, 6, 5).batch);
    const allTrimmed = await fetchFailedBatch(trimmed, batch(0, 3, 4).batch);
    const fewer = await fetchFailedBatch(client, batch(7, 9, 5).batch);
    const gone = await fetchFailedBatch(client, batch(0, 1, 2, "shardId-000000000007").batch);

    // Assess
    expect(startTrimmed).toMatchObject({ status: "partial", missing: 2, detail: "the start of the range was trimmed (past retention)" });
    expect(startTrimmed.records.map((r) => r.SequenceNumber)).toEqual(sequenceNumbers.slice(4, 7));
    expect(allTrimmed).toMatchObject({ status: "expired", missing: 4, records: [], detail: "no record of the range is left (past retention)" });
    expect(fewer).toMatchObject({ status: "partial", missing: 2, detail: "2 records of the range are missing" });
    expect(gone).toMatchObject({ status: "expired", missing: 2, detail: expect.stringMatching(/shard shardId-000000000007 of replay-expired no longer exists|cannot be read/) });
  });
});

describe("re-drive of the dead-letter store", () => {
  const letter = (sequenceNumber: string, data: Buffer): DeadLetter => ({
    origin: { eventId: `shardId-000000000000:${sequenceNumber}`, eventSourceArn: arn("malformed-source"), partitionKey: "vol-9", sequenceNumber, subSequenceNumber: 0, approximateArrivalTimestamp: 1 },
    data,
    reasons: [{ rule: "schema", severity: "critical", path: "metrics", message: "Required" }],
  });

  it("re-assembles records split by the handlers' writer and puts them back on their source stream with their partition key", async () => {
    // Prepare: a record split in two parts, a record with only one of its two parts, a bad line.
    await createStream(client, "malformed-source", 1);
    const data = Buffer.from(JSON.stringify({ event_type: "iops_sample", fixed: true, blob: "x".repeat(300_000) }));
    const whole = deadLetterBodies(letter("1", data), "processor", "2026-01-31T12:00:00.000Z");
    const partial = deadLetterBodies(letter("2", data), "processor", "2026-01-31T12:00:00.000Z");
    expect([whole.length, partial.length]).toEqual([2, 2]);
    const messages = [whole[1]!, whole[0]!, partial[0]!, "garbage"].map((text, i) => ({ label: `line ${i + 1}`, text }));

    // Act
    const report = await replay(client, messages, { mode: "put" });

    // Assess
    expect(report.malformed).toBe(1);
    expect(report.sent).toBe(1);
    const partialSource = (JSON.parse(partial[0]!) as DeadLetterMessage).source;
    expect(report.incomplete).toEqual([{ recordId: (JSON.parse(partial[0]!) as DeadLetterMessage).recordId, source: partialSource, got: 1, parts: 2 }]);
    expect(report.invalid).toEqual([{ label: "line 4", reason: expect.stringMatching(/^not JSON/) }]);
    expect(report.done).toEqual(["line 1", "line 2"]);
    const records = await readAll("malformed-source");
    expect(records.map((r) => [r.partitionKey, Buffer.from(r.data).equals(data)])).toEqual([["vol-9", true]]);
  });

  it("assembles parts in any order, a part read twice counting once", () => {
    const part = (n: number, data: string): MalformedPart => ({ recordId: "r1", reasons: [{ rule: "r", message: "m" }], source: { partitionKey: "k" }, data, part: n, parts: 2 });
    const { records, incomplete } = assembleMalformed([part(2, "ZGVm"), part(1, "YWJj"), part(2, "ZGVm")]);
    expect(records.map((r) => Buffer.from(r.data).toString())).toEqual(["abcdef"]);
    expect(incomplete).toEqual([]);
  });

  it("still reads the formats written before dead-letter/1, and refuses an old message whose data was cut", () => {
    const source = { eventSourceArn: arn("s"), partitionKey: "k", sequenceNumber: "1", subSequenceNumber: 0 };
    expect(parseReplayMessage(JSON.stringify({ producer: "enrichment", reason: "not_json", detail: "bad", source, failedAt: "t", dataBase64: "YWJj", part: 1, parts: 1 }))).toEqual({
      kind: "malformed",
      part: { recordId: JSON.stringify(["enrichment", "t", source]), reasons: [{ rule: "not_json", message: "bad" }], source, data: "YWJj", part: 1, parts: 1, producer: "enrichment", failedAt: "t" },
    });
    const flat = { reasons: [{ rule: "not-json", severity: "critical", path: "", message: "x" }], eventSourceArn: arn("s"), shardId: "shardId-000000000001", partitionKey: "k", sequenceNumber: "9", subSequenceNumber: 0, dataBytes: 3, truncated: false, data: "YWJj" };
    expect(parseReplayMessage(JSON.stringify(flat))).toMatchObject({ kind: "malformed", part: { reasons: flat.reasons, source: { eventSourceArn: arn("s"), sequenceNumber: "9", partitionKey: "k" }, data: "YWJj", part: 1, parts: 1 } });
    expect(parseReplayMessage(JSON.stringify({ ...flat, truncated: true }))).toEqual({ kind: "invalid", reason: "its data was cut: read the record from shardId-000000000001 at sequence number 9 (sub-sequence 0) while the stream retains it" });
  });

  it("explains a message it does not understand", () => {
    expect(parseReplayMessage('{"foo":1}')).toEqual({ kind: "invalid", reason: expect.stringMatching(/neither a Lambda on-failure record/) });
    expect(parseReplayMessage('{"KinesisBatchInfo":{"shardId":"x"}}')).toEqual({ kind: "invalid", reason: expect.stringMatching(/shardId must look like/) });
    expect(parseReplayMessage('{"format":"dead-letter/1","recordId":"r"}')).toEqual({ kind: "invalid", reason: "a dead-letter/1 message needs recordId, reasons, source and data" });
  });
});

describe("replayQueue", () => {
  it("receives on-failure messages from SQS, re-puts their records and deletes only the messages fully replayed", async () => {
    // Prepare: SQS answered in memory through the real client, Kinesis on the local server.
    await createStream(client, "queue-source", 1);
    const { shardId, sequenceNumbers } = await putOnOneShard("queue-source", 4);
    const bodies = [
      onFailureMessage("queue-source", shardId, sequenceNumbers[0]!, sequenceNumbers[1]!, 2),
      onFailureMessage("queue-source", shardId, sequenceNumbers[2]!, sequenceNumbers[3]!, 5),
    ];
    const aws = new InMemoryAws();
    let receives = 0;
    aws.on("ReceiveMessage", () => ({
      body: receives++ > 0 ? {} : { Messages: bodies.map((Body, i) => ({ MessageId: `m-${i}`, ReceiptHandle: `r-${i}`, Body, MD5OfBody: md5(Body) })) },
    }));
    aws.on("DeleteMessageBatch", (input: { Entries: Array<{ Id: string }> }) => ({ body: { Successful: input.Entries.map((e) => ({ Id: e.Id })), Failed: [] } }));
    const sqs = new SQSClient({ region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, requestHandler: aws });
    const queueUrl = "https://sqs.us-east-1.amazonaws.com/000000000000/processor-dlq";

    // Act
    const { report, received, deleted } = await replayQueue(client, sqs, queueUrl, { mode: "put", deleteDone: true });

    // Assess
    expect(received).toBe(2);
    expect(report.batches.map((b) => [b.label, b.status, b.found])).toEqual([
      ["m-0", "complete", 2],
      ["m-1", "partial", 2],
    ]);
    expect(report.sent).toBe(4);
    expect(deleted).toBe(1);
    expect(aws.callsOf("DeleteMessageBatch").map((c) => c.input)).toEqual([{ QueueUrl: queueUrl, Entries: [{ Id: "0", ReceiptHandle: "r-0" }] }]);
    expect(aws.callsOf("ReceiveMessage")[0]!.input).toMatchObject({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300 });
    const replayed = await readAll("queue-source");
    expect(replayed.map((r) => JSON.parse(Buffer.from(r.data).toString()).n)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
  });
});

describe("replay refuses a split record whose parts do not belong together", () => {
  it("joins parts of one split only, and refuses parts whose join fails the length and hash check", async () => {
    const { deadLetterBodies } = await import("../../functions/shared/dead-letter");
    const { assembleMalformed, parseReplayMessage } = await import("./replay-messages");
    const origin = { eventId: "shardId-000000000000:1", eventSourceArn: "arn:aws:kinesis:us-east-1:123456789012:stream/s", partitionKey: "p", sequenceNumber: "1", subSequenceNumber: 0, approximateArrivalTimestamp: 1 };
    const data = Buffer.from("y".repeat(500_000));
    // Two attempts with heads of different sizes: different split points.
    const first = deadLetterBodies({ origin, data, reasons: [{ rule: "r", severity: "critical", path: "", message: "short" }] }, "fn", "2026-01-01T00:00:00.000Z");
    const second = deadLetterBodies({ origin, data, reasons: [{ rule: "r", severity: "critical", path: "", message: "m".repeat(1000) }] }, "fn", "2026-01-01T00:00:01.000Z");
    const part = (body: string) => (parseReplayMessage(body) as { kind: "malformed"; part: any }).part;
    expect(first.length).toBe(3);
    const mixed = assembleMalformed([part(first[0]!), part(second[1]!), part(second[2]!)]);
    expect(mixed.records).toEqual([]);
    const whole = assembleMalformed([part(first[0]!), part(second[1]!), part(first[1]!), part(first[2]!)]);
    expect(whole.records.map((r) => Buffer.from(r.data).equals(data))).toEqual([true]);
    const tampered = part(first[1]!);
    const forged = assembleMalformed([part(first[0]!), { ...tampered, data: Buffer.from("z".repeat(Buffer.from(tampered.data, "base64").length)).toString("base64") }, part(first[2]!)]);
    expect(forged.mismatched).toMatchObject([{ reason: "parts join to bytes whose SHA-256 is not the record's" }]);
    expect(forged.records).toEqual([]);
  });
});
