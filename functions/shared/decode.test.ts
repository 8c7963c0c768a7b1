import { describe, expect, it } from "vitest";
import { decodeKinesisRecord } from "./decode";
import { kinesisRecord, kplAggregatedRecord } from "./testing/kinesis-events";

describe("decodeKinesisRecord", () => {
  it("decodes base64 JSON with its origin", () => {
    const record = kinesisRecord({ a: 1 }, { partitionKey: "pk", sequenceNumber: "42" });
    const [decoded] = decodeKinesisRecord(record);
    expect(decoded).toMatchObject({ ok: true, value: { a: 1 }, origin: { partitionKey: "pk", sequenceNumber: "42", subSequenceNumber: 0, eventId: "shardId-000000000000:42" } });
  });

  it.each([
    ["not base64", "!!!notbase64", "not base64"],
    ["wrong length", "abcde", "not base64"],
    ["invalid characters of the right length", "ab$$", "not base64"],
    ["not JSON", Buffer.from("{oops").toString("base64"), "not JSON"],
    ["not UTF-8", Buffer.from([0xff, 0xfe, 0x7b]).toString("base64"), "not JSON"],
  ])("reports %s", (_, data, reason) => {
    const [decoded] = decodeKinesisRecord(kinesisRecord(undefined, { data }));
    expect(decoded).toMatchObject({ ok: false, error: { name: "DecodeError", reason } });
  });

  it("reports a record over maxBytes as too large without parsing it", () => {
    const [decoded] = decodeKinesisRecord(kinesisRecord({ blob: "x".repeat(2000) }), { maxBytes: 1000 });
    expect(decoded).toMatchObject({ ok: false, error: { reason: "too large", message: "record is 2011 bytes, at most 1000 accepted" } });
  });

  it("de-aggregates KPL records transparently, numbering sub-records", () => {
    const record = kplAggregatedRecord([{ n: 0 }, "{bad", { n: 2 }], { sequenceNumber: "7" });
    const decoded = decodeKinesisRecord(record);
    expect(decoded.map((d) => [d.ok, d.origin.sequenceNumber, d.origin.subSequenceNumber, d.origin.partitionKey])).toEqual([
      [true, "7", 0, "partition-0"],
      [false, "7", 1, "partition-1"],
      [true, "7", 2, "partition-2"],
    ]);
    expect(decoded[2]).toMatchObject({ value: { n: 2 } });
  });
});
