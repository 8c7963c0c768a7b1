import { Construct } from "constructs";
import { Token } from "cdktf";
import { KinesisStreamConsumer } from "@cdktf/provider-aws/lib/kinesis-stream-consumer";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { S3BucketMetric } from "@cdktf/provider-aws/lib/s3-bucket-metric";
import { SecureBucket } from "../secure-bucket";
import type { Label } from "../shared/label";
import { assertIntegerInRange, assertOneOf } from "../shared/validate";
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_BATCHING_WINDOW_SECONDS,
  DEFAULT_ON_FAILURE_BUCKET_EXPIRATION_DAYS,
  DEFAULT_STARTING_POSITION,
  ON_FAILURE_BUCKET_ATTRIBUTE,
  ON_FAILURE_BUCKET_METRICS_FILTER,
  DEFAULT_MAXIMUM_RECORD_AGE_SECONDS,
  DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
  KINESIS_FILTER_KEYS,
  MAX_BATCH_SIZE,
  MAX_BATCHING_WINDOW_SECONDS,
  MAX_FILTER_PATTERN_LENGTH,
  MAX_FILTER_PATTERNS,
  MAX_PARALLELIZATION_FACTOR,
  MAX_RECORD_AGE_SECONDS,
  MAX_RETRY_ATTEMPTS,
  MAX_TUMBLING_WINDOW_SECONDS,
  MIN_RECORD_AGE_SECONDS,
  STARTING_POSITIONS,
  type StartingPosition,
} from "./defaults";
import type { PlatformFunction } from "./function";
import { grantSendMessage } from "./grants";
import type { QueueReference, ReadableStream } from "./refs";

/** How the function reads the stream: the event source mapping's settings. */
export interface StreamEventSourceOptions {
  /**
   * Read through this enhanced fan-out consumer of the stream (declared on the stream) instead of
   * sharing the shards' 2 MiB/s read throughput: the mapping's source becomes the consumer's ARN.
   * @default - shared-throughput polling of the stream
   */
  readonly consumerName?: string;
  /**
   * Where reading starts when the mapping is created. `TRIM_HORIZON` reads every record the stream
   * still holds, so events accepted before the mapping existed (or while a replacement was being
   * created) are processed; `LATEST` skips them. Changing this, `startingPositionTimestamp`, the
   * stream or `consumerName` replaces the mapping (ForceNew in the provider): the new mapping
   * starts over from this position, so only TRIM_HORIZON guarantees none is skipped (records
   * already processed are read again: the handlers' writes are idempotent on the record's place).
   * @default "TRIM_HORIZON"
   */
  readonly startingPosition?: StartingPosition;
  /**
   * RFC 3339 time to start from; required with, and only with, `AT_TIMESTAMP`.
   * @default - none
   */
  readonly startingPositionTimestamp?: string;
  /**
   * Records per invocation, 1 to 10,000.
   * @default 100
   */
  readonly batchSize?: number;
  /**
   * Seconds to gather records before invoking, 0 to 300.
   * @default 5
   */
  readonly maximumBatchingWindowSeconds?: number;
  /**
   * Batches processed concurrently per shard, 1 to 10 (ordering is kept per partition key).
   * @default 1
   */
  readonly parallelizationFactor?: number;
  /**
   * Tumbling window for stateful aggregation, 1 to 900 seconds; the handler must return `state`.
   * @default - no window
   */
  readonly tumblingWindowSeconds?: number;
  /**
   * Retries of a failing batch before it goes to the on-failure queue, 0 to 10,000. `-1`
   * (infinite) blocks the shard behind one bad record: refused unless `allowInfiniteRetries`.
   * @default 3
   */
  readonly maximumRetryAttempts?: number;
  /**
   * Accept `maximumRetryAttempts: -1`, still bounded by `maximumRecordAgeSeconds`.
   * @default false
   */
  readonly allowInfiniteRetries?: boolean;
  /**
   * Records older than this go to the on-failure queue instead of the function: 60 to 604,800 seconds, or -1 (no limit).
   * @default 3600
   */
  readonly maximumRecordAgeSeconds?: number;
  /**
   * Split a failing batch in two and retry each half, to isolate the bad record.
   * @default true
   */
  readonly bisectBatchOnFunctionError?: boolean;
  /**
   * Let the function report which records failed, so only those are retried. Turning it off
   * makes Lambda ignore a partial-failure response, and the records it names are lost.
   * @default true
   */
  readonly reportBatchItemFailures?: boolean;
  /**
   * Event filter patterns (at most 5, Lambda's default quota), each an object matching on
   * `data`, `partitionKey`, ...; records that match none are dropped before the function.
   * @default - every record reaches the function
   */
  readonly filterPatterns?: readonly Readonly<Record<string, unknown>>[];
  /**
   * Send what Lambda gives up on to this SQS queue instead of an S3 bucket. A queue receives only
   * the batch's shard and sequence numbers: its records are lost once the stream's retention
   * passes. An S3 destination receives the whole invocation (every record's data).
   * @default - an encrypted S3 bucket is created (see `onFailureBucketExpirationDays`)
   */
  readonly onFailureQueue?: QueueReference;
  /**
   * Days the created on-failure bucket keeps each failed invocation before it expires.
   * @default 365
   */
  readonly onFailureBucketExpirationDays?: number;
  /**
   * @default true
   */
  readonly enabled?: boolean;
}

/** Props for {@link StreamEventSource}. */
export interface StreamEventSourceProps extends StreamEventSourceOptions {
  /** Naming context of the on-failure queue. */
  readonly label: Label;
  readonly function: PlatformFunction;
  readonly stream: ReadableStream;
  /**
   * @default - no extra tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Fails on event source settings Lambda would refuse, or that would block a shard forever. */
export function validateEventSourceOptions(options: StreamEventSourceOptions): void {
  assertOneOf("startingPosition", options.startingPosition, STARTING_POSITIONS);
  const timestamp = options.startingPositionTimestamp;
  if ((options.startingPosition === "AT_TIMESTAMP") !== (timestamp !== undefined)) {
    throw new Error(`startingPositionTimestamp is required with, and only with, startingPosition AT_TIMESTAMP, got ${options.startingPosition ?? DEFAULT_STARTING_POSITION} and ${timestamp ?? "no timestamp"}`);
  }
  if (timestamp !== undefined && !Token.isUnresolved(timestamp) && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(timestamp)) {
    throw new Error(`startingPositionTimestamp must be an RFC 3339 time like 2025-01-31T00:00:00Z, got "${timestamp}"`);
  }
  assertIntegerInRange("batchSize", options.batchSize, 1, MAX_BATCH_SIZE);
  assertIntegerInRange("onFailureBucketExpirationDays", options.onFailureBucketExpirationDays, 1, 36_500, "days");
  assertIntegerInRange("maximumBatchingWindowSeconds", options.maximumBatchingWindowSeconds, 0, MAX_BATCHING_WINDOW_SECONDS, "seconds");
  assertIntegerInRange("parallelizationFactor", options.parallelizationFactor, 1, MAX_PARALLELIZATION_FACTOR);
  assertIntegerInRange("tumblingWindowSeconds", options.tumblingWindowSeconds, 1, MAX_TUMBLING_WINDOW_SECONDS, "seconds");

  const retries = options.maximumRetryAttempts ?? DEFAULT_MAXIMUM_RETRY_ATTEMPTS;
  const age = options.maximumRecordAgeSeconds ?? DEFAULT_MAXIMUM_RECORD_AGE_SECONDS;
  if (retries === -1 && !options.allowInfiniteRetries) {
    throw new Error("maximumRetryAttempts -1 (infinite) blocks the shard behind one bad record: set allowInfiniteRetries to accept it, got -1");
  }
  if (retries !== -1) assertIntegerInRange("maximumRetryAttempts", retries, 0, MAX_RETRY_ATTEMPTS);
  if (age !== -1) assertIntegerInRange("maximumRecordAgeSeconds", age, MIN_RECORD_AGE_SECONDS, MAX_RECORD_AGE_SECONDS, "seconds (or -1)");
  if (retries === -1 && age === -1) {
    throw new Error("maximumRecordAgeSeconds must be bounded (60 to 604800) when maximumRetryAttempts is -1: otherwise a bad record blocks its shard until it expires from the stream, unrecorded, got -1");
  }

  const patterns = options.filterPatterns ?? [];
  if (patterns.length > MAX_FILTER_PATTERNS) {
    throw new Error(`filterPatterns must hold at most ${MAX_FILTER_PATTERNS} patterns (Lambda's default quota), got ${patterns.length}`);
  }
  patterns.forEach((pattern, index) => {
    const json = JSON.stringify(pattern);
    if (json.length > MAX_FILTER_PATTERN_LENGTH) {
      throw new Error(`filterPatterns[${index}] must be at most ${MAX_FILTER_PATTERN_LENGTH} characters as JSON, got ${json.length}`);
    }
    const keys = Object.keys(pattern);
    if (keys.length === 0) throw new Error(`filterPatterns[${index}] must match at least one field, got {}`);
    for (const key of keys) {
      if (!(KINESIS_FILTER_KEYS as readonly string[]).includes(key)) {
        throw new Error(`filterPatterns[${index}] keys must be among ${KINESIS_FILTER_KEYS.join(", ")}, got "${key}"`);
      }
    }
  });
}

/**
 * The event source mapping from a stream (or one of its enhanced fan-out consumers) to a function,
 * with defaults that survive bad records: partial batch responses, bisection, bounded retries and
 * record age, TRIM_HORIZON, and an encrypted on-failure bucket that keeps every failed invocation's data. It grants the function what the mapping needs
 * and is created only after those permissions, since Lambda checks them at creation.
 */
export class StreamEventSource extends Construct {
  /** The on-failure queue when one was given (`onFailureQueue`); undefined with the default bucket. */
  readonly deadLetterQueue?: QueueReference;
  /** The on-failure bucket (created unless `onFailureQueue` is given). */
  readonly onFailureBucket?: SecureBucket;
  /** The mapping's UUID. */
  readonly eventSourceMappingUuid: string;
  /** The ARN the mapping reads: the stream's, or the consumer's with enhanced fan-out. */
  readonly eventSourceArn: string;

  constructor(scope: Construct, id: string, props: StreamEventSourceProps) {
    super(scope, id);
    validateEventSourceOptions(props);
    const { stream, function: fn } = props;

    if (props.consumerName !== undefined) {
      const consumerArn = stream.consumerArn(props.consumerName);
      stream.grantConsumer(fn, props.consumerName);
      // A mapping needs the consumer's exact ARN (it ends in a creation timestamp). A stream from
      // another stack only knows a pattern, so the function's stack registers its own consumer:
      // a lookup would need AWS at plan time and fail before the consumer exists.
      this.eventSourceArn = consumerArn.endsWith(":*")
        ? new KinesisStreamConsumer(this, "Consumer", { streamArn: stream.streamArn, name: props.consumerName }).arn
        : consumerArn;
    } else {
      stream.grantRead(fn);
      this.eventSourceArn = stream.streamArn;
    }

    let destinationArn: string;
    if (props.onFailureQueue) {
      this.deadLetterQueue = props.onFailureQueue;
      grantSendMessage(fn, this.deadLetterQueue, "SendToOnFailureQueue");
      destinationArn = this.deadLetterQueue.queueArn;
    } else {
      // Lambda writes one object per failed invocation, with every record's data (Kinesis on-failure
      // destinations, Lambda developer guide): recovery does not depend on the stream's retention.
      this.onFailureBucket = new SecureBucket(this, "OnFailureBucket", {
        label: props.label.with(ON_FAILURE_BUCKET_ATTRIBUTE),
        expirationDays: props.onFailureBucketExpirationDays ?? DEFAULT_ON_FAILURE_BUCKET_EXPIRATION_DAYS,
        tags: props.tags,
      });
      // The execution role writes the objects: s3:PutObject and s3:ListBucket, and kms:GenerateDataKey on a customer key.
      this.onFailureBucket.grant(fn, { bucketActions: ["s3:ListBucket"], objectActions: ["s3:PutObject"], keyActions: ["kms:GenerateDataKey"] });
      // Request metrics, so the alarms stack can alarm on the first object (PutRequests, FilterId EntireBucket).
      new S3BucketMetric(this, "OnFailureBucketMetrics", { bucket: this.onFailureBucket.bucketName, name: ON_FAILURE_BUCKET_METRICS_FILTER });
      destinationArn = this.onFailureBucket.bucketArn;
    }

    const policy = fn.policyResource;
    const patterns = props.filterPatterns ?? [];
    const mapping = new LambdaEventSourceMapping(this, "Resource", {
      functionName: fn.functionArn,
      eventSourceArn: this.eventSourceArn,
      enabled: props.enabled ?? true,
      startingPosition: props.startingPosition ?? DEFAULT_STARTING_POSITION,
      startingPositionTimestamp: props.startingPositionTimestamp,
      batchSize: props.batchSize ?? DEFAULT_BATCH_SIZE,
      maximumBatchingWindowInSeconds: props.maximumBatchingWindowSeconds ?? DEFAULT_BATCHING_WINDOW_SECONDS,
      parallelizationFactor: props.parallelizationFactor ?? 1,
      tumblingWindowInSeconds: props.tumblingWindowSeconds,
      maximumRetryAttempts: props.maximumRetryAttempts ?? DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
      maximumRecordAgeInSeconds: props.maximumRecordAgeSeconds ?? DEFAULT_MAXIMUM_RECORD_AGE_SECONDS,
      bisectBatchOnFunctionError: props.bisectBatchOnFunctionError ?? true,
      functionResponseTypes: (props.reportBatchItemFailures ?? true) ? ["ReportBatchItemFailures"] : undefined,
      destinationConfig: { onFailure: { destinationArn } },
      filterCriteria: patterns.length > 0 ? { filter: patterns.map((pattern) => ({ pattern: JSON.stringify(pattern) })) } : undefined,
      // Lambda refuses to create the mapping while the role lacks the read and destination permissions.
      dependsOn: policy ? [policy] : undefined,
    });
    this.eventSourceMappingUuid = mapping.uuid;
  }
}
