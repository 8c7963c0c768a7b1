import { type MetricOptions, type MetricSpec, type MetricStatistic, metricSpec } from "../shared/metric";

/**
 * CloudWatch metrics of an OpenSearch Service domain (namespace `AWS/ES`, dimensions `DomainName` and
 * `ClientId`, the account id), built from names alone so alarms can live in another stack.
 * Statistics and periods follow AWS's recommended CloudWatch alarms for OpenSearch Service.
 */
export class DomainMetrics {
  constructor(
    readonly domainName: string,
    readonly accountId: string,
  ) {}

  /** Any domain metric by its official name; default statistic Maximum over 60 seconds. */
  metric(metricName: string, options?: MetricOptions, statistic: MetricStatistic = "Maximum", periodSeconds = 60): MetricSpec {
    return metricSpec(
      {
        namespace: "AWS/ES",
        metricName,
        dimensions: { DomainName: this.domainName, ClientId: this.accountId },
        statistic,
        periodSeconds,
      },
      options,
    );
  }

  /** 1 when at least one primary shard is unassigned. Maximum over 60 seconds. */
  metricClusterStatusRed(options?: MetricOptions): MetricSpec {
    return this.metric("ClusterStatus.red", options);
  }

  /** 1 when at least one replica shard is unassigned. Maximum over 60 seconds. */
  metricClusterStatusYellow(options?: MetricOptions): MetricSpec {
    return this.metric("ClusterStatus.yellow", options);
  }

  /** Free space of the fullest data node (MiB). Minimum over 60 seconds. */
  metricFreeStorageSpace(options?: MetricOptions): MetricSpec {
    return this.metric("FreeStorageSpace", options, "Minimum");
  }

  /** 1 when the cluster blocks writes (e.g. disk watermark or JVM pressure). Maximum over 300 seconds. */
  metricClusterIndexWritesBlocked(options?: MetricOptions): MetricSpec {
    return this.metric("ClusterIndexWritesBlocked", options, "Maximum", 300);
  }

  /** Data node CPU (percent). Maximum over 900 seconds. */
  metricCPUUtilization(options?: MetricOptions): MetricSpec {
    return this.metric("CPUUtilization", options, "Maximum", 900);
  }

  /** Data node JVM heap in use (percent). Maximum over 300 seconds. */
  metricJVMMemoryPressure(options?: MetricOptions): MetricSpec {
    return this.metric("JVMMemoryPressure", options, "Maximum", 300);
  }

  /** 1 when an automated snapshot failed. Maximum over 60 seconds. */
  metricAutomatedSnapshotFailure(options?: MetricOptions): MetricSpec {
    return this.metric("AutomatedSnapshotFailure", options);
  }
}
