import type { CloudwatchMetricAlarmConfig, CloudwatchMetricAlarmMetricQuery } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { type AlarmableMetric, type MetricSpec, type MetricStatistic, isMathExpression } from "../shared/metric";
import { assertMatches } from "../shared/validate";

const STANDARD_STATISTICS = ["Average", "Sum", "Minimum", "Maximum", "SampleCount"];
const PERCENTILE = /^p(\d{1,2}(\.\d{1,10})?|100)$/;
const EXPRESSION_ID = /^[a-z][a-zA-Z0-9_]*$/;
const MAX_EXPRESSION_LENGTH = 1024;

/** True for `p99`, `p99.9`: CloudWatch calls these extended statistics. */
export function isPercentile(statistic: MetricStatistic): boolean {
  return statistic.startsWith("p");
}

/** Fails unless CloudWatch accepts the period: 10, 20 or 30 (high resolution) or a multiple of 60. */
export function assertPeriod(name: string, periodSeconds: number): void {
  const valid = Number.isInteger(periodSeconds) && periodSeconds > 0 && ([10, 20, 30].includes(periodSeconds) || periodSeconds % 60 === 0);
  if (!valid) throw new Error(`${name} periodSeconds must be 10, 20, 30 or a multiple of 60, got ${periodSeconds}`);
}

function assertStatistic(name: string, statistic: string): void {
  if (STANDARD_STATISTICS.includes(statistic) || PERCENTILE.test(statistic)) return;
  throw new Error(`${name} statistic must be one of ${STANDARD_STATISTICS.join(", ")} or a percentile p0 to p100, got ${statistic}`);
}

function assertMetricSpec(name: string, metric: MetricSpec): void {
  if (!metric.namespace || !metric.metricName) throw new Error(`${name} needs a namespace and a metricName`);
  const dimensions = Object.keys(metric.dimensions).length;
  if (dimensions > 30) throw new Error(`${name} may have at most 30 dimensions, got ${dimensions}`);
  assertStatistic(name, metric.statistic);
  assertPeriod(name, metric.periodSeconds);
}

/**
 * Checks a metric or expression an alarm or widget uses: statistic, period, and for metric math
 * the ids (lower-case first letter, as CloudWatch requires), that the expression uses them, and that
 * every metric shares the expression's period, so the ratio compares like with like.
 */
export function assertAlarmMetric(name: string, metric: AlarmableMetric): void {
  if (!isMathExpression(metric)) {
    assertMetricSpec(`${name} metric ${metric.metricName}`, metric);
    return;
  }
  assertPeriod(`${name} expression`, metric.periodSeconds);
  if (metric.expression.length === 0 || metric.expression.length > MAX_EXPRESSION_LENGTH) {
    throw new Error(`${name} expression must be 1 to ${MAX_EXPRESSION_LENGTH} characters, got ${metric.expression.length}`);
  }
  const ids = Object.keys(metric.metrics);
  if (ids.length === 0) throw new Error(`${name} expression "${metric.expression}" needs at least one metric`);
  for (const id of ids) {
    assertMatches(`${name} metric id`, id, EXPRESSION_ID, "a lower-case letter followed by letters, digits or _");
    if (id === EXPRESSION_RESULT_ID) throw new Error(`${name} metric id "${id}" is reserved for the expression itself`);
    if (!new RegExp(`\\b${id}\\b`).test(metric.expression)) {
      throw new Error(`${name} expression "${metric.expression}" does not use metric id "${id}"`);
    }
    const spec = metric.metrics[id]!;
    assertMetricSpec(`${name} metric ${id}`, spec);
    if (spec.periodSeconds !== metric.periodSeconds) {
      throw new Error(`${name} metric ${id} periodSeconds must equal the expression's ${metric.periodSeconds}, got ${spec.periodSeconds}`);
    }
  }
}

/** The statistic as Terraform wants it: `statistic` for the five standard ones, `extended_statistic` for percentiles. */
function statisticProperties(statistic: MetricStatistic): { statistic?: string; extendedStatistic?: string } {
  return isPercentile(statistic) ? { extendedStatistic: statistic } : { statistic };
}

/** The expression id CloudWatch reports for a metric-math alarm. */
export const EXPRESSION_RESULT_ID = "expression";

/**
 * The metric part of an `aws_cloudwatch_metric_alarm`: namespace, metric, dimensions, period and
 * statistic (or extended statistic) for a plain metric; `metric_query` blocks for metric math, with
 * `return_data` on the expression only.
 */
export function alarmMetricProperties(
  metric: AlarmableMetric,
): Pick<CloudwatchMetricAlarmConfig, "namespace" | "metricName" | "dimensions" | "period" | "statistic" | "extendedStatistic" | "metricQuery"> {
  if (!isMathExpression(metric)) {
    return {
      namespace: metric.namespace,
      metricName: metric.metricName,
      dimensions: { ...metric.dimensions },
      period: metric.periodSeconds,
      ...statisticProperties(metric.statistic),
    };
  }
  const queries: CloudwatchMetricAlarmMetricQuery[] = [
    { id: EXPRESSION_RESULT_ID, expression: metric.expression, label: metric.label, returnData: true },
    ...Object.entries(metric.metrics).map(([id, spec]) => ({
      id,
      returnData: false,
      metric: {
        namespace: spec.namespace,
        metricName: spec.metricName,
        dimensions: { ...spec.dimensions },
        period: spec.periodSeconds,
        stat: spec.statistic,
      },
    })),
  ];
  return { metricQuery: queries };
}
