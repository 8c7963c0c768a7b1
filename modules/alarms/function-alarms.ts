import type { MetricSpec } from "../shared/metric";
import type { AlarmDefinition } from "./alarm-definition";
import { errorRateAlarms } from "./error-rate-alarms";
import { withStatistic } from "./metric-math";
import { type FactoryOptions, type SeverityThresholds, prefixed, severityAlarms } from "./thresholds";

/** A function's metric specs, e.g. from `new FunctionMetrics(functionName)`. */
export interface FunctionAlarmMetrics {
  /** `Errors` (the factory uses Sum). */
  readonly errors: MetricSpec;
  /** `Invocations` (the factory uses Sum), the denominator of the error rate. */
  readonly invocations: MetricSpec;
  /** `Throttles` (the factory uses Sum). */
  readonly throttles: MetricSpec;
  /**
   * `IteratorAge` for stream consumers (the factory uses Maximum).
   * @default - no iterator-age alarm (not a stream consumer)
   */
  readonly iteratorAge?: MetricSpec;
}

/** Thresholds for {@link functionAlarms}, keyed by severity. */
export interface FunctionAlarmThresholds {
  /**
   * Failed invocations per period (3 of 5; missing data is not breaching).
   * @default { warning: 0 }
   */
  readonly errors?: SeverityThresholds;
  /**
   * Failed invocations as a percentage of invocations (3 of 5; missing data is not breaching).
   * @default { critical: 5 }
   */
  readonly errorRatePercent?: SeverityThresholds;
  /**
   * Throttled invocations per period (3 of 5; missing data is not breaching).
   * @default { warning: 0 }
   */
  readonly throttles?: SeverityThresholds;
  /**
   * Age of the last record the function read, in seconds (3 of 5; missing data ignored).
   * @default { warning: 60 }
   */
  readonly iteratorAgeSeconds?: SeverityThresholds;
}

/** Options for {@link functionAlarms}. */
export interface FunctionAlarmOptions extends FactoryOptions {
  /**
   * @default - the defaults documented on {@link FunctionAlarmThresholds}
   */
  readonly thresholds?: FunctionAlarmThresholds;
}

/** Defaults for {@link functionAlarms}. */
export const FUNCTION_ALARM_DEFAULTS: Required<FunctionAlarmThresholds> = {
  errors: { warning: 0 },
  errorRatePercent: { critical: 5 },
  throttles: { warning: 0 },
  iteratorAgeSeconds: { warning: 60 },
};

/** Alarms for a Lambda function: errors (count and rate), throttles, and iterator age for stream consumers. */
export function functionAlarms(metrics: FunctionAlarmMetrics, options: FunctionAlarmOptions = {}): AlarmDefinition[] {
  const prefix = options.prefix ?? "function";
  const t = { ...FUNCTION_ALARM_DEFAULTS, ...options.thresholds };
  return [
    ...severityAlarms(
      {
        name: prefixed(prefix, "errors"),
        metric: withStatistic(metrics.errors, "Sum"),
        comparison: "GreaterThanThreshold",
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "notBreaching",
        describe: (count, evaluation) => `more than ${count} failed invocations per period on ${evaluation}: check the function's logs.`,
      },
      t.errors,
    ),
    ...errorRateAlarms(
      { errors: metrics.errors, total: metrics.invocations },
      { name: prefixed(prefix, "error-rate"), what: "invocations", thresholds: t.errorRatePercent },
    ),
    ...severityAlarms(
      {
        name: prefixed(prefix, "throttles"),
        metric: withStatistic(metrics.throttles, "Sum"),
        comparison: "GreaterThanThreshold",
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "notBreaching",
        describe: (count, evaluation) => `more than ${count} throttled invocations per period on ${evaluation}: raise reserved concurrency.`,
      },
      t.throttles,
    ),
    ...(metrics.iteratorAge
      ? severityAlarms(
          {
            name: prefixed(prefix, "iterator-age"),
            metric: withStatistic(metrics.iteratorAge, "Maximum"),
            comparison: "GreaterThanThreshold",
            evaluationPeriods: 5,
            datapointsToAlarm: 3,
            treatMissingData: "ignore",
            toMetricUnit: (seconds) => seconds * 1000,
            describe: (seconds, evaluation) => `iterator age above ${seconds} s on ${evaluation}: the function is falling behind its stream.`,
          },
          t.iteratorAgeSeconds,
        )
      : []),
  ];
}
