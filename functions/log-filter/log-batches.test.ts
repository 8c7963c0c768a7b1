import { describe, expect, it } from "vitest";
import type { PendingEvent } from "./log-entry";
import { planLogBatches } from "./log-batches";

const HOUR = 3600 * 1000;

function event(timestamp: number, bytes = 100, recordIndex = 0): PendingEvent {
  return { recordIndex, timestamp, message: String(timestamp), bytes };
}

describe("planLogBatches", () => {
  it("sorts events by time and keeps the order of equal times", () => {
    // Act
    const [batch] = planLogBatches([event(3, 1, 0), event(1, 1, 1), event(3, 1, 2), event(2, 1, 3)]);

    // Assess
    expect(batch?.map((e) => e.recordIndex)).toEqual([1, 3, 0, 2]);
  });

  it("puts at most 10,000 events in a request", () => {
    expect(planLogBatches(Array.from({ length: 20_001 }, (_, i) => event(i, 27))).map((b) => b.length)).toEqual([10_000, 10_000, 1]);
  });

  it("keeps each request within 1 MiB, 26 bytes per event included", () => {
    // Act
    const batches = planLogBatches(Array.from({ length: 9 }, (_, i) => event(i, 262_144)));

    // Assess
    expect(batches.map((b) => b.length)).toEqual([4, 4, 1]);
  });

  it("never lets a request span 24 hours", () => {
    // Act
    const batches = planLogBatches([event(0), event(23 * HOUR), event(24 * HOUR), event(30 * HOUR)]);

    // Assess
    expect(batches.map((b) => b.map((e) => e.timestamp / HOUR))).toEqual([[0, 23], [24, 30]]);
  });
});
