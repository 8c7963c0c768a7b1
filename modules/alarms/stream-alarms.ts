import type { MetricSpec } from "../shared/metric";
import { assertIntegerInRange } from "../shared/validate";
import type { AlarmDefinition } from "./alarm-definition";
import { mathExpression, withStatistic } from "./metric-math";
import { type FactoryOptions, type SeverityThresholds, prefixed, severityAlarms } from "./thresholds";

/** The stream's metric specs, e.g. from `new StreamMetrics(streamName)`. */
export interface StreamAlarmMetrics {
  /** `GetRecords.IteratorAgeMilliseconds` (the factory uses Maximum). */
  readonly iteratorAge: MetricSpec;
  /** `WriteProvisionedThroughputExceeded`: records rejected by throttling (the factory uses Sum). */
  readonly writeThrottles: MetricSpec;
  /** `IncomingRecords`: records accepted (the factory uses Sum). */
  readonly incomingRecords: MetricSpec;
}

/** Thresholds for {@link streamAlarms}, keyed by severity. */
export interface StreamAlarmThresholds {
  /**
   * Oldest unread record, in seconds (3 of 5 one-minute periods; missing data ignored).
   * @default { warning: 60 }
   */
  readonly iteratorAgeSeconds?: SeverityThresholds;
  /**
   * Oldest unread record as a percentage of the stream's retention: past 100% records expire unread
   * (3 of 5 periods; missing data ignored).
   * @default { critical: 50 }
   */
  readonly iteratorAgeRetentionPercent?: SeverityThresholds;
  /**
   * Records rejected by write throttling per period (3 of 5; missing data is not breaching).
   * @default { warning: 0 }
   */
  readonly writeThrottledRecords?: SeverityThresholds;
  /**
   * Throttled records as a percentage of attempted writes, `throttled / (accepted + throttled)`
   * (3 of 5; missing data is not breaching).
   * @default { critical: 1 }
   */
  readonly writeThrottleRatioPercent?: SeverityThresholds;
  /**
   * Minutes without a single incoming record (one-minute periods, all breaching; missing data is
   * breaching, because silence is the failure). Off by default: quiet environments legitimately see no
   * traffic; turn it on where producers never pause, e.g. `{ warning: 10 }`. At most 1440 minutes.
   * @default {}
   */
  readonly noIncomingRecordsMinutes?: SeverityThresholds;
}

/** Options for {@link streamAlarms}. */
export interface StreamAlarmOptions extends FactoryOptions {
  /**
   * The stream's retention, for the retention-relative iterator-age alarm.
   * @default 24
   */
  readonly retentionHours?: number;
  /**
   * @default - the defaults documented on {@link StreamAlarmThresholds}
   */
  readonly thresholds?: StreamAlarmThresholds;
}

/** Defaults for {@link streamAlarms}. */
export const STREAM_ALARM_DEFAULTS: Required<StreamAlarmThresholds> = {
  iteratorAgeSeconds: { warning: 60 },
  iteratorAgeRetentionPercent: { critical: 50 },
  writeThrottledRecords: { warning: 0 },
  writeThrottleRatioPercent: { critical: 1 },
  noIncomingRecordsMinutes: {},
};

/** Alarms for a Kinesis data stream: consumers falling behind, producers throttled, producers silent. */
export function streamAlarms(metrics: StreamAlarmMetrics, options: StreamAlarmOptions = {}): AlarmDefinition[] {
  const prefix = options.prefix ?? "stream";
  const retentionHours = options.retentionHours ?? 24;
  assertIntegerInRange("retentionHours", retentionHours, 24, 8760);
  const t = { ...STREAM_ALARM_DEFAULTS, ...options.thresholds };
  const iteratorAge = withStatistic(metrics.iteratorAge, "Maximum");
  const throttles = withStatistic(metrics.writeThrottles, "Sum");
  const incoming = withStatistic(metrics.incomingRecords, "Sum");
  for (const [severity, minutes] of Object.entries(t.noIncomingRecordsMinutes)) {
    if (severity === "warning" || severity === "critical") assertIntegerInRange(`noIncomingRecordsMinutes.${severity}`, minutes, 1, 1440);
  }
  const quiet = (severity: "warning" | "critical") => t.noIncomingRecordsMinutes[severity];
  return [
    ...severityAlarms(
      {
        name: prefixed(prefix, "iterator-age"),
        metric: iteratorAge,
        comparison: "GreaterThanThreshold",
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "ignore",
        toMetricUnit: (seconds) => seconds * 1000,
        describe: (seconds, evaluation) => `iterator age above ${seconds} s on ${evaluation}: consumers are falling behind.`,
      },
      t.iteratorAgeSeconds,
    ),
    ...severityAlarms(
      {
        name: prefixed(prefix, "iterator-age-retention"),
        metric: iteratorAge,
        comparison: "GreaterThanThreshold",
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "ignore",
        toMetricUnit: (percent) => Math.round((retentionHours * 3_600_000 * percent) / 100),
        describe: (percent, evaluation) =>
          `iterator age above ${percent}% of the ${retentionHours} h retention on ${evaluation}: unread records expire at 100%.`,
      },
      t.iteratorAgeRetentionPercent,
    ),
    ...severityAlarms(
      {
        name: prefixed(prefix, "write-throttles"),
        metric: throttles,
        comparison: "GreaterThanThreshold",
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "notBreaching",
        describe: (count, evaluation) => `more than ${count} throttled write records per period on ${evaluation}: producers retry; add capacity.`,
      },
      t.writeThrottledRecords,
    ),
    ...severityAlarms(
      {
        name: prefixed(prefix, "write-throttle-ratio"),
        metric: mathExpression(
          "IF(FILL(incoming, 0) + FILL(throttled, 0) > 0, 100 * FILL(throttled, 0) / (FILL(incoming, 0) + FILL(throttled, 0)), 0)",
          { throttled: throttles, incoming },
          "Throttled writes (%)",
        ),
        comparison: "GreaterThanThreshold",
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "notBreaching",
        describe: (percent, evaluation) => `more than ${percent}% of write attempts throttled on ${evaluation}: the stream is under-provisioned.`,
      },
      t.writeThrottleRatioPercent,
    ),
    ...(["warning", "critical"] as const).flatMap((severity) => {
      const minutes = quiet(severity);
      if (minutes === undefined) return [];
      return severityAlarms(
        {
          name: prefixed(prefix, "no-incoming-records"),
          metric: withStatistic(metrics.incomingRecords, "Sum", 60),
          comparison: "LessThanThreshold",
          evaluationPeriods: minutes,
          datapointsToAlarm: minutes,
          treatMissingData: "breaching",
          toMetricUnit: () => 1,
          describe: () => `no incoming records for ${minutes} minutes: producers have stopped.`,
        },
        { [severity]: minutes },
      );
    }),
  ];
}
