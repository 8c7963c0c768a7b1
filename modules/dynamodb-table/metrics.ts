import { type MathExpressionSpec, type MetricOptions, type MetricSpec, type MetricStatistic, metricSpec } from "../shared/metric";

const NAMESPACE = "AWS/DynamoDB";
const PERIOD_SECONDS = 60;

/** DynamoDB operations that carry an `Operation` dimension on per-request metrics. */
export type DynamoDbOperation =
  | "GetItem"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "Query"
  | "Scan"
  | "BatchGetItem"
  | "BatchWriteItem"
  | "TransactGetItems"
  | "TransactWriteItems";

/** The operations a lookup-and-results table serves; the default set for the summed metrics. */
export const DATA_OPERATIONS: readonly DynamoDbOperation[] = [
  "GetItem",
  "PutItem",
  "UpdateItem",
  "DeleteItem",
  "Query",
  "Scan",
  "BatchGetItem",
  "BatchWriteItem",
];

/**
 * CloudWatch metrics of one DynamoDB table, built from its name alone so the alarms stack can watch a
 * table it does not own. Every helper defaults to a 60-second period.
 */
export class TableMetrics {
  constructor(readonly tableName: string) {}

  /**
   * Any table metric, with the `TableName` dimension (and `Operation` when given).
   * @param options statistic (default `Sum`) and period (default 60 s)
   */
  metric(metricName: string, options: MetricOptions = {}, statistic: MetricStatistic = "Sum", operation?: DynamoDbOperation): MetricSpec {
    const dimensions: Record<string, string> = { TableName: this.tableName };
    if (operation) dimensions.Operation = operation;
    return metricSpec({ namespace: NAMESPACE, metricName, dimensions, statistic, periodSeconds: PERIOD_SECONDS }, options);
  }

  /** Requests of one operation throttled (DynamoDB reports it per operation). Sum over 60 s. */
  metricThrottledRequests(operation: DynamoDbOperation, options?: MetricOptions): MetricSpec {
    return this.metric("ThrottledRequests", options, "Sum", operation);
  }

  /** Throttled requests summed over `operations`, for one alarm per table. Each Sum over 60 s. */
  metricThrottledRequestsTotal(operations: readonly DynamoDbOperation[] = DATA_OPERATIONS, options: Pick<MetricOptions, "periodSeconds"> = {}): MathExpressionSpec {
    return this.sumOver("ThrottledRequests", operations, options.periodSeconds ?? PERIOD_SECONDS);
  }

  /** Read events beyond provisioned or on-demand capacity. Sum over 60 s. */
  metricReadThrottleEvents(options?: MetricOptions): MetricSpec {
    return this.metric("ReadThrottleEvents", options, "Sum");
  }

  /** Write events beyond provisioned or on-demand capacity. Sum over 60 s. */
  metricWriteThrottleEvents(options?: MetricOptions): MetricSpec {
    return this.metric("WriteThrottleEvents", options, "Sum");
  }

  /** Requests of one operation that failed with an HTTP 500. Sum over 60 s. */
  metricSystemErrors(operation: DynamoDbOperation, options?: MetricOptions): MetricSpec {
    return this.metric("SystemErrors", options, "Sum", operation);
  }

  /** System errors summed over `operations`. Each Sum over 60 s. */
  metricSystemErrorsTotal(operations: readonly DynamoDbOperation[] = DATA_OPERATIONS, options: Pick<MetricOptions, "periodSeconds"> = {}): MathExpressionSpec {
    return this.sumOver("SystemErrors", operations, options.periodSeconds ?? PERIOD_SECONDS);
  }

  /**
   * Requests that failed with an HTTP 400, for the whole account and region: DynamoDB publishes
   * UserErrors without a TableName dimension, so this metric is not the table's own. Sum over 60 s.
   */
  metricUserErrors(options?: MetricOptions): MetricSpec {
    return metricSpec(
      { namespace: NAMESPACE, metricName: "UserErrors", dimensions: {}, statistic: "Sum", periodSeconds: PERIOD_SECONDS },
      options,
    );
  }

  /** Read capacity units consumed. Sum over 60 s. */
  metricConsumedReadCapacityUnits(options?: MetricOptions): MetricSpec {
    return this.metric("ConsumedReadCapacityUnits", options, "Sum");
  }

  /** Write capacity units consumed. Sum over 60 s. */
  metricConsumedWriteCapacityUnits(options?: MetricOptions): MetricSpec {
    return this.metric("ConsumedWriteCapacityUnits", options, "Sum");
  }

  /** Latency of successful requests of one operation, in milliseconds. Average over 60 s. */
  metricSuccessfulRequestLatency(operation: DynamoDbOperation, options?: MetricOptions): MetricSpec {
    return this.metric("SuccessfulRequestLatency", options, "Average", operation);
  }

  private sumOver(metricName: string, operations: readonly DynamoDbOperation[], periodSeconds: number): MathExpressionSpec {
    if (operations.length === 0) throw new Error(`operations must name at least one operation for ${metricName}, got []`);
    const metrics: Record<string, MetricSpec> = {};
    operations.forEach((operation, index) => {
      metrics[`m${index}`] = this.metric(metricName, { periodSeconds }, "Sum", operation);
    });
    return {
      // FILL keeps the sum defined when an operation had no traffic (no datapoint) in a period.
      expression: Object.keys(metrics).map((id) => `FILL(${id}, 0)`).join(" + "),
      metrics,
      label: `${this.tableName} ${metricName}`,
      periodSeconds,
    };
  }
}
