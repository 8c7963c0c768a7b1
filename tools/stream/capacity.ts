import { sharedThroughputReaders } from "../../stacks/readers";
import { shardRequirement, type ShardRequirement } from "../../modules/kinesis-ingest/capacity";
import { SHARD_WRITE_MIB_PER_SECOND, SHARD_WRITE_RECORDS_PER_SECOND } from "../../modules/kinesis-ingest/defaults";
import type { PipelineConfig } from "../../envs/schema/pipeline";

/** A new on-demand stream accepts 4 MiB/s and 4,000 records/s of writes until it has seen more. */
export const ON_DEMAND_INITIAL_WRITE_MIB_PER_SECOND = 4;
/** See {@link ON_DEMAND_INITIAL_WRITE_MIB_PER_SECOND}. */
export const ON_DEMAND_INITIAL_WRITE_RECORDS_PER_SECOND = 4000;

/** Share of a stream's write capacity the declared peak may use before synth and `capacity` warn. */
export const WRITE_CAPACITY_WARNING_RATIO = 0.8;

/** The load a stream must carry. */
export interface CapacityInput {
  readonly peakRecordsPerSecond: number;
  readonly averageRecordBytes: number;
  /**
   * Consumers polling with GetRecords (Lambda without enhanced fan-out, Firehose, Flink): they share 2 MiB/s per shard.
   * @default 1
   */
  readonly sharedConsumers?: number;
  /**
   * What the stream is configured as, to warn when it is too small.
   * @default - no configured stream to check
   */
  readonly configured?: { readonly mode: "on-demand" | "provisioned"; readonly shardCount?: number };
}

/** The sizing of a stream and the advice that follows. */
export interface CapacityReport {
  readonly peakMebibytesPerSecond: number;
  readonly requirement: ShardRequirement;
  /** What the numbers favour and why. */
  readonly recommendation: { readonly mode: "on-demand" | "provisioned"; readonly reason: string };
  readonly warnings: string[];
}

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Sizes a stream for a peak load with the platform's own formula (modules/kinesis-ingest
 * `shardRequirement`: 1 MiB/s and 1,000 records/s of writes per shard, 2 MiB/s of shared reads),
 * recommends a capacity mode and warns when the configured stream is too small.
 * Record size counts the data only (partition keys add a few bytes each).
 */
export function planCapacity(input: CapacityInput): CapacityReport {
  if (!(input.peakRecordsPerSecond > 0)) throw new Error(`peak records/s must be a number above 0, got ${input.peakRecordsPerSecond}`);
  if (!(input.averageRecordBytes > 0) || input.averageRecordBytes > 1_048_576) {
    throw new Error(`average record size must be between 1 and 1048576 bytes, got ${input.averageRecordBytes}`);
  }
  const consumers = input.sharedConsumers ?? 1;
  const mebibytesPerSecond = (input.peakRecordsPerSecond * input.averageRecordBytes) / 1_048_576;
  const requirement = shardRequirement({ mebibytesPerSecond, recordsPerSecond: input.peakRecordsPerSecond, sharedThroughputConsumers: consumers });
  const warnings: string[] = [];
  const configured = input.configured;
  if (configured?.mode === "provisioned" && configured.shardCount !== undefined && configured.shardCount < requirement.shards) {
    warnings.push(`the stream has ${configured.shardCount} shards but the peak needs ${requirement.shards}: writes will be throttled (WriteProvisionedThroughputExceeded)`);
  }
  const writeLimit = configured?.mode === "provisioned" && configured.shardCount !== undefined
    ? { mib: configured.shardCount * SHARD_WRITE_MIB_PER_SECOND, records: configured.shardCount * SHARD_WRITE_RECORDS_PER_SECOND, what: `${configured.shardCount} shard(s)` }
    : configured?.mode === "on-demand"
      ? { mib: ON_DEMAND_INITIAL_WRITE_MIB_PER_SECOND, records: ON_DEMAND_INITIAL_WRITE_RECORDS_PER_SECOND, what: "a new on-demand stream" }
      : undefined;
  if (writeLimit) {
    const used = Math.max(mebibytesPerSecond / writeLimit.mib, input.peakRecordsPerSecond / writeLimit.records);
    if (used > WRITE_CAPACITY_WARNING_RATIO && used <= 1) {
      warnings.push(
        `the declared peak (${input.peakRecordsPerSecond} records/s, ${round(mebibytesPerSecond, 3)} MiB/s) uses ${Math.round(used * 100)} % of the write capacity of ${writeLimit.what} (${writeLimit.records} records/s, ${writeLimit.mib} MiB/s), above ${WRITE_CAPACITY_WARNING_RATIO * 100} %: a burst will be throttled; add shards`,
      );
    }
  }
  const overInitial = mebibytesPerSecond > ON_DEMAND_INITIAL_WRITE_MIB_PER_SECOND || input.peakRecordsPerSecond > ON_DEMAND_INITIAL_WRITE_RECORDS_PER_SECOND;
  if (configured?.mode === "on-demand" && overInitial) {
    warnings.push(
      `a new on-demand stream accepts ${ON_DEMAND_INITIAL_WRITE_MIB_PER_SECOND} MiB/s and ${ON_DEMAND_INITIAL_WRITE_RECORDS_PER_SECOND} records/s at first and doubles its previous peak within 15 minutes: ramp traffic up, or create it provisioned with ${requirement.shards} shards and switch`,
    );
  }
  if (consumers > 2 && requirement.forSharedReads >= Math.max(requirement.forWriteBytes, requirement.forWriteRecords)) {
    warnings.push(`${consumers} polling consumers share 2 MiB/s per shard and drive the shard count: give some of them enhanced fan-out`);
  }
  const recommendation =
    requirement.shards <= 2 && !overInitial
      ? { mode: "on-demand" as const, reason: `small load (${requirement.shards} shard(s)): on-demand needs no sizing and follows spikes` }
      : { mode: "provisioned" as const, reason: `a steady ${requirement.shards}-shard load is cheaper provisioned; keep on-demand only for unpredictable spikes` };
  return { peakMebibytesPerSecond: round(mebibytesPerSecond, 3), requirement, recommendation, warnings };
}

/** Consumers of a pipeline's stream that poll with GetRecords: processors without enhanced fan-out, Firehose deliveries, Flink. */
export function sharedConsumersOf(pipeline: PipelineConfig, role: "stream" | "outputStream" = "stream"): number {
  return sharedThroughputReaders(pipeline, role);
}

/** Each enabled pipeline's capacity warnings, as `<env>/<pipeline>: ...` lines (printed by synth). */
export function capacityWarnings(env: { readonly name: string; readonly pipelines: readonly PipelineConfig[] }): string[] {
  return env.pipelines
    .filter((pipeline) => pipeline.enabled)
    .flatMap((pipeline) => (pipelineCapacity(pipeline)?.warnings ?? []).map((warning) => `${env.name}/${pipeline.name} stream: ${warning}`));
}

/** Capacity of a pipeline's stream from its declared traffic, or undefined when it declares none. */
export function pipelineCapacity(pipeline: PipelineConfig): CapacityReport | undefined {
  if (!pipeline.traffic || !pipeline.stream?.enabled) return undefined;
  return planCapacity({
    peakRecordsPerSecond: pipeline.traffic.peakRecordsPerSecond,
    averageRecordBytes: pipeline.traffic.averageRecordBytes,
    sharedConsumers: Math.max(1, sharedConsumersOf(pipeline)),
    configured: { mode: pipeline.stream.mode, ...(pipeline.stream.shardCount !== undefined ? { shardCount: pipeline.stream.shardCount } : {}) },
  });
}
