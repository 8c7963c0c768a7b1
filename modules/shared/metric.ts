/** CloudWatch statistics; percentiles are written `p99`, `p99.9`. */
export type MetricStatistic = "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount" | `p${number}`;

/**
 * A CloudWatch metric as data: what alarms and dashboards are built from.
 * Modules produce these from their own resource names, so a dimension can never be forgotten.
 */
export interface MetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: MetricStatistic;
  readonly periodSeconds: number;
  /** Human-readable label for dashboards. */
  readonly label?: string;
}

/** Overrides a caller may apply to a module's metric. */
export interface MetricOptions {
  /**
   * @default - the metric's documented default statistic
   */
  readonly statistic?: MetricStatistic;
  /**
   * @default - the metric's documented default period (usually 60 or 300 seconds)
   */
  readonly periodSeconds?: number;
  /**
   * @default - the metric name
   */
  readonly label?: string;
}

/**
 * A CloudWatch metric-math expression over named metrics, e.g. a ratio of throttled to total writes.
 * Ids in `expression` refer to keys of `metrics` (lower-case first letter, as CloudWatch requires).
 */
export interface MathExpressionSpec {
  readonly expression: string;
  readonly metrics: Readonly<Record<string, MetricSpec>>;
  readonly label: string;
  readonly periodSeconds: number;
}

/** Either kind of metric an alarm can watch. */
export type AlarmableMetric = MetricSpec | MathExpressionSpec;

/** True for a metric-math expression. */
export function isMathExpression(metric: AlarmableMetric): metric is MathExpressionSpec {
  return "expression" in metric;
}

/** Builds a {@link MetricSpec} from a module's defaults and the caller's overrides. */
export function metricSpec(
  base: Omit<MetricSpec, "label"> & { readonly label?: string },
  options: MetricOptions = {},
): MetricSpec {
  return {
    ...base,
    statistic: options.statistic ?? base.statistic,
    periodSeconds: options.periodSeconds ?? base.periodSeconds,
    label: options.label ?? base.label ?? base.metricName,
  };
}
