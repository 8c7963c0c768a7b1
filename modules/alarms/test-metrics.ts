import type { MetricSpec, MetricStatistic } from "../shared/metric";

/**
 * A metric spec as the modules' name-only metrics classes produce it, for tests: the alarms module
 * takes specs, never the classes.
 */
export function spec(namespace: string, metricName: string, dimensions: Record<string, string>, statistic: MetricStatistic = "Average", periodSeconds = 60): MetricSpec {
  return { namespace, metricName, dimensions, statistic, periodSeconds, label: metricName };
}

/** Kinesis stream metrics for the stream `orders`. */
export const stream = (metricName: string, statistic?: MetricStatistic) => spec("AWS/Kinesis", metricName, { StreamName: "orders" }, statistic);
