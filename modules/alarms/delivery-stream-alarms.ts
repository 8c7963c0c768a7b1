import type { MetricSpec } from "../shared/metric";
import type { AlarmDefinition } from "./alarm-definition";
import { withStatistic } from "./metric-math";
import { type FactoryOptions, type SeverityThresholds, prefixed, severityAlarms } from "./thresholds";

/** A delivery stream's metric specs, e.g. from `new DeliveryStreamMetrics(deliveryStreamName)`. */
export interface DeliveryStreamAlarmMetrics {
  /**
   * Age of the oldest record not yet delivered, e.g. `DeliveryToS3.DataFreshness` or
   * `DeliveryToAmazonOpenSearchService.DataFreshness` (the factory uses Maximum).
   */
  readonly dataFreshness: MetricSpec;
  /**
   * Share of successful deliveries, 0 to 1, e.g. `DeliveryToS3.Success` or
   * `DeliveryToAmazonOpenSearchService.Success` (the factory uses Average).
   */
  readonly deliverySuccess: MetricSpec;
}

/** Thresholds for {@link deliveryStreamAlarms}, keyed by severity. */
export interface DeliveryStreamAlarmThresholds {
  /**
   * Oldest undelivered record, in seconds (3 of 3 periods; missing data ignored). Firehose keeps
   * undelivered records for 24 hours at most, then they are lost.
   * @default { warning: 900, critical: 3600 }
   */
  readonly dataFreshnessSeconds?: SeverityThresholds;
  /**
   * Alarm when the share of successful deliveries falls below this, 0 to 1 (3 of 3 periods; missing data
   * is not breaching: no delivery attempted). `1` means any failed delivery.
   * @default { warning: 1, critical: 0.95 }
   */
  readonly deliverySuccessRatio?: SeverityThresholds;
}

/** Options for {@link deliveryStreamAlarms}. */
export interface DeliveryStreamAlarmOptions extends FactoryOptions {
  /**
   * @default - the defaults documented on {@link DeliveryStreamAlarmThresholds}
   */
  readonly thresholds?: DeliveryStreamAlarmThresholds;
}

/** Defaults for {@link deliveryStreamAlarms}. */
export const DELIVERY_STREAM_ALARM_DEFAULTS: Required<DeliveryStreamAlarmThresholds> = {
  dataFreshnessSeconds: { warning: 900, critical: 3600 },
  deliverySuccessRatio: { warning: 1, critical: 0.95 },
};

/** Alarms for a Firehose delivery stream: records getting old, deliveries failing. */
export function deliveryStreamAlarms(metrics: DeliveryStreamAlarmMetrics, options: DeliveryStreamAlarmOptions = {}): AlarmDefinition[] {
  const prefix = options.prefix ?? "delivery-stream";
  const t = { ...DELIVERY_STREAM_ALARM_DEFAULTS, ...options.thresholds };
  return [
    ...severityAlarms(
      {
        name: prefixed(prefix, "data-freshness"),
        metric: withStatistic(metrics.dataFreshness, "Maximum"),
        comparison: "GreaterThanThreshold",
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: "ignore",
        describe: (seconds, evaluation) =>
          `oldest undelivered record older than ${seconds} s on ${evaluation}: the destination is slow or failing; records are dropped after 24 h.`,
      },
      t.dataFreshnessSeconds,
    ),
    ...severityAlarms(
      {
        name: prefixed(prefix, "delivery-failures"),
        metric: withStatistic(metrics.deliverySuccess, "Average"),
        comparison: "LessThanThreshold",
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: "notBreaching",
        describe: (ratio, evaluation) => `delivery success ratio below ${ratio} on ${evaluation}: check the error log group and the error prefix.`,
      },
      t.deliverySuccessRatio,
    ),
  ];
}
