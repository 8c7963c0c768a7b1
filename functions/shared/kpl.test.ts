import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { aggregateRecords, deaggregate, isAggregated, KPL_MAGIC, type UserRecord } from "./kpl";

const bytes = (text: string) => new Uint8Array(Buffer.from(text));

describe("KPL aggregation", () => {
  it("round-trips records, keys, explicit hash keys and order through one aggregate", () => {
    // Prepare
    const records: UserRecord[] = [
      { partitionKey: "a", data: bytes('{"n":1}') },
      { partitionKey: "b", explicitHashKey: "340282366920938463463374607431768211455", data: bytes('{"n":2}') },
      { partitionKey: "a", data: new Uint8Array(0) },
      { partitionKey: "ключ", data: bytes("x".repeat(300)) },
    ];
    // Act
    const aggregated = aggregateRecords(records);
    const out = deaggregate({ partitionKey: aggregated[0]!.partitionKey, data: aggregated[0]!.data });
    // Assess
    expect(aggregated).toHaveLength(1);
    expect(aggregated[0]!.partitionKey).toBe("a");
    expect(isAggregated(aggregated[0]!.data)).toBe(true);
    expect(out).toEqual(records.map((r, i) => ({ ...r, subSequenceNumber: i })));
  });

  it("writes the documented wire format: magic, protobuf, md5 of the protobuf", () => {
    const [aggregate] = aggregateRecords([{ partitionKey: "k", data: bytes("hi") }]);
    const data = Buffer.from(aggregate!.data);
    const protobuf = data.subarray(4, data.length - 16);
    expect([...data.subarray(0, 4)]).toEqual([...KPL_MAGIC]);
    // partition_key_table "k", then records { partition_key_index 0, data "hi" }
    expect([...protobuf]).toEqual([0x0a, 1, 0x6b, 0x1a, 6, 0x08, 0, 0x1a, 2, 0x68, 0x69]);
    expect(data.subarray(data.length - 16)).toEqual(createHash("md5").update(protobuf).digest());
  });

  it("splits into as few aggregates as fit under maxBytes, each taking its first record's key", () => {
    const records = Array.from({ length: 10 }, (_, i) => ({ partitionKey: `k${i}`, data: new Uint8Array(100).fill(i) }));
    const aggregated = aggregateRecords(records, 400);
    for (const a of aggregated) expect(a.data.length + Buffer.byteLength(a.partitionKey)).toBeLessThanOrEqual(400);
    expect(aggregated.length).toBe(4);
    const back = aggregated.flatMap((a) => deaggregate(a));
    expect(back.map((r) => r.partitionKey)).toEqual(records.map((r) => r.partitionKey));
    expect(aggregated.map((a) => a.partitionKey)).toEqual(["k0", "k3", "k6", "k9"]);
  });

  it("passes a record too big to aggregate through unchanged", () => {
    const big = { partitionKey: "big", data: new Uint8Array(500) };
    const small = { partitionKey: "s", data: new Uint8Array(10) };
    const aggregated = aggregateRecords([small, big, small], 400);
    expect(aggregated).toHaveLength(3);
    expect(aggregated[1]).toBe(big);
    expect(isAggregated(aggregated[0]!.data)).toBe(true);
  });

  it("encodes multi-byte varints (data over 127 and 16383 bytes)", () => {
    const records = [{ partitionKey: "p", data: new Uint8Array(20_000).fill(7) }, { partitionKey: "q", data: new Uint8Array(200).fill(9) }];
    const [aggregate] = aggregateRecords(records);
    expect(deaggregate(aggregate!)).toEqual(records.map((r, i) => ({ ...r, subSequenceNumber: i })));
  });

  it("treats plain data as one record with subSequenceNumber 0", () => {
    expect(deaggregate({ partitionKey: "p", data: bytes('{"a":1}') })).toEqual([{ partitionKey: "p", data: bytes('{"a":1}'), subSequenceNumber: 0 }]);
  });

  it("treats the magic with a bad md5 as plain data, as the KCL does", () => {
    const [aggregate] = aggregateRecords([{ partitionKey: "k", data: bytes("hi") }]);
    const corrupted = new Uint8Array(aggregate!.data);
    corrupted[corrupted.length - 1]! ^= 0xff;
    expect(isAggregated(corrupted)).toBe(false);
    expect(deaggregate({ partitionKey: "k", data: corrupted })).toEqual([{ partitionKey: "k", data: corrupted, subSequenceNumber: 0 }]);
  });

  it("treats a valid md5 over an unreadable protobuf as plain data", () => {
    const protobuf = Uint8Array.of(0x1a, 0x50, 0x08);
    const data = Buffer.concat([KPL_MAGIC, protobuf, createHash("md5").update(protobuf).digest()]);
    expect(isAggregated(data)).toBe(true);
    expect(deaggregate({ partitionKey: "k", data })).toHaveLength(1);
  });
});
