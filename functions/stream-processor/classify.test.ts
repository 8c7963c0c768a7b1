import { describe, expect, it } from "vitest";
import { classifyRecords, itemKey } from "./classify";
import { iopsSample } from "../shared/testing/iops-events";
import { kinesisRecord } from "../shared/testing/kinesis-events";

const now = Date.parse("2026-01-31T12:00:00.500Z");

describe("classifyRecords", () => {
  it.each([
    [1, 1_769_860_800 + 86_400],
    [30, 1_769_860_800 + 30 * 86_400],
  ])("writes expires_at as the write time plus %i days, in epoch seconds", (retentionDays, expiresAt) => {
    const { valid } = classifyRecords([kinesisRecord(iopsSample({ timestamp: "2026-01-31T11:00:00.000Z" }))], { maxEventBytes: 10_000, maxFutureMinutes: 5, now, retentionDays });
    expect(valid.map((v) => v.item.expires_at)).toEqual([expiresAt]);
  });

  it("counts the retention from the write, not from an old event's timestamp", () => {
    const { valid } = classifyRecords([kinesisRecord(iopsSample({ timestamp: "2024-11-06T12:00:00Z" }))], { maxEventBytes: 10_000, maxFutureMinutes: 5, now, retentionDays: 7 });
    expect(valid[0]!.item.expires_at).toBe(1_769_860_800 + 7 * 86_400);
  });

  it("gives different (pk, sk) pairs different item keys, wherever the split falls", () => {
    const text = "1:a\u0000b#:2";
    const pairs = Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)] as const);
    const withDigits = pairs.map(([pk, sk]) => [`${pk.length}:${pk}`, sk] as const);
    const keys = new Set([...pairs, ...withDigits].map(([pk, sk]) => itemKey(pk, sk)));
    expect(keys.size).toBe(pairs.length + withDigits.length);
  });
});
