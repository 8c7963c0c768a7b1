import { SHARD_SHARED_READ_MIB_PER_SECOND, SHARD_WRITE_MIB_PER_SECOND, SHARD_WRITE_RECORDS_PER_SECOND } from "./defaults";

/** The expected peak load of a stream, for sizing provisioned shards. */
export interface ExpectedPeakWrite {
  /** Peak write rate in MiB per second, summed over all producers. */
  readonly mebibytesPerSecond: number;
  /** Peak write rate in records per second, summed over all producers. */
  readonly recordsPerSecond: number;
  /**
   * Consumers that poll with GetRecords (shared throughput; enhanced fan-out consumers have their own
   * 2 MiB/s per shard and do not count). Each reads the whole write rate.
   * @default 1
   */
  readonly sharedThroughputConsumers?: number;
}

/** Shards needed by each limit, and the overall need (the largest). */
export interface ShardRequirement {
  /** `ceil(MiB/s / 1)`. */
  readonly forWriteBytes: number;
  /** `ceil(records/s / 1000)`. */
  readonly forWriteRecords: number;
  /** `ceil(MiB/s * sharedThroughputConsumers / 2)`. */
  readonly forSharedReads: number;
  /** The largest of the three, at least 1. */
  readonly shards: number;
}

const EPSILON = 1e-9;

function ceilOf(value: number): number {
  // Guards against 3.0000000001 from floating-point division turning into 4 shards.
  return Math.ceil(value - EPSILON);
}

/** Fails unless every input is a finite, non-negative number (and consumers a whole number). */
function assertInput(load: ExpectedPeakWrite): void {
  for (const [name, value] of [
    ["expectedPeakWrite.mebibytesPerSecond", load.mebibytesPerSecond],
    ["expectedPeakWrite.recordsPerSecond", load.recordsPerSecond],
  ] as const) {
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of at least 0, got ${value}`);
  }
  const consumers = load.sharedThroughputConsumers;
  if (consumers !== undefined && (!Number.isInteger(consumers) || consumers < 0)) {
    throw new Error(`expectedPeakWrite.sharedThroughputConsumers must be a whole number of at least 0, got ${consumers}`);
  }
}

/**
 * The shards a provisioned stream needs for a peak load, by limit: 1 MiB/s and 1,000 records/s of
 * writes per shard, and 2 MiB/s per shard of reads shared by all polling consumers.
 */
export function shardRequirement(load: ExpectedPeakWrite): ShardRequirement {
  assertInput(load);
  const consumers = load.sharedThroughputConsumers ?? 1;
  const forWriteBytes = ceilOf(load.mebibytesPerSecond / SHARD_WRITE_MIB_PER_SECOND);
  const forWriteRecords = ceilOf(load.recordsPerSecond / SHARD_WRITE_RECORDS_PER_SECOND);
  const forSharedReads = ceilOf((load.mebibytesPerSecond * consumers) / SHARD_SHARED_READ_MIB_PER_SECOND);
  return { forWriteBytes, forWriteRecords, forSharedReads, shards: Math.max(1, forWriteBytes, forWriteRecords, forSharedReads) };
}

/**
 * The number of shards a provisioned stream needs for a peak load:
 * `max(ceil(MiB/s / 1), ceil(records/s / 1000), ceil(MiB/s * sharedThroughputConsumers / 2), 1)`.
 * Pure, so the operator CLI can reuse it.
 */
export function requiredShards(load: ExpectedPeakWrite): number {
  return shardRequirement(load).shards;
}

/** Fails when `shardCount` cannot carry the load, naming every number that went into the need. */
export function assertEnoughShards(shardCount: number, load: ExpectedPeakWrite): void {
  const need = shardRequirement(load);
  if (shardCount >= need.shards) return;
  const consumers = load.sharedThroughputConsumers ?? 1;
  throw new Error(
    `shardCount ${shardCount} is too small for expectedPeakWrite: ${need.shards} shards are needed ` +
      `(${load.mebibytesPerSecond} MiB/s at 1 MiB/s per shard = ${need.forWriteBytes}; ` +
      `${load.recordsPerSecond} records/s at 1000 records/s per shard = ${need.forWriteRecords}; ` +
      `${load.mebibytesPerSecond} MiB/s read by ${consumers} shared-throughput consumer(s) at 2 MiB/s per shard = ${need.forSharedReads})`,
  );
}
