import { type MetricOptions, type MetricSpec, type MetricStatistic, metricSpec } from "../shared/metric";

/**
 * Metrics of a Managed Service for Apache Flink application (namespace `AWS/KinesisAnalytics`,
 * dimension `Application`), constructible from the application's name alone so an alarms stack can
 * build them without the application construct.
 */
export class FlinkMetrics {
  constructor(readonly applicationName: string) {}

  /** Any application-level metric by name. */
  metric(metricName: string, statistic: MetricStatistic, periodSeconds: number, options?: MetricOptions): MetricSpec {
    return metricSpec(
      { namespace: "AWS/KinesisAnalytics", metricName, dimensions: { Application: this.applicationName }, statistic, periodSeconds },
      options,
    );
  }

  /** `millisBehindLatest`: how far the Kinesis source is behind the tip of the stream (ms). Default Maximum over 60 s. */
  metricMillisBehindLatest(options?: MetricOptions): MetricSpec {
    return this.metric("millisBehindLatest", "Maximum", 60, options);
  }

  /** `lastCheckpointDuration`: how long the last checkpoint took (ms). Default Maximum over 60 s. */
  metricLastCheckpointDuration(options?: MetricOptions): MetricSpec {
    return this.metric("lastCheckpointDuration", "Maximum", 60, options);
  }

  /** `lastCheckpointSize`: size of the last checkpoint (bytes). Default Maximum over 60 s. */
  metricLastCheckpointSize(options?: MetricOptions): MetricSpec {
    return this.metric("lastCheckpointSize", "Maximum", 60, options);
  }

  /** `numberOfFailedCheckpoints`: failed checkpoints since the job started (a counter). Default Maximum over 60 s. */
  metricNumberOfFailedCheckpoints(options?: MetricOptions): MetricSpec {
    return this.metric("numberOfFailedCheckpoints", "Maximum", 60, options);
  }

  /** `downtime`: time the job has been failing or restarting (ms), 0 while running. Default Maximum over 60 s. */
  metricDowntime(options?: MetricOptions): MetricSpec {
    return this.metric("downtime", "Maximum", 60, options);
  }

  /** `uptime`: time the job has been running without interruption (ms). Default Minimum over 60 s. */
  metricUptime(options?: MetricOptions): MetricSpec {
    return this.metric("uptime", "Minimum", 60, options);
  }

  /** `fullRestarts`: full restarts since the job was submitted (a counter). Default Maximum over 60 s. */
  metricFullRestarts(options?: MetricOptions): MetricSpec {
    return this.metric("fullRestarts", "Maximum", 60, options);
  }

  /** `KPUs`: Kinesis Processing Units in use (billing and autoscaling). Default Average over 60 s. */
  metricKpus(options?: MetricOptions): MetricSpec {
    return this.metric("KPUs", "Average", 60, options);
  }

  /** `cpuUtilization`: CPU use across task managers (%). Default Maximum over 60 s. */
  metricCpuUtilization(options?: MetricOptions): MetricSpec {
    return this.metric("cpuUtilization", "Maximum", 60, options);
  }

  /** `heapMemoryUtilization`: heap use across task managers (%). Default Maximum over 60 s. */
  metricHeapMemoryUtilization(options?: MetricOptions): MetricSpec {
    return this.metric("heapMemoryUtilization", "Maximum", 60, options);
  }
}
