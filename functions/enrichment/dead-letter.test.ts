import { SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { sendDeadLetters, type DeadLetter, type DeadLetterMessage } from "./dead-letter";
import { acceptAllMessages, answerCalls } from "../shared/testing/answer-calls";

const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/dlq";
const noWait = async () => {};

function sqs() {
  return new SQSClient({ region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
}

function letter(i: number, bytes = 10): DeadLetter {
  return { reason: "not_json", detail: `bad ${i}`, data: Buffer.alloc(bytes, i % 256), source: { sequenceNumber: String(i) } };
}

describe("sendDeadLetters", () => {
  it("sends 10 messages per call with the data, reason and source", async () => {
    // Prepare
    const client = sqs();
    const calls = answerCalls(client, "SendMessageBatchCommand", acceptAllMessages);

    // Act
    const result = await sendDeadLetters(client, QUEUE_URL, Array.from({ length: 23 }, (_, i) => letter(i)), { producer: "enrichment" });

    // Assess
    expect(result).toEqual({ sent: 23, failed: [] });
    expect(calls.calls.map((c) => c.Entries.length)).toEqual([10, 10, 3]);
    const first = JSON.parse(calls.calls[0].Entries[0].MessageBody) as DeadLetterMessage;
    expect(first).toMatchObject({ producer: "enrichment", reason: "not_json", detail: "bad 0", source: { sequenceNumber: "0" }, dataBase64: Buffer.alloc(10, 0).toString("base64"), part: 1, parts: 1 });
    expect(calls.calls[0].QueueUrl).toBe(QUEUE_URL);
  });

  it("splits a record bigger than a message into parts that rebuild its bytes", async () => {
    // Prepare
    const client = sqs();
    const calls = answerCalls(client, "SendMessageBatchCommand", acceptAllMessages);
    const big = { ...letter(7), data: Buffer.from(Array.from({ length: 700_000 }, (_, i) => i % 251)) };

    // Act
    await sendDeadLetters(client, QUEUE_URL, [big]);

    // Assess
    const bodies = calls.calls.flatMap((c) => c.Entries.map((e: { MessageBody: string }) => e.MessageBody as string));
    expect(bodies.every((b) => Buffer.byteLength(b) <= 262_144)).toBe(true);
    const parts = bodies.map((b) => JSON.parse(b) as DeadLetterMessage);
    expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => i + 1));
    expect(Buffer.concat(parts.map((p) => Buffer.from(p.dataBase64, "base64")))).toEqual(big.data);
    expect(calls.calls.every((c) => c.Entries.reduce((n: number, e: { MessageBody: string }) => n + Buffer.byteLength(e.MessageBody), 0) <= 262_144)).toBe(true);
  });

  it("retries only the entries SQS failed", async () => {
    // Prepare
    const client = sqs();
    const calls = answerCalls(client, "SendMessageBatchCommand", (input: any, call) => ({
      Successful: [],
      Failed: call === 1 ? [{ Id: input.Entries[1].Id, Code: "InternalError", SenderFault: false }] : [],
    }));

    // Act
    const result = await sendDeadLetters(client, QUEUE_URL, [letter(0), letter(1), letter(2)], { sleep: noWait });

    // Assess
    expect(result).toEqual({ sent: 3, failed: [] });
    expect(calls.calls.map((c) => c.Entries.map((e: { MessageBody: string }) => JSON.parse(e.MessageBody).detail))).toEqual([["bad 0", "bad 1", "bad 2"], ["bad 1"]]);
  });

  it("lists the letters still refused after every attempt", async () => {
    // Prepare
    const client = sqs();
    answerCalls(client, "SendMessageBatchCommand", () => Object.assign(new Error("down"), { name: "ServiceUnavailable" }));

    // Act
    const result = await sendDeadLetters(client, QUEUE_URL, [letter(0)], { sleep: noWait, maxAttempts: 2 });

    // Assess
    expect(result.sent).toBe(0);
    expect(result.failed).toEqual([{ letter: letter(0), index: 0, errorCode: "ServiceUnavailable", errorMessage: "down" }]);
  });
});
