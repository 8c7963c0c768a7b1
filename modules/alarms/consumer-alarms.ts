import type { MetricSpec } from "../shared/metric";
import type { AlarmDefinition } from "./alarm-definition";
import { withStatistic } from "./metric-math";
import { type FactoryOptions, type SeverityThresholds, prefixed, severityAlarms } from "./thresholds";

/** An enhanced fan-out consumer's metric specs, e.g. from `new ConsumerMetrics(streamName, consumerName)`. */
export interface ConsumerAlarmMetrics {
  /** `SubscribeToShardEvent.MillisBehindLatest` (the factory uses Maximum). */
  readonly millisBehindLatest: MetricSpec;
}

/** Thresholds for {@link consumerAlarms}, keyed by severity. */
export interface ConsumerAlarmThresholds {
  /**
   * How far the consumer is behind the tip of the stream, in seconds (3 of 5; missing data ignored).
   * @default { warning: 60 }
   */
  readonly lagSeconds?: SeverityThresholds;
}

/** Options for {@link consumerAlarms}. */
export interface ConsumerAlarmOptions extends FactoryOptions {
  /**
   * @default - the defaults documented on {@link ConsumerAlarmThresholds}
   */
  readonly thresholds?: ConsumerAlarmThresholds;
}

/** Defaults for {@link consumerAlarms}. */
export const CONSUMER_ALARM_DEFAULTS: Required<ConsumerAlarmThresholds> = { lagSeconds: { warning: 60 } };

/** The lag alarm of an enhanced fan-out consumer, which `GetRecords.IteratorAgeMilliseconds` does not cover. */
export function consumerAlarms(metrics: ConsumerAlarmMetrics, options: ConsumerAlarmOptions = {}): AlarmDefinition[] {
  const prefix = options.prefix ?? "consumer";
  const t = { ...CONSUMER_ALARM_DEFAULTS, ...options.thresholds };
  return severityAlarms(
    {
      name: prefixed(prefix, "lag"),
      metric: withStatistic(metrics.millisBehindLatest, "Maximum"),
      comparison: "GreaterThanThreshold",
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "ignore",
      toMetricUnit: (seconds) => seconds * 1000,
      describe: (seconds, evaluation) => `consumer more than ${seconds} s behind the stream on ${evaluation}.`,
    },
    t.lagSeconds,
  );
}
