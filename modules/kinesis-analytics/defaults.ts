/** Flink runtimes this module deploys; older ones are out of standard support. */
export const FLINK_RUNTIMES = ["FLINK-1_20", "FLINK-1_19"] as const;

/** A supported Managed Service for Apache Flink runtime. */
export type FlinkRuntime = (typeof FLINK_RUNTIMES)[number];

/** Log levels the service accepts for the application's CloudWatch logs. */
export const FLINK_LOG_LEVELS = ["INFO", "WARN", "ERROR", "DEBUG"] as const;

/** Metric granularities the service accepts; finer levels publish more metrics (and cost more). */
export const FLINK_METRICS_LEVELS = ["APPLICATION", "OPERATOR", "TASK", "PARALLELISM"] as const;

/** The documented defaults of {@link KinesisAnalytics}. */
export const FLINK_DEFAULTS = {
  runtime: "FLINK-1_20" as FlinkRuntime,
  /** One minute, the service's own default interval. */
  checkpointIntervalMs: 60_000,
  minPauseBetweenCheckpointsMs: 5_000,
  parallelism: 1,
  parallelismPerKpu: 1,
  autoScalingEnabled: true,
  /** The service quota of KPUs per application. */
  maxKpus: 64,
  snapshotsEnabled: true,
  logRetentionDays: 30,
  logLevel: "INFO" as (typeof FLINK_LOG_LEVELS)[number],
  metricsLevel: "APPLICATION" as (typeof FLINK_METRICS_LEVELS)[number],
  startApplication: false,
} as const;

/** Service limits checked at synth. */
export const FLINK_LIMITS = {
  /** Shortest checkpoint interval we accept: shorter ones leave the job busy checkpointing. */
  minCheckpointIntervalMs: 1_000,
  maxParallelismPerKpu: 8,
  maxPropertyGroups: 50,
  maxPropertiesPerGroup: 50,
  maxPropertyLength: 2048,
  maxPropertyGroupIdLength: 50,
  maxSecurityGroups: 5,
  maxSubnets: 16,
} as const;
