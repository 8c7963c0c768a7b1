import { createHash } from "node:crypto";
import { SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { deadLetterBodies, deadLetterRecordId, sendDeadLetters, SQS_MAX_MESSAGE_BYTES, type DeadLetter, type DeadLetterMessage } from "./dead-letter";
import { acceptAllMessages, answerCalls } from "./testing/answer-calls";

const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/dlq";
const STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/events";
const noWait = async () => {};
const at = () => new Date("2026-01-31T12:00:00.000Z");

function sqs() {
  return new SQSClient({ region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
}

function letter(i: number, data: Uint8Array = Buffer.alloc(10, i % 256), partitionKey = "pk"): DeadLetter {
  return {
    origin: { eventId: `shardId-000000000003:${i}`, eventSourceArn: STREAM_ARN, partitionKey, sequenceNumber: String(i), subSequenceNumber: 0, approximateArrivalTimestamp: 1_769_860_800 },
    data,
    reasons: [{ rule: "not-json", severity: "critical", path: "", message: `bad ${i}` }],
  };
}

type Entry = { MessageBody: string; MessageGroupId?: string; MessageDeduplicationId?: string };
const bodiesOf = (calls: Array<{ Entries: Entry[] }>) => calls.flatMap((c) => c.Entries.map((e) => JSON.parse(e.MessageBody) as DeadLetterMessage));

describe("sendDeadLetters", () => {
  it("stores the data, every reason and the stream position, 10 messages a call", async () => {
    // Prepare
    const client = sqs();
    const calls = answerCalls(client, "SendMessageBatchCommand", acceptAllMessages);

    // Act
    const result = await sendDeadLetters(client, QUEUE_URL, Array.from({ length: 23 }, (_, i) => letter(i)), { producer: "stream-processor", now: at });

    // Assess
    expect(result).toEqual({ stored: 23, split: 0, failed: [] });
    expect(calls.calls.map((c) => c.Entries.length)).toEqual([10, 10, 3]);
    expect(calls.calls[0].QueueUrl).toBe(QUEUE_URL);
    expect(calls.calls[0].Entries[0].MessageGroupId).toBeUndefined();
    const source = { eventSourceArn: STREAM_ARN, shardId: "shardId-000000000003", partitionKey: "pk", sequenceNumber: "0", subSequenceNumber: 0, approximateArrivalTimestamp: 1_769_860_800 };
    expect(bodiesOf(calls.calls)[0]).toEqual({
      format: "dead-letter/1",
      producer: "stream-processor",
      failedAt: "2026-01-31T12:00:00.000Z",
      recordId: deadLetterRecordId(source),
      source,
      reasons: [{ rule: "not-json", severity: "critical", path: "", message: "bad 0" }],
      reasonCount: 1,
      dataBytes: 10,
      dataSha256: createHash("sha256").update(Buffer.alloc(10, 0)).digest("hex"),
      partBytes: expect.any(Number),
      part: 1,
      parts: 1,
      data: Buffer.alloc(10, 0).toString("base64"),
    });
  });

  it("splits a record bigger than a message into parts that each decode and together rebuild its bytes", async () => {
    // Prepare
    const client = sqs();
    const calls = answerCalls(client, "SendMessageBatchCommand", acceptAllMessages);
    const big = letter(7, Buffer.from(Array.from({ length: 1_000_000 }, (_, i) => i % 251)));

    // Act
    const result = await sendDeadLetters(client, QUEUE_URL, [big, letter(8)]);

    // Assess
    expect(result).toEqual({ stored: 2, split: 1, failed: [] });
    const sizes = calls.calls.map((c) => c.Entries.reduce((n: number, e: Entry) => n + Buffer.byteLength(e.MessageBody), 0));
    expect(sizes.every((n) => n <= SQS_MAX_MESSAGE_BYTES)).toBe(true);
    const parts = bodiesOf(calls.calls).filter((m) => m.source.sequenceNumber === "7");
    expect(parts.length).toBe(6);
    expect(parts.map((p) => [p.part, p.parts, p.dataBytes, p.recordId])).toEqual(parts.map((_, i) => [i + 1, 6, 1_000_000, parts[0]!.recordId]));
    expect(Buffer.concat(parts.map((p) => Buffer.from(p.data, "base64")))).toEqual(Buffer.from(big.data));
    expect(parts.every((p) => Buffer.from(Buffer.from(p.data, "base64").toString("base64")).toString() === p.data)).toBe(true);
    // Splitting one 1 MB record takes 3.5 s at idle and timed out at 30 s under make test's load: the
    // splitter's cost is a known open problem, not hidden by this limit.
  }, 120_000);

  it("retries only the entries SQS failed on its side", async () => {
    // Prepare
    const client = sqs();
    const calls = answerCalls(client, "SendMessageBatchCommand", (input: any, call) => ({
      ...acceptAllMessages({ Entries: call === 1 ? [input.Entries[0], input.Entries[2]] : input.Entries }),
      Failed: call === 1 ? [{ Id: input.Entries[1].Id, Code: "InternalError", SenderFault: false }] : [],
    }));

    // Act
    const result = await sendDeadLetters(client, QUEUE_URL, [letter(0), letter(1), letter(2)], { sleep: noWait });

    // Assess
    expect(result).toEqual({ stored: 3, split: 0, failed: [] });
    expect(calls.calls.map((c) => bodiesOf([c]).map((m) => m.reasons[0]!.message))).toEqual([["bad 0", "bad 1", "bad 2"], ["bad 1"]]);
  });

  it("does not retry an entry refused as the sender's fault, and returns it", async () => {
    // Prepare
    const client = sqs();
    const calls = answerCalls(client, "SendMessageBatchCommand", (input: any) => ({
      ...acceptAllMessages({ Entries: [input.Entries[0]] }),
      Failed: [{ Id: input.Entries[1].Id, Code: "InvalidMessageContents", Message: "bad body", SenderFault: true }],
    }));

    // Act
    const result = await sendDeadLetters(client, QUEUE_URL, [letter(0), letter(1)], { sleep: noWait });

    // Assess
    expect(calls.calls.length).toBe(1);
    expect(result).toEqual({ stored: 1, split: 0, failed: [{ index: 1, letter: letter(1), errorCode: "InvalidMessageContents", errorMessage: "bad body" }] });
  });

  it("returns the letters still refused after every attempt, a split one as soon as one part is missing", async () => {
    // Prepare
    const client = sqs();
    const calls = answerCalls(client, "SendMessageBatchCommand", (input: any) =>
      JSON.parse(input.Entries[0].MessageBody).part === 2 ? Object.assign(new Error("down"), { name: "ServiceUnavailable" }) : acceptAllMessages(input),
    );
    const big = letter(1, Buffer.alloc(300_000, 1));

    // Act: the two parts go in two calls (256 KiB a call); the second part's call always fails.
    const result = await sendDeadLetters(client, QUEUE_URL, [big], { sleep: noWait, maxAttempts: 3 });

    // Assess
    expect(calls.calls.map((c) => c.Entries.length)).toEqual([1, 1, 1, 1]);
    expect(result).toEqual({ stored: 0, split: 1, failed: [{ index: 0, letter: big, errorCode: "ServiceUnavailable", errorMessage: "down" }] });
  });

  it("groups by shard and deduplicates on the record's place and part on a FIFO queue", async () => {
    // Prepare
    const client = sqs();
    const calls = answerCalls(client, "SendMessageBatchCommand", acceptAllMessages);

    // Act
    await sendDeadLetters(client, `${QUEUE_URL}.fifo`, [letter(1), letter(1)]);

    // Assess
    const [first, second] = calls.calls[0].Entries as Entry[];
    expect(first).toMatchObject({ MessageGroupId: "shardId-000000000003", MessageDeduplicationId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(second!.MessageDeduplicationId).toBe(first!.MessageDeduplicationId);
  });
});

describe("deadLetterBodies", () => {
  it("escapes the characters SQS refuses, keeping the same JSON value", () => {
    const [body] = deadLetterBodies(letter(0, Buffer.from("x"), "key\uFFFF\uFFFE"), "p", "t");
    expect(body).not.toMatch(/[\uFFFE\uFFFF]/);
    expect(JSON.parse(body!).source.partitionKey).toBe("key\uFFFF\uFFFE");
  });

  it("keeps at most 20 reasons, cut to 1024 characters, and says how many there were", () => {
    const many = { ...letter(0), reasons: Array.from({ length: 30 }, (_, i) => ({ rule: `r${i}`, severity: "error", path: "a.b", message: "m".repeat(5000) })) };
    const message = JSON.parse(deadLetterBodies(many, "p", "t")[0]!) as DeadLetterMessage;
    expect(message.reasonCount).toBe(30);
    expect(message.reasons.map((r) => r.rule)).toEqual(Array.from({ length: 20 }, (_, i) => `r${i}`));
    expect(message.reasons[0]).toEqual({ rule: "r0", severity: "error", path: "a.b", message: "m".repeat(1024) });
  });
});
