import type { MathExpressionSpec, MetricSpec, MetricStatistic } from "../shared/metric";

/**
 * The spec with the statistic (and period) an alarm needs, whatever the caller's metric helper defaulted to:
 * a ratio of counts only makes sense over Sums, an age only over Maximums.
 */
export function withStatistic(spec: MetricSpec, statistic: MetricStatistic, periodSeconds = spec.periodSeconds): MetricSpec {
  return { ...spec, statistic, periodSeconds };
}

/**
 * A metric-math expression over `metrics` (ids with a lower-case first letter), every metric brought to
 * the period of the first one so the expression compares like with like.
 */
export function mathExpression(expression: string, metrics: Readonly<Record<string, MetricSpec>>, label: string): MathExpressionSpec {
  const first = Object.values(metrics)[0];
  if (!first) throw new Error(`expression "${expression}" needs at least one metric`);
  const periodSeconds = first.periodSeconds;
  const aligned = Object.fromEntries(Object.entries(metrics).map(([id, spec]) => [id, { ...spec, periodSeconds }]));
  return { expression, metrics: aligned, label, periodSeconds };
}

/**
 * `100 * part / total` as a percentage of counts (both summed; either side may be several counts, added). Periods without any `part` count as 0;
 * periods without `total` give no datapoint and a zero total gives 0 (nothing happened, nothing to divide).
 */
export function percentOf(part: MetricSpec | readonly MetricSpec[], total: MetricSpec | readonly MetricSpec[], label: string): MathExpressionSpec {
  if (!Array.isArray(part) && !Array.isArray(total)) {
    return mathExpression("IF(total > 0, 100 * FILL(part, 0) / total, 0)", { part: withStatistic(part as MetricSpec, "Sum"), total: withStatistic(total as MetricSpec, "Sum") }, label);
  }
  // Several counts on each side (the same events counted by two functions): each is filled with 0,
  // so a function that saw nothing in a period does not blank the sum.
  const parts = ([] as MetricSpec[]).concat(part);
  const totals = ([] as MetricSpec[]).concat(total);
  const metrics: Record<string, MetricSpec> = {};
  parts.forEach((spec, i) => (metrics[`part${i}`] = withStatistic(spec, "Sum")));
  totals.forEach((spec, i) => (metrics[`total${i}`] = withStatistic(spec, "Sum")));
  const sum = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `FILL(${prefix}${i}, 0)`).join(" + ");
  return mathExpression(`IF((${sum("total", totals.length)}) > 0, 100 * (${sum("part", parts.length)}) / (${sum("total", totals.length)}), 0)`, metrics, label);
}
