import type { MetricSpec } from "../shared/metric";
import type { AlarmDefinition } from "./alarm-definition";
import { withStatistic } from "./metric-math";
import { type FactoryOptions, type SeverityThresholds, prefixed, severityAlarms } from "./thresholds";

/** A dead-letter queue's metric specs, e.g. from `new QueueMetrics(queueName)`. */
export interface DeadLetterQueueAlarmMetrics {
  /** `ApproximateNumberOfMessagesVisible` (the factory uses Maximum). */
  readonly visibleMessages: MetricSpec;
  /**
   * `ApproximateAgeOfOldestMessage` (the factory uses Maximum).
   * @default - no age alarm
   */
  readonly oldestMessageAge?: MetricSpec;
}

/** Thresholds for {@link deadLetterQueueAlarms}, keyed by severity. */
export interface DeadLetterQueueAlarmThresholds {
  /**
   * Messages waiting in the dead-letter queue (1 of 1; missing data is not breaching: SQS stops
   * publishing for an empty, idle queue). Every message is a record the pipeline could not process.
   * @default { critical: 0 }
   */
  readonly visibleMessages?: SeverityThresholds;
  /**
   * Age of the oldest dead letter, in seconds (1 of 1; missing data is not breaching): SQS deletes
   * messages after the queue's retention (at most 14 days), so redrive before then.
   * @default { warning: 259200, critical: 864000 } (3 and 10 days)
   */
  readonly oldestMessageAgeSeconds?: SeverityThresholds;
}

/** Options for {@link deadLetterQueueAlarms}. */
export interface DeadLetterQueueAlarmOptions extends FactoryOptions {
  /**
   * @default - the defaults documented on {@link DeadLetterQueueAlarmThresholds}
   */
  readonly thresholds?: DeadLetterQueueAlarmThresholds;
}

/** Defaults for {@link deadLetterQueueAlarms}. */
export const DEAD_LETTER_QUEUE_ALARM_DEFAULTS: Required<DeadLetterQueueAlarmThresholds> = {
  visibleMessages: { critical: 0 },
  oldestMessageAgeSeconds: { warning: 259_200, critical: 864_000 },
};

/** Alarms for a dead-letter queue: any dead letter, and dead letters about to expire. */
export function deadLetterQueueAlarms(metrics: DeadLetterQueueAlarmMetrics, options: DeadLetterQueueAlarmOptions = {}): AlarmDefinition[] {
  const prefix = options.prefix ?? "dlq";
  const t = { ...DEAD_LETTER_QUEUE_ALARM_DEFAULTS, ...options.thresholds };
  return [
    ...severityAlarms(
      {
        name: prefixed(prefix, "depth"),
        metric: withStatistic(metrics.visibleMessages, "Maximum"),
        comparison: "GreaterThanThreshold",
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: "notBreaching",
        describe: (count, evaluation) => `more than ${count} messages in the dead-letter queue on ${evaluation}: inspect the failure reasons and redrive.`,
      },
      t.visibleMessages,
    ),
    ...(metrics.oldestMessageAge
      ? severityAlarms(
          {
            name: prefixed(prefix, "oldest-message-age"),
            metric: withStatistic(metrics.oldestMessageAge, "Maximum"),
            comparison: "GreaterThanThreshold",
            evaluationPeriods: 1,
            datapointsToAlarm: 1,
            treatMissingData: "notBreaching",
            describe: (seconds, evaluation) => `oldest dead letter older than ${seconds} s on ${evaluation}: redrive before the queue's retention deletes it.`,
          },
          t.oldestMessageAgeSeconds,
        )
      : []),
  ];
}
