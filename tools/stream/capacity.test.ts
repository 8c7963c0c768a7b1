import { describe, expect, it } from "vitest";
import { PipelineSchema } from "../../envs/schema/pipeline";
import { capacityWarnings, pipelineCapacity, planCapacity, sharedConsumersOf } from "./capacity";

describe("planCapacity", () => {
  it("needs 10 shards for 10,000 records/s of 1 KB (the seed documents' example)", () => {
    const report = planCapacity({ peakRecordsPerSecond: 10_000, averageRecordBytes: 1024 });
    expect(report.requirement).toEqual({ forWriteBytes: 10, forWriteRecords: 10, forSharedReads: 5, shards: 10 });
    expect(report.peakMebibytesPerSecond).toBe(9.766);
    expect(report.recommendation.mode).toBe("provisioned");
  });

  it("lets the records limit decide for small records and the bytes limit for large ones", () => {
    expect(planCapacity({ peakRecordsPerSecond: 2500, averageRecordBytes: 100 }).requirement.shards).toBe(3);
    // 300 records/s of 10 KiB = 2.93 MiB/s: 3 shards for bytes, 1 for records.
    expect(planCapacity({ peakRecordsPerSecond: 300, averageRecordBytes: 10_240 }).requirement).toMatchObject({ forWriteBytes: 3, forWriteRecords: 1, shards: 3 });
  });

  it("counts shared reads: 3 polling consumers of 4.88 MiB/s need 8 shards and are told about enhanced fan-out", () => {
    const report = planCapacity({ peakRecordsPerSecond: 5000, averageRecordBytes: 1024, sharedConsumers: 3 });
    expect(report.requirement).toEqual({ forWriteBytes: 5, forWriteRecords: 5, forSharedReads: 8, shards: 8 });
    expect(report.warnings).toEqual([expect.stringMatching(/3 polling consumers share 2 MiB\/s per shard .* enhanced fan-out/)]);
  });

  it("warns when the configured provisioned stream is too small", () => {
    const report = planCapacity({ peakRecordsPerSecond: 10_000, averageRecordBytes: 1024, configured: { mode: "provisioned", shardCount: 4 } });
    expect(report.warnings).toEqual(["the stream has 4 shards but the peak needs 10: writes will be throttled (WriteProvisionedThroughputExceeded)"]);
  });

  it("warns when a new on-demand stream starts below the peak, and recommends on-demand for small loads", () => {
    const big = planCapacity({ peakRecordsPerSecond: 6000, averageRecordBytes: 200, configured: { mode: "on-demand" } });
    expect(big.warnings).toEqual([expect.stringMatching(/^a new on-demand stream accepts 4 MiB\/s and 4000 records\/s at first/)]);
    const small = planCapacity({ peakRecordsPerSecond: 200, averageRecordBytes: 512, configured: { mode: "on-demand" } });
    expect(small.warnings).toEqual([]);
    expect(small.recommendation.mode).toBe("on-demand");
  });

  it("fails on impossible input", () => {
    expect(() => planCapacity({ peakRecordsPerSecond: 0, averageRecordBytes: 10 })).toThrow(/peak records\/s must be a number above 0, got 0/);
    expect(() => planCapacity({ peakRecordsPerSecond: 1, averageRecordBytes: 2_000_000 })).toThrow(/average record size must be between 1 and 1048576 bytes, got 2000000/);
  });
});

describe("pipelineCapacity", () => {
  const pipeline = PipelineSchema.parse({
    name: "orders",
    traffic: { peakRecordsPerSecond: 3000, averageRecordBytes: 1024 },
    stream: { mode: "provisioned", shardCount: 2 },
    processors: [
      { name: "a", handler: "log-filter" },
      { name: "b", handler: "log-filter", enhancedFanOut: true },
    ],
    archive: {},
  });

  it("counts polling consumers but not enhanced fan-out ones", () => {
    expect(sharedConsumersOf(pipeline)).toBe(2);
  });

  it("sizes the pipeline's stream from its traffic and flags the configured shard count", () => {
    const report = pipelineCapacity(pipeline)!;
    expect(report.requirement.shards).toBe(3);
    expect(report.warnings).toEqual([expect.stringMatching(/^the stream has 2 shards but the peak needs 3/)]);
  });
});

describe("the 80 % write-capacity warning", () => {
  it("warns when the declared peak uses more than 80 % of a provisioned stream's writes", () => {
    const report = planCapacity({ peakRecordsPerSecond: 1700, averageRecordBytes: 100, configured: { mode: "provisioned", shardCount: 2 } });
    expect(report.warnings).toEqual([
      "the declared peak (1700 records/s, 0.162 MiB/s) uses 85 % of the write capacity of 2 shard(s) (2000 records/s, 2 MiB/s), above 80 %: a burst will be throttled; add shards",
    ]);
  });

  it("is silent at 80 % or below", () => {
    expect(planCapacity({ peakRecordsPerSecond: 1600, averageRecordBytes: 100, configured: { mode: "provisioned", shardCount: 2 } }).warnings).toEqual([]);
  });

  it("synth names the environment and pipeline", () => {
    const pipeline = PipelineSchema.parse({ name: "hot", traffic: { peakRecordsPerSecond: 900, averageRecordBytes: 100 }, stream: { mode: "provisioned", shardCount: 1 } });
    expect(capacityWarnings({ name: "qa", pipelines: [pipeline] })).toEqual([expect.stringMatching(/^qa\/hot stream: the declared peak \(900 records\/s.*uses 90 % of the write capacity of 1 shard\(s\)/)]);
  });
});
