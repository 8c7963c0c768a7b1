import { GetRecordsCommand, GetShardIteratorCommand, type _Record as KinesisRecord, type ShardIteratorType } from "@aws-sdk/client-kinesis";
import type { EventSourceMappingConfiguration } from "@aws-sdk/client-lambda";
import type { KinesisStreamRecord } from "aws-lambda";
import { batchVerdict } from "./batch-outcome";
import type { RoleClients } from "./clients";
import type { LocalFunction } from "./function-process";
import { lambdaKinesisRecord, type KinesisSource } from "./kinesis-event";
import { type DiscardedBatch, sendToOnFailureDestination } from "./on-failure";
import { untilNotTransient } from "./transient";

/** Lambda polls each shard about once a second when it is idle. */
const IDLE_POLL_MS = 1000;
/** Lambda's limit on a batch's payload (6 MB, the synchronous invocation limit). */
const MAX_BATCH_BYTES = 6 * 1024 * 1024;

/** A mapping's settings as the consumer applies them, with AWS's defaults for Kinesis. */
export interface StreamBatchSettings {
  readonly batchSize: number;
  readonly maximumBatchingWindowMs: number;
  readonly startingPosition: "TRIM_HORIZON" | "LATEST" | "AT_TIMESTAMP";
  readonly startingPositionTimestamp?: Date;
  readonly bisectBatchOnFunctionError: boolean;
  /** -1: until the record expires. */
  readonly maximumRetryAttempts: number;
  /** -1: no limit. */
  readonly maximumRecordAgeSeconds: number;
  readonly reportBatchItemFailures: boolean;
  readonly onFailureDestinationArn?: string;
}

/** The mapping's settings, with the defaults services-kinesis-parameters documents. */
export function streamBatchSettings(mapping: EventSourceMappingConfiguration): StreamBatchSettings {
  return {
    batchSize: mapping.BatchSize ?? 100,
    maximumBatchingWindowMs: (mapping.MaximumBatchingWindowInSeconds ?? 0) * 1000,
    startingPosition: (mapping.StartingPosition as StreamBatchSettings["startingPosition"]) ?? "LATEST",
    startingPositionTimestamp: mapping.StartingPositionTimestamp,
    bisectBatchOnFunctionError: mapping.BisectBatchOnFunctionError ?? false,
    maximumRetryAttempts: mapping.MaximumRetryAttempts ?? -1,
    maximumRecordAgeSeconds: mapping.MaximumRecordAgeInSeconds ?? -1,
    reportBatchItemFailures: (mapping.FunctionResponseTypes ?? []).includes("ReportBatchItemFailures"),
    onFailureDestinationArn: mapping.DestinationConfig?.OnFailure?.Destination,
  };
}

/** What the consumer needs around it. */
export interface ShardConsumerProps {
  readonly settings: StreamBatchSettings;
  readonly source: KinesisSource;
  readonly mappingUuid: string;
  readonly functionArn: string;
  readonly fn: LocalFunction;
  /** Clients signed with the function's role: Lambda reads the stream and sends on-failure records as the role. */
  readonly clients: RoleClients;
  readonly sqsEndpoint: string;
  readonly log: (message: string) => void;
  /** Resolves when reading may start (a parent shard has been read to its end). @default - at once */
  readonly after?: Promise<void>;
}

interface Pending {
  readonly records: KinesisStreamRecord[];
  readonly attempts: number;
  readonly lastFunctionError?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads one shard for one mapping the way Lambda does: one batch at a time, in order, from the
 * starting position; a batch is invoked when it is full, its window has passed or its payload
 * reaches 6 MB; a failed batch is bisected (when enabled, without using a retry), retried up to
 * MaximumRetryAttempts and dropped once a record is older than MaximumRecordAgeInSeconds, the
 * dropped records reported to the on-failure destination; a partial batch response moves the
 * checkpoint to the lowest failed sequence number.
 */
export class ShardConsumer {
  private stopped = false;
  private iterator?: string;
  private readonly buffer: KinesisStreamRecord[] = [];
  /** Records invoked so far, counted once per delivery (for tests and the log). */
  invocations = 0;
  readonly done: Promise<void>;
  /**
   * Resolves once the shard iterator is open (at once for a child shard waiting for its parents),
   * so a record put after the runtime says it is ready is read even from `LATEST`.
   */
  readonly ready: Promise<void>;
  private opened!: () => void;

  constructor(private readonly props: ShardConsumerProps) {
    this.ready = new Promise((resolve) => (this.opened = resolve));
    if (props.after) this.opened();
    this.done = this.run()
      .catch((error: Error) => this.props.log(`shard ${props.source.shardId} stopped: ${error.name}: ${error.message}`))
      .finally(() => this.opened());
  }

  stop(): void {
    this.stopped = true;
  }

  /** Lambda's poller keeps at a throttled or unavailable stream; anything else stops the shard, logged. */
  private retryProps(verb: string) {
    return { stopped: () => this.stopped, verb, log: (message: string) => this.props.log(`shard ${this.props.source.shardId}: ${message}`) };
  }

  private async openIterator(): Promise<void> {
    const { settings, source, clients } = this.props;
    const opened = await untilNotTransient(
      () =>
        clients.kinesis.send(
          new GetShardIteratorCommand({
            StreamARN: source.streamArn,
            ShardId: source.shardId,
            ShardIteratorType: settings.startingPosition as ShardIteratorType,
            Timestamp: settings.startingPosition === "AT_TIMESTAMP" ? settings.startingPositionTimestamp : undefined,
          }),
        ),
      this.retryProps("asked again"),
    );
    if (!opened) {
      if (this.stopped) return;
      throw new Error("GetShardIterator failed for a reason a retry cannot fix (logged above)");
    }
    this.iterator = opened.value.ShardIterator;
  }

  /** Reads until the batch can be invoked; false when the shard is closed and drained. */
  private async fill(): Promise<boolean> {
    const { settings, source, clients } = this.props;
    // The window opens with the first record of the batch, not when reading starts.
    let windowEnds = this.buffer.length > 0 ? Date.now() + settings.maximumBatchingWindowMs : Infinity;
    for (;;) {
      if (this.stopped) return false;
      const bytes = this.buffer.reduce((sum, record) => sum + record.kinesis.data.length, 0);
      const full = this.buffer.length >= settings.batchSize || bytes >= MAX_BATCH_BYTES;
      if (full || (this.buffer.length > 0 && Date.now() >= windowEnds)) return true;
      if (!this.iterator) return this.buffer.length > 0;
      const iterator = this.iterator;
      const read = await untilNotTransient(
        () => clients.kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, StreamARN: source.streamArn, Limit: Math.min(10_000, settings.batchSize - this.buffer.length) })),
        this.retryProps("read again"),
      );
      if (!read) {
        if (this.stopped) return false;
        throw new Error("GetRecords failed for a reason a retry cannot fix (logged above)");
      }
      const page = read.value;
      this.iterator = page.NextShardIterator;
      if (this.buffer.length === 0 && (page.Records ?? []).length > 0) windowEnds = Date.now() + settings.maximumBatchingWindowMs;
      this.buffer.push(...(page.Records ?? []).map((record: KinesisRecord) => lambdaKinesisRecord(record, source)));
      if ((page.Records ?? []).length === 0) {
        if (this.buffer.length > 0 && settings.maximumBatchingWindowMs === 0) return true;
        await sleep(this.buffer.length > 0 ? Math.min(IDLE_POLL_MS, Math.max(0, windowEnds - Date.now())) : IDLE_POLL_MS);
      }
    }
  }

  private async run(): Promise<void> {
    await this.props.after;
    await this.openIterator();
    this.opened();
    while (!this.stopped && (await this.fill())) {
      const batch = this.buffer.splice(0, this.props.settings.batchSize);
      await this.process(batch);
    }
  }

  private expired(record: KinesisStreamRecord): boolean {
    const maxAge = this.props.settings.maximumRecordAgeSeconds;
    return maxAge !== -1 && Date.now() / 1000 - record.kinesis.approximateArrivalTimestamp > maxAge;
  }

  private async discard(pending: Pending, records: KinesisStreamRecord[], condition: DiscardedBatch["condition"]): Promise<void> {
    const { settings, source } = this.props;
    const first = records[0]!.kinesis.sequenceNumber;
    const last = records.at(-1)!.kinesis.sequenceNumber;
    this.props.log(`shard ${source.shardId}: discarding ${records.length} record(s) ${first}..${last} (${condition}, ${pending.attempts} invocation(s))`);
    if (!settings.onFailureDestinationArn) return;
    const batch: DiscardedBatch = {
      records,
      shardId: source.shardId,
      streamArn: source.streamArn,
      functionArn: this.props.functionArn,
      condition,
      invokeCount: pending.attempts,
      lastResponse: pending.attempts > 0 && pending.lastFunctionError ? { functionError: "Unhandled" } : {},
      mappingUuid: this.props.mappingUuid,
    };
    const destination = settings.onFailureDestinationArn;
    // A throttled or unavailable destination delays the shard, as a slow one would, rather than losing the record.
    await untilNotTransient(() => sendToOnFailureDestination(destination, batch, this.props.clients, this.props.sqsEndpoint), {
      stopped: () => this.stopped,
      verb: "sent again",
      log: (message) => this.props.log(`shard ${source.shardId}: sending to ${destination}: ${message}`),
    });
  }

  /** Delivers one batch until it is done, dropped or the consumer stops. */
  private async process(batch: KinesisStreamRecord[]): Promise<void> {
    const { settings } = this.props;
    const work: Pending[] = [{ records: batch, attempts: 0 }];
    while (work.length > 0 && !this.stopped) {
      let pending = work.shift()!;
      const expiredCount = pending.records.findIndex((record) => !this.expired(record));
      const cut = expiredCount === -1 ? pending.records.length : expiredCount;
      if (cut > 0) {
        await this.discard(pending, pending.records.slice(0, cut), "RecordAgeExceeded");
        if (cut === pending.records.length) continue;
        pending = { ...pending, records: pending.records.slice(cut) };
      }
      const outcome = await this.props.fn.invoke({ Records: pending.records });
      this.invocations++;
      if (!outcome.ok) this.props.log(`shard ${this.props.source.shardId}: invocation ${outcome.requestId} failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
      const verdict = batchVerdict(pending.records.map((record) => record.kinesis.sequenceNumber), outcome, settings.reportBatchItemFailures);
      const attempts = pending.attempts + 1;
      if (verdict.kind === "success") continue;
      const functionError = verdict.kind === "failure" && verdict.functionError;
      let remaining: KinesisStreamRecord[];
      if (verdict.kind === "partial") {
        remaining = pending.records.slice(verdict.failedIndex);
      } else if (settings.bisectBatchOnFunctionError && pending.records.length > 1) {
        const half = Math.ceil(pending.records.length / 2);
        work.unshift(
          { records: pending.records.slice(0, half), attempts: pending.attempts, lastFunctionError: functionError },
          { records: pending.records.slice(half), attempts: pending.attempts, lastFunctionError: functionError },
        );
        continue;
      } else {
        remaining = pending.records;
      }
      const next: Pending = { records: remaining, attempts, lastFunctionError: functionError };
      if (settings.maximumRetryAttempts !== -1 && attempts > settings.maximumRetryAttempts) {
        await this.discard(next, remaining, "RetryAttemptsExhausted");
        continue;
      }
      await sleep(Math.min(1000, 100 * attempts));
      work.unshift(next);
    }
  }
}
