import type { MetricSpec } from "../shared/metric";
import type { AlarmDefinition } from "./alarm-definition";
import { mathExpression, withStatistic } from "./metric-math";
import { type FactoryOptions, type SeverityThresholds, prefixed, severityAlarms } from "./thresholds";

/** A Flink application's metric specs, e.g. from `new FlinkMetrics(applicationName)`. */
export interface FlinkAlarmMetrics {
  /** `millisBehindLatest` of the Kinesis source (the factory uses Maximum). */
  readonly millisBehindLatest: MetricSpec;
  /** `downtime` in milliseconds while the job is failing or restarting (the factory uses Maximum). */
  readonly downtime: MetricSpec;
  /** `numberOfFailedCheckpoints`, a counter since the job started (the factory alarms on its increase). */
  readonly numberOfFailedCheckpoints: MetricSpec;
  /** `lastCheckpointDuration` in milliseconds (the factory uses Maximum). */
  readonly lastCheckpointDuration: MetricSpec;
}

/** Thresholds for {@link flinkAlarms}, keyed by severity. */
export interface FlinkAlarmThresholds {
  /**
   * Processing lag behind the input stream, in seconds (3 of 5; missing data ignored).
   * @default { warning: 60, critical: 300 }
   */
  readonly processingLagSeconds?: SeverityThresholds;
  /**
   * Milliseconds of downtime: the job is failing or restarting (3 of 5; missing data ignored).
   * @default { critical: 0 }
   */
  readonly downtimeMilliseconds?: SeverityThresholds;
  /**
   * New failed checkpoints per period, `DIFF(numberOfFailedCheckpoints)` (1 of 1; missing data is not
   * breaching).
   * @default { warning: 0 }
   */
  readonly failedCheckpoints?: SeverityThresholds;
  /**
   * Duration of the last checkpoint, in seconds (3 of 5; missing data ignored): checkpoints longer than
   * their interval pile up.
   * @default { warning: 60 }
   */
  readonly checkpointDurationSeconds?: SeverityThresholds;
}

/** Options for {@link flinkAlarms}. */
export interface FlinkAlarmOptions extends FactoryOptions {
  /**
   * @default - the defaults documented on {@link FlinkAlarmThresholds}
   */
  readonly thresholds?: FlinkAlarmThresholds;
}

/** Defaults for {@link flinkAlarms}. */
export const FLINK_ALARM_DEFAULTS: Required<FlinkAlarmThresholds> = {
  processingLagSeconds: { warning: 60, critical: 300 },
  downtimeMilliseconds: { critical: 0 },
  failedCheckpoints: { warning: 0 },
  checkpointDurationSeconds: { warning: 60 },
};

/** Alarms for a Managed Service for Apache Flink application: lag, downtime, checkpoints. */
export function flinkAlarms(metrics: FlinkAlarmMetrics, options: FlinkAlarmOptions = {}): AlarmDefinition[] {
  const prefix = options.prefix ?? "flink";
  const t = { ...FLINK_ALARM_DEFAULTS, ...options.thresholds };
  return [
    ...severityAlarms(
      {
        name: prefixed(prefix, "processing-lag"),
        metric: withStatistic(metrics.millisBehindLatest, "Maximum"),
        comparison: "GreaterThanThreshold",
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "ignore",
        toMetricUnit: (seconds) => seconds * 1000,
        describe: (seconds, evaluation) => `processing lag above ${seconds} s on ${evaluation}: the application is falling behind its input stream.`,
      },
      t.processingLagSeconds,
    ),
    ...severityAlarms(
      {
        name: prefixed(prefix, "downtime"),
        metric: withStatistic(metrics.downtime, "Maximum"),
        comparison: "GreaterThanThreshold",
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "ignore",
        describe: (ms, evaluation) => `downtime above ${ms} ms on ${evaluation}: the job is failing or restarting.`,
      },
      t.downtimeMilliseconds,
    ),
    ...severityAlarms(
      {
        name: prefixed(prefix, "failed-checkpoints"),
        metric: mathExpression("DIFF(failed)", { failed: withStatistic(metrics.numberOfFailedCheckpoints, "Maximum") }, "New failed checkpoints"),
        comparison: "GreaterThanThreshold",
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: "notBreaching",
        describe: (count, evaluation) => `more than ${count} new failed checkpoints on ${evaluation}: state may not be recoverable.`,
      },
      t.failedCheckpoints,
    ),
    ...severityAlarms(
      {
        name: prefixed(prefix, "checkpoint-duration"),
        metric: withStatistic(metrics.lastCheckpointDuration, "Maximum"),
        comparison: "GreaterThanThreshold",
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "ignore",
        toMetricUnit: (seconds) => seconds * 1000,
        describe: (seconds, evaluation) => `last checkpoint took more than ${seconds} s on ${evaluation}.`,
      },
      t.checkpointDurationSeconds,
    ),
  ];
}
