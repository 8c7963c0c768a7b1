import {
  CreateStreamCommand, DeleteStreamCommand, DescribeStreamSummaryCommand, EnableEnhancedMonitoringCommand,
  IncreaseStreamRetentionPeriodCommand, StartStreamEncryptionCommand, type KinesisClient, type MetricsName,
  type StreamDescriptionSummary,
} from "@aws-sdk/client-kinesis";
import { MIN_RETENTION_HOURS } from "../../modules/kinesis-ingest/defaults";
import { CliError } from "./io";
import type { StreamSettings } from "./stream-settings";

/** Options of {@link createStream} and {@link deleteStream}. */
export interface LifecycleOptions {
  /**
   * How long to wait for the stream to be ACTIVE (or gone).
   * @default 300000
   */
  readonly timeoutMs?: number;
  /**
   * Wait between DescribeStreamSummary polls.
   * @default 1000
   */
  readonly pollMs?: number;
  /**
   * Told each step as it is done.
   * @default - nothing is told
   */
  readonly onStep?: (step: string) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends one configuration call; a server that does not implement it (kinesalite) is named with the call. */
async function configure(client: KinesisClient, streamName: string, call: string, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if ((error as Error).name !== "UnknownOperationException") throw error;
    const endpoint = process.env.AWS_ENDPOINT_URL_KINESIS ?? process.env.AWS_ENDPOINT_URL ?? "this Kinesis endpoint";
    throw new CliError(`${endpoint} does not implement ${call}: stream ${streamName} exists without it (kinesalite lacks it; kinesis-mock, moto and AWS have it). Delete it with npm run stream -- delete`);
  }
}

/** Polls until the stream is ACTIVE: retention, monitoring and encryption changes are refused before. */
async function waitActive(client: KinesisClient, streamName: string, options: LifecycleOptions): Promise<StreamDescriptionSummary> {
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  for (;;) {
    const summary = (await client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }))).StreamDescriptionSummary!;
    if (summary.StreamStatus === "ACTIVE") return summary;
    if (Date.now() >= deadline) throw new CliError(`stream ${streamName} is still ${summary.StreamStatus} after ${Math.round((options.timeoutMs ?? 300_000) / 1000)} s`);
    await sleep(options.pollMs ?? 1000);
  }
}

/**
 * Creates a stream with a pipeline's settings, in the order Kinesis accepts them: CreateStream
 * (mode, shard count when provisioned), then, once ACTIVE, IncreaseStreamRetentionPeriod (above 24 h),
 * EnableEnhancedMonitoring (shard-level metrics) and StartStreamEncryption, each waiting for ACTIVE.
 * An existing stream is an error: it is left as it is.
 */
export async function createStream(client: KinesisClient, settings: StreamSettings, options: LifecycleOptions = {}): Promise<StreamDescriptionSummary> {
  const { streamName } = settings;
  const step = options.onStep ?? (() => {});
  try {
    await client.send(new CreateStreamCommand({
      StreamName: streamName,
      StreamModeDetails: { StreamMode: settings.mode },
      ...(settings.mode === "PROVISIONED" ? { ShardCount: settings.shardCount } : {}),
    }));
  } catch (error) {
    if ((error as Error).name === "ResourceInUseException") {
      throw new CliError(`stream ${streamName} already exists: left as it is (compare it with envs/: npm run stream -- smoke; remove it: npm run stream -- delete)`);
    }
    throw error;
  }
  step(`created ${streamName} (${settings.mode === "PROVISIONED" ? `PROVISIONED, ${settings.shardCount} shard${settings.shardCount === 1 ? "" : "s"}` : "ON_DEMAND"})`);
  await waitActive(client, streamName, options);
  if (settings.retentionHours > MIN_RETENTION_HOURS) {
    await configure(client, streamName, "IncreaseStreamRetentionPeriod", () => client.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: streamName, RetentionPeriodHours: settings.retentionHours })));
    step(`retention set to ${settings.retentionHours} h`);
    await waitActive(client, streamName, options);
  }
  if (settings.shardLevelMetrics.length > 0) {
    await configure(client, streamName, "EnableEnhancedMonitoring", () => client.send(new EnableEnhancedMonitoringCommand({ StreamName: streamName, ShardLevelMetrics: settings.shardLevelMetrics as MetricsName[] })));
    step(`shard-level metrics enabled: ${settings.shardLevelMetrics.join(", ")}`);
    await waitActive(client, streamName, options);
  }
  await configure(client, streamName, "StartStreamEncryption", () => client.send(new StartStreamEncryptionCommand({ StreamName: streamName, EncryptionType: "KMS", KeyId: settings.encryption.keyId })));
  step(`encryption started with ${settings.encryption.keyId} (${settings.encryption.kind})`);
  return waitActive(client, streamName, options);
}

/** Deletes a stream and waits until it is gone. An unknown stream is an error. */
export async function deleteStream(client: KinesisClient, streamName: string, options: LifecycleOptions = {}): Promise<void> {
  await client.send(new DeleteStreamCommand({ StreamName: streamName }));
  options.onStep?.(`deleting ${streamName}`);
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  for (;;) {
    try {
      await client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
    } catch (error) {
      if ((error as Error).name === "ResourceNotFoundException") return;
      throw error;
    }
    if (Date.now() >= deadline) throw new CliError(`stream ${streamName} still exists ${Math.round((options.timeoutMs ?? 300_000) / 1000)} s after DeleteStream`);
    await sleep(options.pollMs ?? 1000);
  }
}
