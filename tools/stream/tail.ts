import { GetRecordsCommand, GetShardIteratorCommand, type GetShardIteratorInput, type KinesisClient, type Shard } from "@aws-sdk/client-kinesis";
import { deaggregate } from "../../functions/shared/kpl";
import { isClosed, listAllShards, parentIds } from "./shards";

/** Where reading starts on the shards that exist when the tail begins. */
export type StartPosition =
  | { readonly type: "LATEST" }
  | { readonly type: "TRIM_HORIZON" }
  | { readonly type: "AT_TIMESTAMP"; readonly timestamp: Date }
  /** Sequence numbers belong to one shard: only that shard and its descendants are read. */
  | { readonly type: "AT_SEQUENCE_NUMBER"; readonly sequenceNumber: string; readonly shardId?: string };

/** One user record read from the stream (a KPL aggregate gives several, numbered by subSequenceNumber). */
export interface TailRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly subSequenceNumber: number;
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly approximateArrivalTimestamp?: Date;
  readonly data: Uint8Array;
}

/** A change in what the tail reads, for verbose output. */
export interface ShardEvent {
  readonly shardId: string;
  readonly event: "started" | "drained";
}

/** Options of {@link tailStream}. */
export interface TailOptions {
  /**
   * Where to start on the shards that exist at the beginning; shards created later start at their beginning.
   * @default { type: "LATEST" }
   */
  readonly start?: StartPosition;
  /**
   * Keep polling (and discovering new shards) once caught up; otherwise stop when every shard is caught up.
   * @default false
   */
  readonly follow?: boolean;
  /**
   * Stop after this many user records.
   * @default - no limit
   */
  readonly limit?: number;
  /**
   * Wait after a round of GetRecords that returned nothing.
   * @default 1000
   */
  readonly pollIntervalMs?: number;
  /**
   * Minimum time between two GetRecords calls on the same shard (Kinesis allows 5 per second per shard, shared by all readers).
   * @default 200
   */
  readonly readIntervalMs?: number;
  /**
   * In follow mode, how often to list shards to discover resharding.
   * @default 10000
   */
  readonly shardRefreshMs?: number;
  /**
   * Records asked for per GetRecords call (1 to 10,000).
   * @default 10000
   */
  readonly getRecordsLimit?: number;
  /**
   * Stops the tail when aborted.
   * @default - never aborted
   */
  readonly signal?: AbortSignal;
  /**
   * Called when a shard starts being read and when it is drained.
   * @default - nothing is called
   */
  readonly onShard?: (event: ShardEvent) => void;
}

interface ShardState {
  shard: Shard;
  status: "waiting" | "reading" | "done" | "ignored";
  initial: boolean;
  iterator?: string;
  lastSequenceNumber?: string;
  caughtUp: boolean;
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

function errorName(error: unknown): string {
  return (error as { name?: string }).name ?? "";
}

/** Finds the shard a sequence number belongs to: GetShardIterator refuses it on any other shard. */
async function shardOfSequenceNumber(client: KinesisClient, streamName: string, shards: Shard[], sequenceNumber: string): Promise<string> {
  for (const shard of shards) {
    try {
      await client.send(
        new GetShardIteratorCommand({ StreamName: streamName, ShardId: shard.ShardId, ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: sequenceNumber }),
      );
      return shard.ShardId!;
    } catch (error) {
      if (errorName(error) !== "InvalidArgumentException") throw error;
    }
  }
  throw new Error(`sequence number ${sequenceNumber} belongs to no shard of stream ${streamName}`);
}

/**
 * Reads a stream from all its shards and yields its user records (KPL aggregates de-aggregated).
 * Resharding is followed the way the KCL does it: a shard is read only once all its parents are
 * drained, so the records of a partition key come out in order across a split or merge, and new
 * shards start at their oldest record so nothing written to them is missed. Each record is
 * yielded once; an expired iterator resumes after the last record yielded.
 */
export async function* tailStream(client: KinesisClient, streamName: string, options: TailOptions = {}): AsyncGenerator<TailRecord> {
  const start = options.start ?? { type: "LATEST" };
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const readIntervalMs = options.readIntervalMs ?? 200;
  const shardRefreshMs = options.shardRefreshMs ?? 10_000;
  const limit = options.limit ?? Infinity;
  const states = new Map<string, ShardState>();
  let targetShardId: string | undefined;
  let emitted = 0;
  if (limit <= 0) return;

  const refresh = async (): Promise<void> => {
    const shards = await listAllShards(client, streamName);
    const initial = states.size === 0;
    if (initial && start.type === "AT_SEQUENCE_NUMBER") {
      targetShardId = start.shardId ?? (await shardOfSequenceNumber(client, streamName, shards, start.sequenceNumber));
    }
    for (const shard of shards) {
      const id = shard.ShardId!;
      if (states.has(id)) {
        states.get(id)!.shard = shard;
        continue;
      }
      let status: ShardState["status"] = "waiting";
      if (targetShardId !== undefined && id !== targetShardId) {
        // Only the target's descendants matter: a shard is one when a parent is read (listed parents come first).
        const readParent = parentIds(shard).some((parent) => {
          const state = states.get(parent);
          return state !== undefined && state.status !== "ignored";
        });
        if (initial || !readParent) status = "ignored";
      }
      states.set(id, { shard, status, initial, caughtUp: false });
    }
  };

  const iteratorInput = (state: ShardState): GetShardIteratorInput => {
    const base = { StreamName: streamName, ShardId: state.shard.ShardId! };
    if (state.lastSequenceNumber !== undefined) {
      return { ...base, ShardIteratorType: "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber: state.lastSequenceNumber };
    }
    if (!state.initial) return { ...base, ShardIteratorType: "TRIM_HORIZON" };
    if (start.type === "AT_TIMESTAMP") return { ...base, ShardIteratorType: "AT_TIMESTAMP", Timestamp: start.timestamp };
    if (start.type === "AT_SEQUENCE_NUMBER") return { ...base, ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: start.sequenceNumber };
    return { ...base, ShardIteratorType: start.type };
  };

  const ready = (state: ShardState): boolean =>
    state.status === "waiting" &&
    parentIds(state.shard).every((parent) => {
      const status = states.get(parent)?.status;
      return status === undefined || status === "done" || status === "ignored";
    });

  await refresh();
  let lastRefresh = Date.now();
  while (!options.signal?.aborted) {
    for (const state of states.values()) {
      if (!ready(state)) continue;
      const response = await client.send(new GetShardIteratorCommand(iteratorInput(state)));
      state.iterator = response.ShardIterator;
      state.status = "reading";
      options.onShard?.({ shardId: state.shard.ShardId!, event: "started" });
    }
    const roundStarted = Date.now();
    let gotRecords = false;
    let drained = false;
    for (const state of states.values()) {
      if (state.status !== "reading") continue;
      if (state.iterator === undefined) {
        state.status = "done";
        drained = true;
        continue;
      }
      let response;
      try {
        response = await client.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: options.getRecordsLimit ?? 10_000 }));
      } catch (error) {
        const name = errorName(error);
        if (name === "ExpiredIteratorException") {
          state.iterator = (await client.send(new GetShardIteratorCommand(iteratorInput(state)))).ShardIterator;
          continue;
        }
        if (name === "ProvisionedThroughputExceededException" || name === "KMSThrottlingException") continue;
        throw error;
      }
      const records = response.Records ?? [];
      for (const record of records) {
        for (const user of deaggregate({ partitionKey: record.PartitionKey ?? "", data: record.Data ?? new Uint8Array(), sequenceNumber: record.SequenceNumber })) {
          const output: TailRecord = {
            shardId: state.shard.ShardId!,
            sequenceNumber: record.SequenceNumber!,
            subSequenceNumber: user.subSequenceNumber,
            partitionKey: user.partitionKey,
            data: user.data,
            ...(user.explicitHashKey !== undefined ? { explicitHashKey: user.explicitHashKey } : {}),
            ...(record.ApproximateArrivalTimestamp !== undefined ? { approximateArrivalTimestamp: record.ApproximateArrivalTimestamp } : {}),
          };
          yield output;
          if (++emitted >= limit) return;
        }
        state.lastSequenceNumber = record.SequenceNumber;
      }
      gotRecords ||= records.length > 0;
      state.iterator = response.NextShardIterator ?? undefined;
      state.caughtUp = records.length === 0 && (response.MillisBehindLatest ?? 0) === 0;
      if (state.iterator === undefined) {
        state.status = "done";
        drained = true;
        options.onShard?.({ shardId: state.shard.ShardId!, event: "drained" });
      }
    }
    if (drained || (options.follow && Date.now() - lastRefresh >= shardRefreshMs)) {
      await refresh();
      lastRefresh = Date.now();
    }
    const active = [...states.values()].filter((state) => state.status === "reading" || ready(state));
    if (!options.follow && active.every((state) => state.status === "reading" && state.caughtUp)) return;
    await pause(gotRecords ? readIntervalMs - (Date.now() - roundStarted) : pollIntervalMs, options.signal);
  }
}

/** A tail record as one JSON line: `data` when the bytes are JSON, `dataBase64` otherwise. */
export function formatTailRecord(record: TailRecord): string {
  const output: Record<string, unknown> = {
    shardId: record.shardId,
    sequenceNumber: record.sequenceNumber,
    subSequenceNumber: record.subSequenceNumber,
    partitionKey: record.partitionKey,
  };
  if (record.explicitHashKey !== undefined) output.explicitHashKey = record.explicitHashKey;
  if (record.approximateArrivalTimestamp !== undefined) output.approximateArrivalTimestamp = record.approximateArrivalTimestamp.toISOString();
  try {
    output.data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(record.data));
  } catch {
    output.dataBase64 = Buffer.from(record.data).toString("base64");
  }
  return JSON.stringify(output);
}
