import { describe, expect, it } from "vitest";
import type { MalformedEvent } from "./classify";
import { deadLetterBody, SQS_MAX_BYTES } from "./dead-letter";

const malformed = (data: Uint8Array, partitionKey = "pk"): MalformedEvent => ({
  recordIndex: 0,
  origin: { eventId: "shardId-000000000003:42", eventSourceArn: "arn:aws:kinesis:us-east-1:1:stream/s", partitionKey, sequenceNumber: "42", subSequenceNumber: 0, approximateArrivalTimestamp: 1 },
  data,
  reasons: [{ rule: "not-json", severity: "critical", path: "", message: "Unexpected token" }],
});

describe("deadLetterBody", () => {
  it("keeps the data, reasons and stream position", () => {
    expect(JSON.parse(deadLetterBody(malformed(Buffer.from("{oops"))))).toEqual({
      reasons: [{ rule: "not-json", severity: "critical", path: "", message: "Unexpected token" }],
      eventSourceArn: "arn:aws:kinesis:us-east-1:1:stream/s",
      shardId: "shardId-000000000003",
      partitionKey: "pk",
      sequenceNumber: "42",
      subSequenceNumber: 0,
      approximateArrivalTimestamp: 1,
      dataBytes: 5,
      truncated: false,
      data: Buffer.from("{oops").toString("base64"),
    });
  });

  it("cuts the data of a record too big for SQS, keeping its size and sequence number", () => {
    const body = deadLetterBody(malformed(new Uint8Array(1_000_000).fill(65)));
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(SQS_MAX_BYTES);
    expect(Buffer.byteLength(body)).toBeGreaterThan(SQS_MAX_BYTES - 2200);
    expect(JSON.parse(body)).toMatchObject({ truncated: true, dataBytes: 1_000_000, sequenceNumber: "42" });
  });

  it("escapes the characters SQS refuses, keeping the same JSON value", () => {
    const body = deadLetterBody(malformed(Buffer.from("x"), "key\uFFFF\uFFFE"));
    expect(body).not.toMatch(/[\uFFFE\uFFFF]/);
    expect(JSON.parse(body).partitionKey).toBe("key\uFFFF\uFFFE");
  });
});
