import { Token } from "cdktf";
import { assertIntegerInRange, assertLogRetentionDays, assertMatches, assertOneOf } from "../shared/validate";
import { FLINK_DEFAULTS, FLINK_LIMITS, FLINK_LOG_LEVELS, FLINK_METRICS_LEVELS, FLINK_RUNTIMES } from "./defaults";
import type { KinesisAnalyticsProps } from "./kinesis-analytics";
import { assertVpcConfig } from "./vpc";

/** The application's settings once defaults are applied. */
export type Settings = { -readonly [K in keyof typeof FLINK_DEFAULTS]: (typeof FLINK_DEFAULTS)[K] extends boolean ? boolean : (typeof FLINK_DEFAULTS)[K] extends number ? number : (typeof FLINK_DEFAULTS)[K] };

/** Applies {@link FLINK_DEFAULTS} to the props. */
export function resolveSettings(props: KinesisAnalyticsProps): Settings {
  return {
    runtime: props.runtime ?? FLINK_DEFAULTS.runtime,
    checkpointIntervalMs: props.checkpointIntervalMs ?? FLINK_DEFAULTS.checkpointIntervalMs,
    minPauseBetweenCheckpointsMs: props.minPauseBetweenCheckpointsMs ?? FLINK_DEFAULTS.minPauseBetweenCheckpointsMs,
    parallelism: props.parallelism ?? FLINK_DEFAULTS.parallelism,
    parallelismPerKpu: props.parallelismPerKpu ?? FLINK_DEFAULTS.parallelismPerKpu,
    autoScalingEnabled: props.autoScalingEnabled ?? FLINK_DEFAULTS.autoScalingEnabled,
    maxKpus: props.maxKpus ?? FLINK_DEFAULTS.maxKpus,
    snapshotsEnabled: props.snapshotsEnabled ?? FLINK_DEFAULTS.snapshotsEnabled,
    logRetentionDays: props.logRetentionDays ?? FLINK_DEFAULTS.logRetentionDays,
    logLevel: props.logLevel ?? FLINK_DEFAULTS.logLevel,
    metricsLevel: props.metricsLevel ?? FLINK_DEFAULTS.metricsLevel,
    startApplication: props.startApplication ?? FLINK_DEFAULTS.startApplication,
  };
}

/** Checks the settings against the service's limits; the message names the prop, the range and the value. */
export function validateSettings(settings: Settings, props: KinesisAnalyticsProps): void {
  assertOneOf("runtime", settings.runtime, FLINK_RUNTIMES);
  assertMatches("codeBucketArn", props.codeBucketArn, /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket ARN (arn:<partition>:s3:::<bucket>)");
  if (!Token.isUnresolved(props.codeFileKey) && (props.codeFileKey.length === 0 || props.codeFileKey.length > 1024)) {
    throw new Error(`codeFileKey must be 1 to 1024 characters, got ${props.codeFileKey.length}`);
  }
  assertIntegerInRange("checkpointIntervalMs", settings.checkpointIntervalMs, FLINK_LIMITS.minCheckpointIntervalMs, 86_400_000, "ms");
  assertIntegerInRange("minPauseBetweenCheckpointsMs", settings.minPauseBetweenCheckpointsMs, 0, 86_400_000, "ms");
  assertIntegerInRange("parallelismPerKpu", settings.parallelismPerKpu, 1, FLINK_LIMITS.maxParallelismPerKpu);
  assertIntegerInRange("maxKpus", settings.maxKpus, 1, 100_000);
  assertIntegerInRange(
    "parallelism",
    settings.parallelism,
    1,
    settings.parallelismPerKpu * settings.maxKpus,
    `(parallelismPerKpu ${settings.parallelismPerKpu} x maxKpus ${settings.maxKpus})`,
  );
  assertLogRetentionDays("logRetentionDays", settings.logRetentionDays);
  assertOneOf("logLevel", settings.logLevel, FLINK_LOG_LEVELS);
  assertOneOf("metricsLevel", settings.metricsLevel, FLINK_METRICS_LEVELS);
  if (props.vpc) assertVpcConfig(props.vpc);
}
