import { type MetricOptions, type MetricSpec, metricSpec } from "../shared/metric";

/** CloudWatch metrics of one Lambda function (namespace `AWS/Lambda`, dimension `FunctionName`), from its name alone. */
export class FunctionMetrics {
  constructor(readonly functionName: string) {}

  /** Any metric of the function. Default: Sum over 60 seconds. */
  metric(metricName: string, options: MetricOptions = {}): MetricSpec {
    return metricSpec(
      { namespace: "AWS/Lambda", metricName, dimensions: { FunctionName: this.functionName }, statistic: "Sum", periodSeconds: 60 },
      options,
    );
  }

  /** Invocations that ended in an error (a thrown batch, a timeout). Default: Sum over 60 seconds. */
  metricErrors(options: MetricOptions = {}): MetricSpec {
    return this.metric("Errors", options);
  }

  /** Invocation requests refused for lack of concurrency. Default: Sum over 60 seconds. */
  metricThrottles(options: MetricOptions = {}): MetricSpec {
    return this.metric("Throttles", options);
  }

  /** Time spent in the handler, milliseconds. Default: p99 over 60 seconds. */
  metricDuration(options: MetricOptions = {}): MetricSpec {
    return this.metric("Duration", { statistic: "p99", ...options });
  }

  /** Invocations, successful or not. Default: Sum over 60 seconds. */
  metricInvocations(options: MetricOptions = {}): MetricSpec {
    return this.metric("Invocations", options);
  }

  /**
   * Age of the last record of each batch when it reached the function, milliseconds: how far
   * behind the stream the consumer is. Default: Maximum over 60 seconds.
   */
  metricIteratorAge(options: MetricOptions = {}): MetricSpec {
    return this.metric("IteratorAge", { statistic: "Maximum", ...options });
  }

  /** Instances running at once. Default: Maximum over 60 seconds. */
  metricConcurrentExecutions(options: MetricOptions = {}): MetricSpec {
    return this.metric("ConcurrentExecutions", { statistic: "Maximum", ...options });
  }
}

/** CloudWatch metrics of one SQS queue (namespace `AWS/SQS`, dimension `QueueName`), from its name alone. */
export class QueueMetrics {
  constructor(readonly queueName: string) {}

  /** Any metric of the queue. Default: Maximum over 60 seconds. */
  metric(metricName: string, options: MetricOptions = {}): MetricSpec {
    return metricSpec(
      { namespace: "AWS/SQS", metricName, dimensions: { QueueName: this.queueName }, statistic: "Maximum", periodSeconds: 60 },
      options,
    );
  }

  /** Messages waiting in the queue: for a dead-letter queue, records that need attention. Default: Maximum over 60 seconds. */
  metricApproximateNumberOfMessagesVisible(options: MetricOptions = {}): MetricSpec {
    return this.metric("ApproximateNumberOfMessagesVisible", options);
  }

  /** Age of the oldest message, seconds: alarm before it nears the retention. Default: Maximum over 60 seconds. */
  metricApproximateAgeOfOldestMessage(options: MetricOptions = {}): MetricSpec {
    return this.metric("ApproximateAgeOfOldestMessage", options);
  }

  /** Messages added. Default: Sum over 60 seconds. */
  metricNumberOfMessagesSent(options: MetricOptions = {}): MetricSpec {
    return this.metric("NumberOfMessagesSent", { statistic: "Sum", ...options });
  }
}
