import type { MetricSpec } from "../shared/metric";
import type { AlarmDefinition } from "./alarm-definition";
import { percentOf } from "./metric-math";
import { type SeverityThresholds, severityAlarms } from "./thresholds";

/** Options for {@link errorRateAlarms}. */
export interface ErrorRateAlarmOptions {
  /** The alarm's kebab-case name, e.g. `enrichment-error-rate`. */
  readonly name: string;
  /** What `total` counts, for the description, e.g. `invocations`, `requests`. */
  readonly what: string;
  /** Percentages of `total` that failed, keyed by severity. */
  readonly thresholds: SeverityThresholds;
}

/**
 * A generic error-rate alarm, `100 * errors / total` above a percentage (3 of 5 periods; missing data is
 * not breaching), for any pair of count metrics (or of lists of them, added).
 */
export function errorRateAlarms(
  metrics: { readonly errors: MetricSpec | readonly MetricSpec[]; readonly total: MetricSpec | readonly MetricSpec[] },
  options: ErrorRateAlarmOptions,
): AlarmDefinition[] {
  return severityAlarms(
    {
      name: options.name,
      metric: percentOf(metrics.errors, metrics.total, `Failed ${options.what} (%)`),
      comparison: "GreaterThanThreshold",
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      describe: (percent, evaluation) => `more than ${percent}% of ${options.what} failed on ${evaluation}.`,
    },
    options.thresholds,
  );
}
