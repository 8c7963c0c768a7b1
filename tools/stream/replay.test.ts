import { PutRecordsCommand, type GetRecordsOutput, type KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalKinesis, type LocalServer } from "../../test/local-aws";
import { SQSClient } from "@aws-sdk/client-sqs";
import { InMemoryAws, md5 } from "../../functions/shared/testing/in-memory-aws";
import { aggregateRecords, deaggregate } from "../../functions/shared/kpl";
import type { ConsumerInvoker, InvokeResult } from "./consumer-invoker";
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

/** Records what each consumer was invoked with and answers as `answer` says (default: every record handled). */
function recordingInvoker(answer: (functionName: string, records: any[]) => InvokeResult = () => ({ ok: true, failed: [] })): ConsumerInvoker & { calls: Array<{ functionName: string; records: any[] }> } {
  const calls: Array<{ functionName: string; records: any[] }> = [];
  return {
    calls,
    async invoke(functionName, event) {
      calls.push({ functionName, records: [...event.Records] });
      return answer(functionName, [...event.Records]);
    },
  };
}

const FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:processor";

/** A Lambda Kinesis event record at its place in the stream. */
function lambdaRecord(streamName: string, shardId: string, sequenceNumber: string, payload: unknown, partitionKey = "device-1") {
  return {
    kinesis: { kinesisSchemaVersion: "1.0", partitionKey, sequenceNumber, data: Buffer.from(JSON.stringify(payload)).toString("base64"), approximateArrivalTimestamp: 1769860798.123 },
    eventSource: "aws:kinesis",
    eventVersion: "1.0",
    eventID: `${shardId}:${sequenceNumber}`,
    eventName: "aws:kinesis:record",
    invokeIdentityArn: "arn:aws:iam::000000000000:role/processor",
    awsRegion: "us-east-1",
    eventSourceARN: arn(streamName),
  };
}

/** An object of a Kinesis mapping's S3 on-failure destination: the invocation record, with the whole event in `payload`. */
function storedInvocation(streamName: string, shardId: string, records: ReturnType<typeof lambdaRecord>[]): string {
  const message = JSON.parse(onFailureMessage(streamName, shardId, records[0]!.kinesis.sequenceNumber, records.at(-1)!.kinesis.sequenceNumber, records.length));
  return JSON.stringify({ ...message, payload: JSON.stringify({ Records: records }) });
}

/** The message Lambda sends to an on-failure destination for a Kinesis trigger. */
function onFailureMessage(streamName: string, shardId: string, start: string, end: string, batchSize: number): string {
  return JSON.stringify({
    requestContext: { requestId: "c9b8fa9f", functionArn: FUNCTION_ARN, condition: "RetryAttemptsExhausted", approximateInvokeCount: 3 },
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

describe("replay of the S3 on-failure store", () => {
  it("hands a stored invocation's records back to the function that failed, as they were, without reading the stream", async () => {
    // Prepare: the stream does not exist at all; only the stored object holds the records.
    const records = [0, 1, 2].map((n) => lambdaRecord("gone-stream", "shardId-000000000003", String(4960n + BigInt(n)), { n }));
    const invoker = recordingInvoker();

    // Act
    const report = await replay(undefined, [{ label: "s3://failed/aws/lambda/u/o1", text: storedInvocation("gone-stream", "shardId-000000000003", records) }], { mode: "invoke", invoker });

    // Assess
    expect(invoker.calls).toEqual([{ functionName: FUNCTION_ARN, records }]);
    expect(report.batches).toEqual([
      { label: "s3://failed/aws/lambda/u/o1", from: "on-failure store", functionName: FUNCTION_ARN, shardId: "shardId-000000000003", firstSequenceNumber: "4960", lastSequenceNumber: "4962", expected: 3, found: 3, recovered: 3, status: "recovered" },
    ]);
    expect(report).toMatchObject({ recovered: 3, notRecovered: [], invalid: [], done: ["s3://failed/aws/lambda/u/o1"] });
  });

  it("keeps a record the consumer reports failed, and every record after it on the shard, for a later run", async () => {
    const records = [0, 1, 2, 3].map((n) => lambdaRecord("s", "shardId-000000000000", String(10 + n), { n }));
    const invoker = recordingInvoker(() => ({ ok: true, failed: ["12"] }));

    const report = await replay(undefined, [{ label: "o1", text: storedInvocation("s", "shardId-000000000000", records) }], { mode: "invoke", invoker, functionName: "processor-v2" });

    expect(invoker.calls.map((c) => c.functionName)).toEqual(["processor-v2"]);
    expect(report.batches[0]).toMatchObject({ recovered: 2, status: "not recovered", detail: "processor-v2 reported 1 records as failed, from sequence number 12" });
    expect(report.notRecovered.map((r) => r.sequenceNumber)).toEqual(["12", "13"]);
    expect(report.done).toEqual([]);
  });

  it("counts a function error as nothing recovered, and an unknown itemIdentifier as the whole invocation failed", async () => {
    const records = [0, 1].map((n) => lambdaRecord("s", "shardId-000000000000", String(20 + n), { n }));
    const text = storedInvocation("s", "shardId-000000000000", records);
    const crashed = await replay(undefined, [{ label: "o", text }], { mode: "invoke", invoker: recordingInvoker(() => ({ ok: false, error: "Unhandled: table gone" })) });
    const unknown = await replay(undefined, [{ label: "o", text }], { mode: "invoke", invoker: recordingInvoker(() => ({ ok: true, failed: ["99"] })) });

    expect(crashed.batches[0]).toMatchObject({ recovered: 0, status: "not recovered", detail: `${FUNCTION_ARN} failed: Unhandled: table gone` });
    expect(unknown.batches[0]).toMatchObject({ recovered: 0, status: "not recovered", detail: expect.stringMatching(/named a record not in the batch \(99\)/) });
    expect([crashed.done, unknown.done]).toEqual([[], []]);
  });

  it("sends a stored batch bigger than one invocation in several, in order, and stops at the first failure", async () => {
    const big = "x".repeat(700_000);
    const records = Array.from({ length: 12 }, (_, n) => lambdaRecord("s", "shardId-000000000000", String(100 + n), { n, big }));
    const invoker = recordingInvoker((_, batch) => (batch[0].kinesis.sequenceNumber === "100" ? { ok: true, failed: [] } : { ok: true, failed: [batch[1].kinesis.sequenceNumber] }));

    const report = await replay(undefined, [{ label: "o", text: storedInvocation("s", "shardId-000000000000", records) }], { mode: "invoke", invoker });

    expect(invoker.calls.length).toBe(2);
    expect(invoker.calls.every((c) => Buffer.byteLength(JSON.stringify({ Records: c.records })) <= 6 * 1024 * 1024)).toBe(true);
    const first = invoker.calls[0]!.records.length;
    expect(invoker.calls.flatMap((c) => c.records.map((r) => r.kinesis.sequenceNumber))).toEqual(records.slice(0, invoker.calls.flatMap((c) => c.records).length).map((r) => r.kinesis.sequenceNumber));
    expect(report.recovered).toBe(first + 1);
    expect(report.notRecovered.length).toBe(12 - first - 1);
  });

  it("prints a stored invocation's records as JSON lines, KPL aggregates de-aggregated", async () => {
    const [aggregate] = aggregateRecords([
      { partitionKey: "a", data: Buffer.from('{"n":1}') },
      { partitionKey: "b", data: Buffer.from('{"n":2}') },
    ]);
    const record = { ...lambdaRecord("s", "shardId-000000000000", "7", {}), kinesis: { ...lambdaRecord("s", "shardId-000000000000", "7", {}).kinesis, partitionKey: "a", data: Buffer.from(aggregate!.data).toString("base64") } };
    const lines: string[] = [];

    const report = await replay(undefined, [{ label: "o", text: storedInvocation("s", "shardId-000000000000", [record]) }], { mode: "print", onRecord: (l) => lines.push(l) });

    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ shardId: "shardId-000000000000", sequenceNumber: "7", subSequenceNumber: 0, partitionKey: "a", data: { n: 1 } }),
      expect.objectContaining({ shardId: "shardId-000000000000", sequenceNumber: "7", subSequenceNumber: 1, partitionKey: "b", data: { n: 2 } }),
    ]);
    expect(report.done).toEqual(["o"]);
  });

  it("hands a DynamoDB Streams object's records back as stored", async () => {
    const records = [{ eventID: "1", eventName: "INSERT", dynamodb: { SequenceNumber: "111", Keys: { id: { S: "a" } } }, eventSourceARN: "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026" }];
    const text = JSON.stringify({ requestContext: { functionArn: FUNCTION_ARN }, version: "1.0", DDBStreamBatchInfo: { shardId: "shardId-00000001", startSequenceNumber: "111", endSequenceNumber: "111", batchSize: 1, streamArn: records[0]!.eventSourceARN }, payload: JSON.stringify({ Records: records }) });
    const invoker = recordingInvoker();

    const report = await replay(undefined, [{ label: "o", text }], { mode: "invoke", invoker });

    expect(invoker.calls).toEqual([{ functionName: FUNCTION_ARN, records }]);
    expect(report.done).toEqual(["o"]);
  });
});

describe("replay of SQS/SNS on-failure records (no records, only their range)", () => {
  it("reads the range back from the stream and hands it to the function the record names, at the original sequence numbers", async () => {
    // Prepare
    await createStream(client, "replay-source", 2);
    const { shardId, sequenceNumbers } = await putOnOneShard("replay-source", 30);
    const message = onFailureMessage("replay-source", shardId, sequenceNumbers[5]!, sequenceNumbers[14]!, 10);
    const invoker = recordingInvoker();

    // Act
    const report = await replay(client, [{ label: "m-1", text: JSON.stringify({ MessageId: "m-1", Body: message }) }], { mode: "invoke", invoker });

    // Assess
    expect(report.batches).toEqual([
      { label: "m-1", from: "stream", functionName: FUNCTION_ARN, shardId, firstSequenceNumber: sequenceNumbers[5], lastSequenceNumber: sequenceNumbers[14], expected: 10, found: 10, recovered: 10, status: "recovered" },
    ]);
    expect(report.done).toEqual(["m-1"]);
    const handed = invoker.calls.flatMap((c) => c.records);
    expect(handed.map((r) => r.kinesis.sequenceNumber)).toEqual(sequenceNumbers.slice(5, 15));
    expect(handed.map((r) => JSON.parse(Buffer.from(r.kinesis.data, "base64").toString()).n)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(handed[0]).toMatchObject({ eventID: `${shardId}:${sequenceNumbers[5]}`, eventSourceARN: arn("replay-source"), eventSource: "aws:kinesis", kinesis: { partitionKey: "device-1" } });
    // The shared stream got nothing back: every other consumer is left alone.
    expect((await readAll("replay-source")).length).toBe(30);
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
  const letter = (sequenceNumber: string, data: Buffer, subSequenceNumber = 0): DeadLetter => ({
    origin: { eventId: `shardId-000000000000:${sequenceNumber}`, eventSourceArn: arn("malformed-source"), partitionKey: "vol-9", sequenceNumber, subSequenceNumber, approximateArrivalTimestamp: 1769860798.5 },
    data,
    reasons: [{ rule: "schema", severity: "critical", path: "metrics", message: "Required" }],
  });

  it("re-assembles split records and hands them to the function that dead-lettered them, at their shard and sequence number", async () => {
    // Prepare: a record split in two parts, a record with only one of its two parts, a bad line.
    const data = Buffer.from(JSON.stringify({ event_type: "iops_sample", fixed: true, blob: "x".repeat(300_000) }));
    const whole = deadLetterBodies(letter("1", data), "processor", "2026-01-31T12:00:00.000Z");
    const partial = deadLetterBodies(letter("2", data), "processor", "2026-01-31T12:00:00.000Z");
    expect([whole.length, partial.length]).toEqual([2, 2]);
    const messages = [whole[1]!, whole[0]!, partial[0]!, "garbage"].map((text, i) => ({ label: `line ${i + 1}`, text }));
    const invoker = recordingInvoker();

    // Act
    const report = await replay(undefined, messages, { mode: "invoke", invoker });

    // Assess
    expect(report.malformed).toBe(1);
    expect(invoker.calls).toEqual([
      {
        functionName: "processor",
        records: [
          {
            kinesis: { kinesisSchemaVersion: "1.0", partitionKey: "vol-9", sequenceNumber: "1", data: data.toString("base64"), approximateArrivalTimestamp: 1769860798.5 },
            eventSource: "aws:kinesis",
            eventVersion: "1.0",
            eventID: "shardId-000000000000:1",
            eventName: "aws:kinesis:record",
            invokeIdentityArn: "",
            awsRegion: "us-east-1",
            eventSourceARN: arn("malformed-source"),
          },
        ],
      },
    ]);
    const partialSource = (JSON.parse(partial[0]!) as DeadLetterMessage).source;
    expect(report.incomplete).toEqual([{ recordId: (JSON.parse(partial[0]!) as DeadLetterMessage).recordId, source: partialSource, got: 1, parts: 2 }]);
    expect(report.invalid).toEqual([{ label: "line 4", reason: expect.stringMatching(/^not JSON/) }]);
    expect(report.done.sort()).toEqual(["line 1", "line 2"]);
  });

  it("puts user records of one KPL aggregate back together at their sequence and sub-sequence numbers", async () => {
    const bodies = [deadLetterBodies(letter("5", Buffer.from('{"b":2}'), 1), "processor", "2026-01-31T12:00:00.000Z"), deadLetterBodies(letter("5", Buffer.from('{"a":1}'), 0), "processor", "2026-01-31T12:00:00.000Z"), deadLetterBodies(letter("3", Buffer.from('{"c":0}')), "processor", "2026-01-31T12:00:00.000Z")].flat();
    const invoker = recordingInvoker();

    const report = await replay(undefined, bodies.map((text, i) => ({ label: `m${i}`, text })), { mode: "invoke", invoker });

    const handed = invoker.calls.flatMap((c) => c.records);
    expect(handed.map((r) => r.kinesis.sequenceNumber)).toEqual(["3", "5"]);
    const users = deaggregate({ partitionKey: handed[1].kinesis.partitionKey, data: Buffer.from(handed[1].kinesis.data, "base64"), sequenceNumber: "5" });
    expect(users.map((u) => [u.subSequenceNumber, Buffer.from(u.data).toString()])).toEqual([
      [0, '{"a":1}'],
      [1, '{"b":2}'],
    ]);
    expect(report.done.sort()).toEqual(["m0", "m1", "m2"]);
  });

  it("refuses user records of an aggregate that could not keep their sub-sequence number (a sibling before them was written)", async () => {
    const bodies = [deadLetterBodies(letter("5", Buffer.from('{"b":2}'), 2), "processor", "2026-01-31T12:00:00.000Z"), deadLetterBodies(letter("6", Buffer.from('{"c":0}')), "processor", "2026-01-31T12:00:00.000Z")].flat();
    const invoker = recordingInvoker();

    const report = await replay(undefined, bodies.map((text, i) => ({ label: `m${i}`, text })), { mode: "invoke", invoker });

    expect(invoker.calls.flatMap((c) => c.records).map((r) => r.kinesis.sequenceNumber)).toEqual(["6"]);
    expect(report.invalid).toEqual([{ label: expect.stringMatching(/^dead-lettered record [0-9a-f]{64}$/), reason: expect.stringMatching(/^sub-sequences 2 of the KPL aggregate at 5: a rebuilt aggregate numbers its records from 0/) }]);
    expect(report.done).toEqual(["m1"]);
  });

  it("keeps the messages of a record the consumer failed again", async () => {
    const bodies = [deadLetterBodies(letter("1", Buffer.from("{}")), "processor", "2026-01-31T12:00:00.000Z"), deadLetterBodies(letter("2", Buffer.from("{}")), "processor", "2026-01-31T12:00:00.000Z")].flat();
    const report = await replay(undefined, bodies.map((text, i) => ({ label: `m${i}`, text })), { mode: "invoke", invoker: recordingInvoker(() => ({ ok: true, failed: ["2"] })) });
    expect(report.done).toEqual(["m0"]);
    expect(report.notRecovered).toEqual([{ functionName: "processor", shardId: "shardId-000000000000", sequenceNumber: "2", detail: "processor reported 1 records as failed, from sequence number 2" }]);
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
  it("receives on-failure messages from SQS, hands their records back and deletes only the messages wholly recovered", async () => {
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
    const invoker = recordingInvoker();

    // Act
    const { report, received, deleted } = await replayQueue(client, sqs, queueUrl, { mode: "invoke", invoker, deleteDone: true });

    // Assess
    expect(received).toBe(2);
    expect(report.batches.map((b) => [b.label, b.status, b.found])).toEqual([
      ["m-0", "recovered", 2],
      ["m-1", "partial", 2],
    ]);
    expect(report.recovered).toBe(4);
    expect(deleted).toBe(1);
    expect(aws.callsOf("DeleteMessageBatch").map((c) => c.input)).toEqual([{ QueueUrl: queueUrl, Entries: [{ Id: "0", ReceiptHandle: "r-0" }] }]);
    expect(aws.callsOf("ReceiveMessage")[0]!.input).toMatchObject({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300 });
    expect((await readAll("queue-source")).length).toBe(4);
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
