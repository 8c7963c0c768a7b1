import { type AlarmableMetric, isMathExpression } from "../shared/metric";
import { assertIntegerInRange, assertMatches, assertOneOf } from "../shared/validate";
import { assertAlarmMetric } from "./alarm-metric";

/** How urgent an alarm is: part of every alarm name, so subscribers can filter on it. */
export type Severity = "warning" | "critical";

/** Every severity, in the order alarms are created. */
export const SEVERITIES: readonly Severity[] = ["warning", "critical"];

/** The comparisons CloudWatch accepts for static-threshold alarms. */
export const COMPARISON_OPERATORS = [
  "GreaterThanThreshold",
  "GreaterThanOrEqualToThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
] as const;

/** A static-threshold comparison. */
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** What CloudWatch does with a period that has no datapoint. */
export const TREAT_MISSING_DATA = ["breaching", "notBreaching", "ignore", "missing"] as const;

/**
 * What a period without data means for this alarm. There is no default: choose per alarm with this rule.
 * - `notBreaching` for counts of bad events (errors, throttles, failed deliveries, messages in a
 *   dead-letter queue, failed checkpoints): the service publishes nothing when nothing happened.
 * - `ignore` for gauges of a state (iterator age, data freshness, lag, free storage, cluster status,
 *   downtime, estimated charges): a gap says nothing new, so the alarm keeps its state; a consumer that
 *   dies while behind keeps its iterator-age alarm raised instead of clearing it.
 * - `breaching` for heartbeats, where silence is the failure (no incoming records for N minutes).
 * - `missing` only when INSUFFICIENT_DATA is itself a signal you watch.
 */
export type TreatMissingData = (typeof TREAT_MISSING_DATA)[number];

/** One CloudWatch alarm, as data. Factories (`streamAlarms`, ...) produce these from thresholds. */
export interface AlarmDefinition {
  /**
   * Kebab-case, e.g. `stream-iterator-age`; the alarm is named `<label>-<severity>-<name>`,
   * which must be unique within a {@link PipelineAlarms}.
   */
  readonly name: string;
  /** What breached and what to do about it (at most 1024 characters). */
  readonly description: string;
  /** A metric spec or a metric-math expression from a module's metrics class. */
  readonly metric: AlarmableMetric;
  readonly comparison: ComparisonOperator;
  readonly threshold: number;
  readonly severity: Severity;
  /** N of "M of N": how many recent periods are evaluated. */
  readonly evaluationPeriods: number;
  /** M of "M of N": how many of them must breach; at most `evaluationPeriods`. */
  readonly datapointsToAlarm: number;
  /** Required on purpose; see {@link TreatMissingData} for the rule. */
  readonly treatMissingData: TreatMissingData;
  /**
   * Notify the topic when the alarm returns to OK.
   * @default true
   */
  readonly okActions?: boolean;
  /**
   * Whether the alarm notifies at all (a dry-run alarm still changes state).
   * @default true
   */
  readonly actionsEnabled?: boolean;
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_DESCRIPTION = 1024;
const ONE_DAY_SECONDS = 86_400;
const SEVEN_DAYS_SECONDS = 604_800;
const MAX_ALARM_EXPRESSION_METRICS = 10;

/** The period an alarm evaluates, from its metric or expression. */
export function alarmPeriodSeconds(metric: AlarmableMetric): number {
  return metric.periodSeconds;
}

/**
 * Checks one definition against CloudWatch's PutMetricAlarm rules, which `terraform plan` does not:
 * M of N, the evaluation range (1 day under 1-hour periods, 7 days otherwise), the period, the description.
 */
export function assertAlarmDefinition(definition: AlarmDefinition): void {
  const where = `alarm "${definition.name}"`;
  assertMatches(`${where} name`, definition.name, KEBAB, "kebab-case ([a-z0-9] words joined by single dashes)");
  assertOneOf(`${where} severity`, definition.severity, SEVERITIES);
  assertOneOf(`${where} comparison`, definition.comparison, COMPARISON_OPERATORS);
  assertOneOf(`${where} treatMissingData`, definition.treatMissingData, TREAT_MISSING_DATA);
  if (definition.description.length === 0 || definition.description.length > MAX_DESCRIPTION) {
    throw new Error(`${where} description must be 1 to ${MAX_DESCRIPTION} characters, got ${definition.description.length}`);
  }
  if (!Number.isFinite(definition.threshold)) {
    throw new Error(`${where} threshold must be a finite number, got ${definition.threshold}`);
  }
  assertAlarmMetric(where, definition.metric);
  if (isMathExpression(definition.metric)) {
    const count = Object.keys(definition.metric.metrics).length;
    if (count > MAX_ALARM_EXPRESSION_METRICS) {
      throw new Error(`${where} expression may use at most ${MAX_ALARM_EXPRESSION_METRICS} metrics in an alarm, got ${count}`);
    }
  }
  const period = alarmPeriodSeconds(definition.metric);
  const maxRange = period < 3600 ? ONE_DAY_SECONDS : SEVEN_DAYS_SECONDS;
  assertIntegerInRange(
    `${where} evaluationPeriods`,
    definition.evaluationPeriods,
    1,
    Math.floor(maxRange / period),
    `(periods of ${period} s cover at most ${maxRange / 3600} h)`,
  );
  assertIntegerInRange(`${where} datapointsToAlarm`, definition.datapointsToAlarm, 1, definition.evaluationPeriods, "(M of N: at most evaluationPeriods)");
}
