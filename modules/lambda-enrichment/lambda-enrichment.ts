import { Construct } from "constructs";
import { Token } from "cdktf";
import type { Label } from "../shared/label";
import type { MetricOptions, MetricSpec } from "../shared/metric";
import type { PolicyStatement } from "../shared/policy";
import { DEFAULT_RESERVED_CONCURRENCY, type LambdaArchitecture, type LambdaRuntime } from "./defaults";
import { EncryptedQueue } from "./encrypted-queue";
import { mergeEnvironment } from "./environment";
import { StreamEventSource, type StreamEventSourceOptions, validateEventSourceOptions } from "./event-source";
import { type BundledFunction, PlatformFunction } from "./function";
import { grantPublish, grantSendMessage } from "./grants";
import { ConsumerMetrics } from "../kinesis-ingest/metrics";
import { FunctionMetrics, QueueMetrics } from "./metrics";
import type { LookupTable, QueueReference, ReadableStream, TopicReference, WritableStream } from "./refs";

/** Environment variables the module sets from its props (the names the handlers read). */
export const ENRICHMENT_ENVIRONMENT = {
  lookupTableName: "LOOKUP_TABLE_NAME",
  outputStreamName: "OUTPUT_STREAM_NAME",
  alertTopicArn: "ALERT_TOPIC_ARN",
  deadLetterQueueUrl: "DEAD_LETTER_QUEUE_URL",
} as const;

/** The function's own store for records no retry can fix (kept with their data and reason). */
export interface DeadLetterStoreOptions {
  /**
   * @default - an encrypted queue is created, named `label.with("malformed").id("sqsQueue")`
   */
  readonly queue?: QueueReference;
}

/** Props for {@link LambdaEnrichment}. */
export interface LambdaEnrichmentProps extends StreamEventSourceOptions {
  /** Naming context; resource names are derived from it (see each attribute). */
  readonly label: Label;
  /** The handler's folder under `functions/` (one of `FUNCTION_NAMES`), e.g. `enrichment`. */
  readonly handler: string;
  /** The stream the function consumes. */
  readonly stream: ReadableStream;
  /**
   * The bundled code (tests inject one).
   * @default - bundled from `functions/<handler>`
   */
  readonly code?: BundledFunction;
  /**
   * @default "nodejs22.x"
   */
  readonly runtime?: LambdaRuntime;
  /**
   * @default "arm64"
   */
  readonly architecture?: LambdaArchitecture;
  /**
   * Memory in MB, 128 to 10,240.
   * @default 256
   */
  readonly memorySizeMb?: number;
  /**
   * Timeout in seconds, 1 to 900. (Kinesis sources impose no relation with the batching window;
   * the timeout-versus-visibility rule applies to SQS sources only.)
   * @default 60
   */
  readonly timeoutSeconds?: number;
  /**
   * Reserved (and maximum) concurrency: a stream needs one invocation per shard and parallel
   * batch, so it must be at least `parallelizationFactor`. `"unreserved"` shares the account pool.
   * @default 10
   */
  readonly reservedConcurrentExecutions?: number | "unreserved";
  /**
   * @default "Active"
   */
  readonly tracing?: "Active" | "PassThrough";
  /**
   * Extra environment variables (the module sets those of {@link ENRICHMENT_ENVIRONMENT} itself).
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * DynamoDB table the function reads (GetItem, BatchGetItem...); its name goes in `LOOKUP_TABLE_NAME`.
   * @default - no table access
   */
  readonly lookupTable?: LookupTable;
  /**
   * Stream the function writes to (PutRecord, PutRecords); its name goes in `OUTPUT_STREAM_NAME`.
   * @default - no stream write access
   */
  readonly outputStream?: WritableStream;
  /**
   * SNS topic the function publishes alerts to; its ARN goes in `ALERT_TOPIC_ARN`.
   * @default - no publish access
   */
  readonly alertTopic?: TopicReference;
  /**
   * Queue where the function itself keeps malformed records with their data and reason (the
   * on-failure queue only receives shard and sequence numbers); its URL goes in `DEAD_LETTER_QUEUE_URL`.
   * `{}` creates an encrypted queue.
   * @default - no store
   */
  readonly deadLetterStore?: DeadLetterStoreOptions;
  /**
   * @default - no extra tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A Lambda consumer of a Kinesis stream: the function (code from `functions/<handler>`), its log
 * group and least-privilege role, and an event source mapping that never loses a record nor
 * blocks a shard forever (partial batch responses, bisection, bounded retries and age, an
 * encrypted on-failure queue), optionally through an enhanced fan-out consumer.
 */
export class LambdaEnrichment extends Construct {
  /** `label.id("lambdaFunction")` */
  readonly functionName: string;
  readonly functionArn: string;
  /** `label.id("iamRole")` */
  readonly roleName: string;
  readonly roleArn: string;
  /** `/aws/lambda/<functionName>` */
  readonly logGroupName: string;
  /** On-failure queue name: `label.with("dlq").id("sqsQueue")` unless one was given. */
  readonly deadLetterQueueName: string;
  readonly deadLetterQueueArn: string;
  readonly deadLetterQueueUrl: string;
  /** Malformed-record store name (`label.with("malformed").id("sqsQueue")` when created); undefined without a store. */
  readonly deadLetterStoreQueueName?: string;
  readonly deadLetterStoreQueueArn?: string;
  readonly deadLetterStoreQueueUrl?: string;
  readonly eventSourceMappingUuid: string;
  /** The function's metrics. */
  readonly functionMetrics: FunctionMetrics;
  /** The on-failure queue's metrics. */
  readonly deadLetterQueueMetrics: QueueMetrics;
  /** The malformed-record store's metrics; undefined without a store. */
  readonly deadLetterStoreMetrics?: QueueMetrics;
  /**
   * The enhanced fan-out consumer's metrics (kinesis-ingest's `ConsumerMetrics`): the per-consumer
   * lag alarm uses `metricSubscribeToShardEventMillisBehindLatest`; undefined without `consumerName`.
   */
  readonly consumerMetrics?: ConsumerMetrics;
  private readonly fn: PlatformFunction;

  constructor(scope: Construct, id: string, props: LambdaEnrichmentProps) {
    super(scope, id);
    validateEventSourceOptions(props);
    const reserved = props.reservedConcurrentExecutions ?? DEFAULT_RESERVED_CONCURRENCY;
    const parallelization = props.parallelizationFactor ?? 1;
    if (typeof reserved === "number" && !Token.isUnresolved(reserved) && reserved >= 1 && reserved < parallelization) {
      throw new Error(
        `reservedConcurrentExecutions must be at least parallelizationFactor (${parallelization}) so one shard's parallel batches can run, got ${reserved}`,
      );
    }

    let store: QueueReference | undefined;
    if (props.deadLetterStore !== undefined) {
      store = props.deadLetterStore.queue ?? new EncryptedQueue(this, "DeadLetterStore", { label: props.label.with("malformed"), tags: props.tags });
    }
    const own: Record<string, string> = {};
    if (props.lookupTable) own[ENRICHMENT_ENVIRONMENT.lookupTableName] = props.lookupTable.tableName;
    if (props.outputStream) own[ENRICHMENT_ENVIRONMENT.outputStreamName] = props.outputStream.streamName;
    if (props.alertTopic) own[ENRICHMENT_ENVIRONMENT.alertTopicArn] = props.alertTopic.topicArn;
    if (store) own[ENRICHMENT_ENVIRONMENT.deadLetterQueueUrl] = store.queueUrl;

    this.fn = new PlatformFunction(this, "Function", {
      label: props.label,
      handler: props.handler,
      code: props.code,
      runtime: props.runtime,
      architecture: props.architecture,
      memorySizeMb: props.memorySizeMb,
      timeoutSeconds: props.timeoutSeconds,
      reservedConcurrentExecutions: reserved,
      tracing: props.tracing,
      environment: mergeEnvironment("environment", own, props.environment),
      logRetentionDays: props.logRetentionDays,
      description: `Consumes ${props.handler} records from a Kinesis stream`,
      tags: props.tags,
    });
    if (props.lookupTable) props.lookupTable.grantReadData(this.fn);
    if (props.outputStream) props.outputStream.grantWrite(this.fn);
    if (props.alertTopic) grantPublish(this.fn, props.alertTopic, "PublishAlerts");
    if (store) grantSendMessage(this.fn, store, "KeepMalformedRecords");

    const source = new StreamEventSource(this, "EventSource", { ...props, function: this.fn });

    this.functionName = this.fn.functionName;
    this.functionArn = this.fn.functionArn;
    this.roleName = this.fn.roleName;
    this.roleArn = this.fn.roleArn;
    this.logGroupName = this.fn.logGroupName;
    this.deadLetterQueueName = source.deadLetterQueue.queueName;
    this.deadLetterQueueArn = source.deadLetterQueue.queueArn;
    this.deadLetterQueueUrl = source.deadLetterQueue.queueUrl;
    this.eventSourceMappingUuid = source.eventSourceMappingUuid;
    this.functionMetrics = new FunctionMetrics(this.functionName);
    this.deadLetterQueueMetrics = new QueueMetrics(this.deadLetterQueueName);
    if (store) {
      this.deadLetterStoreQueueName = store.queueName;
      this.deadLetterStoreQueueArn = store.queueArn;
      this.deadLetterStoreQueueUrl = store.queueUrl;
      this.deadLetterStoreMetrics = new QueueMetrics(store.queueName);
    }
    if (props.consumerName !== undefined) this.consumerMetrics = new ConsumerMetrics(props.stream.streamName, props.consumerName);
  }

  /** Adds a statement to the function role's least-privilege policy. */
  addToRolePolicy(statement: PolicyStatement): void {
    this.fn.addToPolicy(statement);
  }

  /** {@link FunctionMetrics.metricErrors}. Default: Sum over 60 seconds. */
  metricErrors(options?: MetricOptions): MetricSpec {
    return this.functionMetrics.metricErrors(options);
  }

  /** {@link FunctionMetrics.metricThrottles}. Default: Sum over 60 seconds. */
  metricThrottles(options?: MetricOptions): MetricSpec {
    return this.functionMetrics.metricThrottles(options);
  }

  /** {@link FunctionMetrics.metricDuration}. Default: p99 over 60 seconds. */
  metricDuration(options?: MetricOptions): MetricSpec {
    return this.functionMetrics.metricDuration(options);
  }

  /** {@link FunctionMetrics.metricInvocations}. Default: Sum over 60 seconds. */
  metricInvocations(options?: MetricOptions): MetricSpec {
    return this.functionMetrics.metricInvocations(options);
  }

  /** {@link FunctionMetrics.metricIteratorAge}. Default: Maximum over 60 seconds. */
  metricIteratorAge(options?: MetricOptions): MetricSpec {
    return this.functionMetrics.metricIteratorAge(options);
  }

  /** {@link FunctionMetrics.metricConcurrentExecutions}. Default: Maximum over 60 seconds. */
  metricConcurrentExecutions(options?: MetricOptions): MetricSpec {
    return this.functionMetrics.metricConcurrentExecutions(options);
  }

  /** Depth of the on-failure queue ({@link QueueMetrics.metricApproximateNumberOfMessagesVisible}). Default: Maximum over 60 seconds. */
  metricDeadLetterQueueMessagesVisible(options?: MetricOptions): MetricSpec {
    return this.deadLetterQueueMetrics.metricApproximateNumberOfMessagesVisible(options);
  }
}
