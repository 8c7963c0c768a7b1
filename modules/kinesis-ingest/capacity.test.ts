import { describe, expect, test } from "vitest";
import { requiredShards, shardRequirement } from "./capacity";

describe("requiredShards", () => {
  test("write bytes decide: 1 MiB/s per shard", () => {
    expect(shardRequirement({ mebibytesPerSecond: 7.2, recordsPerSecond: 100 })).toEqual({ forWriteBytes: 8, forWriteRecords: 1, forSharedReads: 4, shards: 8 });
  });

  test("write records decide: 1,000 records/s per shard", () => {
    expect(requiredShards({ mebibytesPerSecond: 0.5, recordsPerSecond: 12_001 })).toBe(13);
  });

  test("shared reads decide: every polling consumer reads the whole write rate, 2 MiB/s per shard", () => {
    expect(shardRequirement({ mebibytesPerSecond: 3, recordsPerSecond: 10, sharedThroughputConsumers: 5 })).toEqual({
      forWriteBytes: 3,
      forWriteRecords: 1,
      forSharedReads: 8,
      shards: 8,
    });
  });

  test("exact multiples need no extra shard, and an idle stream still needs one", () => {
    expect(requiredShards({ mebibytesPerSecond: 0.3 * 10, recordsPerSecond: 3000 })).toBe(3);
    expect(requiredShards({ mebibytesPerSecond: 0, recordsPerSecond: 0, sharedThroughputConsumers: 0 })).toBe(1);
  });

  test("fails when an input is negative or not a number", () => {
    expect(() => requiredShards({ mebibytesPerSecond: 1, recordsPerSecond: Number.NaN })).toThrow(
      /expectedPeakWrite.recordsPerSecond must be a number of at least 0, got NaN/,
    );
    expect(() => requiredShards({ mebibytesPerSecond: 1, recordsPerSecond: 1, sharedThroughputConsumers: 1.5 })).toThrow(
      /expectedPeakWrite.sharedThroughputConsumers must be a whole number of at least 0, got 1.5/,
    );
  });
});
