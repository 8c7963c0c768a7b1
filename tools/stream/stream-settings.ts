import type { StreamDescriptionSummary } from "@aws-sdk/client-kinesis";
import type { EnvironmentConfig } from "../../envs/schema/environment";
import type { PipelineConfig } from "../../envs/schema/pipeline";
import { AWS_MANAGED_KINESIS_KEY, MIN_RETENTION_HOURS } from "../../modules/kinesis-ingest/defaults";
import { pipelineNames } from "../../stacks/naming";
import type { StreamRole } from "./target";

/** What envs/ gives one of a pipeline's streams, in the Kinesis API's terms: what the stream stack deploys. */
export interface StreamSettings {
  readonly streamName: string;
  readonly mode: "ON_DEMAND" | "PROVISIONED";
  /** Provisioned mode only. */
  readonly shardCount?: number;
  readonly retentionHours: number;
  /** `aws-managed` uses `alias/aws/kinesis`; `customer-managed` the alias the stream stack gives its key. */
  readonly encryption: { readonly kind: "aws-managed" | "customer-managed"; readonly keyId: string };
  readonly shardLevelMetrics: readonly string[];
}

/**
 * The settings of a pipeline's stream (or output stream), as the stream stack deploys them.
 * `kmsKeyId` replaces the customer-managed key's alias (a sandbox without the stream stack's key).
 */
export function streamSettingsOf(env: EnvironmentConfig, pipeline: PipelineConfig, role: StreamRole, kmsKeyId?: string): StreamSettings {
  const config = pipeline[role];
  if (!config || !config.enabled) throw new Error(`pipeline ${pipeline.name} in ${env.name} has no ${role} enabled`);
  const names = pipelineNames(env, pipeline.name).stream(role);
  const customer = config.encryption === "customer-managed";
  return {
    streamName: names.streamName,
    mode: config.mode === "provisioned" ? "PROVISIONED" : "ON_DEMAND",
    ...(config.mode === "provisioned" && config.shardCount !== undefined ? { shardCount: config.shardCount } : {}),
    retentionHours: config.retentionHours ?? MIN_RETENTION_HOURS,
    encryption: { kind: customer ? "customer-managed" : "aws-managed", keyId: customer ? (kmsKeyId ?? names.encryptionKeyAliasName) : AWS_MANAGED_KINESIS_KEY },
    shardLevelMetrics: [...config.shardLevelMetrics],
  };
}

/** One line: `ON_DEMAND, 168 h retention, KMS alias/acme-prod-transactions-stream`. */
export function describeSettings(settings: StreamSettings): string {
  const mode = settings.mode === "PROVISIONED" ? `PROVISIONED with ${settings.shardCount} shard${settings.shardCount === 1 ? "" : "s"}` : "ON_DEMAND";
  return `${mode}, ${settings.retentionHours} h retention, KMS ${settings.encryption.keyId} (${settings.encryption.kind})`;
}

/**
 * How a live stream differs from its settings in envs/: mode, shard count (provisioned), retention
 * and encryption, one line each; empty when it matches. A customer-managed key the stream names by
 * ARN or id (as Terraform sets it) cannot be matched to the alias without KMS, so only "not the
 * AWS-managed key" is checked then.
 */
export function streamDifferences(summary: StreamDescriptionSummary, settings: StreamSettings): string[] {
  const differences: string[] = [];
  const mode = summary.StreamModeDetails?.StreamMode ?? "PROVISIONED";
  if (mode !== settings.mode) differences.push(`mode: envs/ says ${settings.mode}, the stream is ${mode}`);
  else if (settings.mode === "PROVISIONED" && settings.shardCount !== undefined && summary.OpenShardCount !== settings.shardCount) {
    differences.push(`shard count: envs/ says ${settings.shardCount}, the stream has ${summary.OpenShardCount} open shards`);
  }
  if (summary.RetentionPeriodHours !== settings.retentionHours) {
    differences.push(`retention: envs/ says ${settings.retentionHours} h, the stream keeps ${summary.RetentionPeriodHours} h`);
  }
  const type = summary.EncryptionType ?? "NONE";
  const keyId = summary.KeyId;
  const expected = settings.encryption;
  if (type !== "KMS") {
    differences.push(`encryption: envs/ says KMS with ${expected.keyId} (${expected.kind}), the stream is ${type === "NONE" ? "not encrypted" : type}`);
  } else if (expected.kind === "aws-managed" ? keyId !== AWS_MANAGED_KINESIS_KEY : keyId === AWS_MANAGED_KINESIS_KEY || (keyId?.startsWith("alias/") === true && keyId !== expected.keyId)) {
    differences.push(`encryption: envs/ says KMS with ${expected.keyId} (${expected.kind}), the stream uses ${keyId ?? "no key id"}`);
  }
  return differences;
}
