import type { AlarmableMetric } from "../shared/metric";
import { type AlarmDefinition, type ComparisonOperator, type Severity, SEVERITIES, type TreatMissingData } from "./alarm-definition";

/**
 * Thresholds keyed by severity, as in cdk-monitoring-constructs: one alarm per severity given.
 * A factory's default for a kind is replaced as a whole by the object you pass; pass `{}` to turn the kind off.
 */
export interface SeverityThresholds {
  /**
   * @default - no warning alarm
   */
  readonly warning?: number;
  /**
   * @default - no critical alarm
   */
  readonly critical?: number;
  /**
   * N of "M of N" for this kind's alarms.
   * @default - the factory's documented value for the kind
   */
  readonly evaluationPeriods?: number;
  /**
   * M of "M of N" for this kind's alarms.
   * @default - the factory's documented value for the kind
   */
  readonly datapointsToAlarm?: number;
}

/** What every alarm of one kind shares; the severity and threshold vary. */
export interface AlarmKind {
  /** Kebab-case name, e.g. `stream-iterator-age`. */
  readonly name: string;
  readonly metric: AlarmableMetric;
  readonly comparison: ComparisonOperator;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
  /** Turns a user-facing threshold (seconds, percent) into the metric's unit (milliseconds, ...). */
  readonly toMetricUnit?: (threshold: number) => number;
  /** The description for one severity's threshold, as the user wrote it. */
  describe(threshold: number, evaluation: string): string;
}

/** Options every factory takes besides its thresholds. */
export interface FactoryOptions {
  /**
   * Prefix of every alarm name the factory creates, e.g. `input-stream` gives `input-stream-iterator-age`;
   * set it when a pipeline has two resources of the same kind.
   * @default - the factory's resource noun (`stream`, `delivery-stream`, `function`, ...)
   */
  readonly prefix?: string;
}

/** The alarms of one kind, one per severity present in `thresholds`. */
export function severityAlarms(kind: AlarmKind, thresholds: SeverityThresholds): AlarmDefinition[] {
  const evaluationPeriods = thresholds.evaluationPeriods ?? kind.evaluationPeriods;
  const datapointsToAlarm = thresholds.datapointsToAlarm ?? (thresholds.evaluationPeriods ? Math.min(kind.datapointsToAlarm, evaluationPeriods) : kind.datapointsToAlarm);
  const evaluation = `${datapointsToAlarm} of ${evaluationPeriods} periods of ${kind.metric.periodSeconds} s`;
  return SEVERITIES.flatMap((severity: Severity) => {
    const threshold = thresholds[severity];
    if (threshold === undefined) return [];
    return [
      {
        name: kind.name,
        description: `${severity.toUpperCase()}: ${kind.describe(threshold, evaluation)}`,
        metric: kind.metric,
        comparison: kind.comparison,
        threshold: kind.toMetricUnit ? kind.toMetricUnit(threshold) : threshold,
        severity,
        evaluationPeriods,
        datapointsToAlarm,
        treatMissingData: kind.treatMissingData,
      },
    ];
  });
}

/** Joins a factory's prefix and an alarm's own name. */
export function prefixed(prefix: string, name: string): string {
  return `${prefix}-${name}`;
}
