import type { MetricSpec } from "../shared/metric";
import { assertNumberInRange } from "../shared/validate";
import type { AlarmDefinition } from "./alarm-definition";
import { mathExpression, withStatistic } from "./metric-math";
import { type FactoryOptions, type SeverityThresholds, prefixed, severityAlarms } from "./thresholds";

/** An OpenSearch domain's metric specs, e.g. from `new DomainMetrics(domainName, accountId)`. */
export interface DomainAlarmMetrics {
  /** `ClusterStatus.red` (the factory uses Maximum). */
  readonly clusterStatusRed: MetricSpec;
  /** `ClusterStatus.yellow` (the factory uses Maximum). */
  readonly clusterStatusYellow: MetricSpec;
  /** `FreeStorageSpace` in MiB, per node (the factory uses Minimum: the fullest node). */
  readonly freeStorageSpace: MetricSpec;
  /**
   * `ClusterIndexWritesBlocked` (the factory uses Maximum).
   * @default - no writes-blocked alarm
   */
  readonly clusterIndexWritesBlocked?: MetricSpec;
}

/** Thresholds for {@link domainAlarms}, keyed by severity. */
export interface DomainAlarmThresholds {
  /**
   * Red status: at least one primary shard unassigned (1 of 1 one-minute periods; missing data ignored).
   * The threshold is the status flag, so leave it at 1.
   * @default { critical: 1 }
   */
  readonly clusterStatusRed?: SeverityThresholds;
  /**
   * Yellow status: replica shards unassigned (5 of 5; missing data ignored). Expected on a one-node domain.
   * @default { warning: 1 }
   */
  readonly clusterStatusYellow?: SeverityThresholds;
  /**
   * Alarm when the fullest node's free storage falls below this percentage of its volume (1 of 1; missing
   * data ignored). At 5% free OpenSearch blocks writes.
   * @default { warning: 25, critical: 10 }
   */
  readonly freeStoragePercent?: SeverityThresholds;
  /**
   * Writes blocked (1 of 1; missing data ignored); the threshold is the flag, leave it at 1.
   * @default { critical: 1 }
   */
  readonly clusterIndexWritesBlocked?: SeverityThresholds;
}

/** Options for {@link domainAlarms}. */
export interface DomainAlarmOptions extends FactoryOptions {
  /** EBS volume size of each data node, in GiB: the base of the free-storage percentage. */
  readonly volumeSizeGiB: number;
  /**
   * @default - the defaults documented on {@link DomainAlarmThresholds}
   */
  readonly thresholds?: DomainAlarmThresholds;
}

/** Defaults for {@link domainAlarms}. */
export const DOMAIN_ALARM_DEFAULTS: Required<DomainAlarmThresholds> = {
  clusterStatusRed: { critical: 1 },
  clusterStatusYellow: { warning: 1 },
  freeStoragePercent: { warning: 25, critical: 10 },
  clusterIndexWritesBlocked: { critical: 1 },
};

/** Alarms for an OpenSearch domain: red and yellow status, free storage, blocked writes. */
export function domainAlarms(metrics: DomainAlarmMetrics, options: DomainAlarmOptions): AlarmDefinition[] {
  const prefix = options.prefix ?? "domain";
  assertNumberInRange("volumeSizeGiB", options.volumeSizeGiB, 10, 24_576);
  const t = { ...DOMAIN_ALARM_DEFAULTS, ...options.thresholds };
  const volumeMiB = options.volumeSizeGiB * 1024;
  const flag = (name: string, metric: MetricSpec, periods: number, what: string, thresholds: SeverityThresholds) =>
    severityAlarms(
      {
        name: prefixed(prefix, name),
        metric: withStatistic(metric, "Maximum"),
        comparison: "GreaterThanOrEqualToThreshold",
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        treatMissingData: "ignore",
        describe: (_, evaluation) => `${what} on ${evaluation}.`,
      },
      thresholds,
    );
  return [
    ...flag("cluster-red", metrics.clusterStatusRed, 1, "cluster status red: primary shards unassigned, indexing fails", t.clusterStatusRed),
    ...flag("cluster-yellow", metrics.clusterStatusYellow, 5, "cluster status yellow: replica shards unassigned", t.clusterStatusYellow),
    ...severityAlarms(
      {
        name: prefixed(prefix, "free-storage"),
        metric: mathExpression(`100 * free / ${volumeMiB}`, { free: withStatistic(metrics.freeStorageSpace, "Minimum") }, "Free storage (%)"),
        comparison: "LessThanThreshold",
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: "ignore",
        describe: (percent, evaluation) =>
          `fullest node has less than ${percent}% of its ${options.volumeSizeGiB} GiB free on ${evaluation}: writes are blocked at 5%.`,
      },
      t.freeStoragePercent,
    ),
    ...(metrics.clusterIndexWritesBlocked
      ? flag("writes-blocked", metrics.clusterIndexWritesBlocked, 1, "index writes blocked: deliveries fail", t.clusterIndexWritesBlocked)
      : []),
  ];
}
