import { Construct } from "constructs";
import { Token } from "cdktf";
import { type AwsLocation, lambdaFunctionArn, sqsQueueArn } from "../shared/arn";
import type { Label } from "../shared/label";
import type { MetricOptions, MetricSpec } from "../shared/metric";
import type { PolicyStatement } from "../shared/policy";
import { DEFAULT_RESERVED_CONCURRENCY, ON_FAILURE_BUCKET_ATTRIBUTE, ON_FAILURE_BUCKET_METRICS_FILTER } from "./defaults";
import { FunctionAccess, type FunctionAccessOptions } from "./access";
import { mergeEnvironment } from "./environment";
import { StreamEventSource, type StreamEventSourceOptions, validateEventSourceOptions } from "./event-source";
import { type FunctionOptions, PlatformFunction, functionOptionsOf } from "./function";
import { ConsumerMetrics } from "../kinesis-ingest/metrics";
import { FunctionMetrics, QueueMetrics } from "./metrics";
import type { ReadableStream } from "./refs";

/** Props for {@link LambdaEnrichment}: the stream, the function ({@link FunctionOptions}) and what it may access. */
export interface LambdaEnrichmentProps extends StreamEventSourceOptions, FunctionAccessOptions, FunctionOptions {
  /** Naming context; resource names are derived from it (see each attribute). */
  readonly label: Label;
  /** The stream the function consumes. */
  readonly stream: ReadableStream;
  /**
   * Extra environment variables (the module sets those of its access options itself).
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * The function's description.
   * @default - "Consumes records from Kinesis stream <stream name>"
   */
  readonly description?: string;
}

/**
 * A Lambda consumer of a Kinesis stream: the function (code from `functions/<handler>`), its log
 * group and least-privilege role, and an event source mapping that never loses a record nor
 * blocks a shard forever (partial batch responses, bisection, bounded retries and age, an
 * encrypted on-failure queue), optionally through an enhanced fan-out consumer.
 */
export class LambdaEnrichment extends Construct {
  /** The function's name for a label, `label.id("lambdaFunction")`: for alarms built in another stack. */
  static functionNameOf(label: Label): string {
    return label.id("lambdaFunction");
  }

  /** The function's unqualified ARN for a label. */
  static functionArnOf(label: Label, location: AwsLocation): string {
    return lambdaFunctionArn(location, LambdaEnrichment.functionNameOf(label));
  }

  /** The created on-failure queue's name for a label, `label.with("dlq").id("sqsQueue")`. */
  static deadLetterQueueNameOf(label: Label): string {
    return label.with("dlq").id("sqsQueue");
  }

  /** The created on-failure bucket's name for a label, `label.with("failed").id("s3Bucket")`. */
  static onFailureBucketNameOf(label: Label): string {
    return label.with(ON_FAILURE_BUCKET_ATTRIBUTE).id("s3Bucket");
  }

  /**
   * Failed invocations Lambda wrote to the on-failure bucket: S3 request metric `PutRequests`
   * (`BucketName`, `FilterId` = the bucket's metrics configuration). Default: Sum over 300 seconds.
   */
  static onFailureObjectsMetricOf(label: Label, options?: MetricOptions): MetricSpec {
    return onFailureObjectsMetric(LambdaEnrichment.onFailureBucketNameOf(label), options);
  }

  /** The created malformed-record store's name for a label, `label.with("malformed").id("sqsQueue")`. */
  static deadLetterStoreQueueNameOf(label: Label): string {
    return label.with("malformed").id("sqsQueue");
  }

  /** The created malformed-record store's ARN for a label. */
  static deadLetterStoreQueueArnOf(label: Label, location: AwsLocation): string {
    return sqsQueueArn(location, LambdaEnrichment.deadLetterStoreQueueNameOf(label));
  }

  /** `label.id("lambdaFunction")` */
  readonly functionName: string;
  readonly functionArn: string;
  /** `label.id("iamRole")` */
  readonly roleName: string;
  readonly roleArn: string;
  /** `/aws/lambda/<functionName>` */
  readonly logGroupName: string;
  /** The log group the function writes entries to (`outputLogGroup`); undefined without one. */
  readonly outputLogGroupName?: string;
  /** The given on-failure queue (`onFailureQueue`); undefined with the default on-failure bucket. */
  readonly deadLetterQueueName?: string;
  readonly deadLetterQueueArn?: string;
  readonly deadLetterQueueUrl?: string;
  /** The created on-failure bucket, `label.with("failed").id("s3Bucket")`; undefined with `onFailureQueue`. */
  readonly onFailureBucketName?: string;
  readonly onFailureBucketArn?: string;
  /** Malformed-record store name (`label.with("malformed").id("sqsQueue")` when created); undefined without a store. */
  readonly deadLetterStoreQueueName?: string;
  readonly deadLetterStoreQueueArn?: string;
  readonly deadLetterStoreQueueUrl?: string;
  readonly eventSourceMappingUuid: string;
  /** The function's metrics. */
  readonly functionMetrics: FunctionMetrics;
  /** The given on-failure queue's metrics; undefined with the default bucket. */
  readonly deadLetterQueueMetrics?: QueueMetrics;
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

    const access = new FunctionAccess(this, props.label, props, props.tags);
    const store = access.deadLetterStore;

    this.fn = new PlatformFunction(this, "Function", {
      ...functionOptionsOf(props),
      label: props.label,
      reservedConcurrentExecutions: reserved,
      environment: mergeEnvironment("environment", access.environment, props.environment),
      description: props.description ?? `Consumes records from Kinesis stream ${props.stream.streamName}`,
    });
    access.grantTo(this.fn);

    const source = new StreamEventSource(this, "EventSource", { ...props, function: this.fn });

    this.functionName = this.fn.functionName;
    this.functionArn = this.fn.functionArn;
    this.roleName = this.fn.roleName;
    this.roleArn = this.fn.roleArn;
    this.logGroupName = this.fn.logGroupName;
    this.outputLogGroupName = access.outputLogGroupName;
    if (source.deadLetterQueue) {
      this.deadLetterQueueName = source.deadLetterQueue.queueName;
      this.deadLetterQueueArn = source.deadLetterQueue.queueArn;
      this.deadLetterQueueUrl = source.deadLetterQueue.queueUrl;
      this.deadLetterQueueMetrics = new QueueMetrics(source.deadLetterQueue.queueName);
    }
    // The label's name rather than the resource's token: metrics and other stacks need the literal.
    this.onFailureBucketName = source.onFailureBucket ? LambdaEnrichment.onFailureBucketNameOf(props.label) : undefined;
    this.onFailureBucketArn = source.onFailureBucket?.bucketArn;
    this.eventSourceMappingUuid = source.eventSourceMappingUuid;
    this.functionMetrics = new FunctionMetrics(this.functionName);
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

  /**
   * Depth of the given on-failure queue ({@link QueueMetrics.metricApproximateNumberOfMessagesVisible}), or, with the
   * default bucket, the failed invocations written to it ({@link LambdaEnrichment.onFailureObjectsMetricOf}).
   */
  metricDeadLetterQueueMessagesVisible(options?: MetricOptions): MetricSpec {
    if (this.deadLetterQueueMetrics) return this.deadLetterQueueMetrics.metricApproximateNumberOfMessagesVisible(options);
    return onFailureObjectsMetric(this.onFailureBucketName!, options);
  }
}

function onFailureObjectsMetric(bucketName: string, options: MetricOptions = {}): MetricSpec {
  return {
    namespace: "AWS/S3",
    metricName: "PutRequests",
    dimensions: { BucketName: bucketName, FilterId: ON_FAILURE_BUCKET_METRICS_FILTER },
    statistic: options.statistic ?? "Sum",
    periodSeconds: options.periodSeconds ?? 300,
    ...(options.label !== undefined ? { label: options.label } : {}),
  };
}
