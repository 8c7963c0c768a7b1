import type { EnvironmentConfig } from "../../envs/schema/environment";
import type { PipelineConfig } from "../../envs/schema/pipeline";
import { loadEnvironment, listEnvironments } from "../../envs/load";
import { type StreamSource, pipelineNames } from "../../stacks/naming";
import { UsageError } from "./io";

/** Which of a pipeline's streams: its input `stream` or the `outputStream` analytics and processors write. */
export type StreamRole = StreamSource;

/** A stream to read or write, with where its name came from. */
export interface StreamTarget {
  readonly streamName: string;
  /** The environment's region; undefined with a bare `--stream` (the SDK's chain decides). */
  readonly region?: string;
  readonly env?: EnvironmentConfig;
  readonly pipeline?: PipelineConfig;
}

/** The flags every stream command takes to name its stream. */
export interface TargetFlags {
  readonly env?: string;
  readonly pipeline?: string;
  /** A raw stream name, overriding the name derived from env and pipeline. */
  readonly stream?: string;
  readonly region?: string;
  /** @default "stream" */
  readonly role?: StreamRole;
}

/** The name the stacks give a pipeline's stream (stacks/naming.ts). */
export function pipelineStreamName(env: EnvironmentConfig, pipeline: string, role: StreamRole = "stream"): string {
  return pipelineNames(env, pipeline).stream(role).streamName;
}

/** The archive bucket the archive stack creates for a pipeline (stacks/naming.ts). */
export function pipelineArchiveBucketName(env: EnvironmentConfig, pipeline: string): string {
  return pipelineNames(env, pipeline).archive().bucketName;
}

/** Loads an environment, turning an unknown name into a usage error that lists the known ones. */
export function environmentNamed(name: string): EnvironmentConfig {
  const known = listEnvironments();
  if (!known.includes(name)) throw new UsageError(`unknown environment "${name}": expected one of ${known.join(", ")} (files in envs/)`);
  return loadEnvironment(name);
}

/** A pipeline of an environment, or a usage error listing the environment's pipelines. */
export function pipelineNamed(env: EnvironmentConfig, name: string): PipelineConfig {
  const pipeline = env.pipelines.find((p) => p.name === name);
  if (!pipeline) throw new UsageError(`unknown pipeline "${name}" in environment ${env.name}: expected one of ${env.pipelines.map((p) => p.name).join(", ") || "(none)"}`);
  return pipeline;
}

/**
 * Resolves the stream a command works on: `--env` and `--pipeline` (the normal way: names come
 * from envs/ as the stacks derive them), or `--stream` for a stream outside the platform.
 */
export function resolveStream(flags: TargetFlags): StreamTarget {
  const role = flags.role ?? "stream";
  if (flags.env === undefined) {
    if (flags.stream === undefined) throw new UsageError("name the stream with --env <name> --pipeline <name> (or --stream <stream-name>)");
    if (flags.pipeline !== undefined) throw new UsageError("--pipeline needs --env");
    return { streamName: flags.stream, ...(flags.region !== undefined ? { region: flags.region } : {}) };
  }
  const env = environmentNamed(flags.env);
  if (flags.pipeline === undefined) throw new UsageError(`--env ${flags.env} needs --pipeline (one of ${env.pipelines.map((p) => p.name).join(", ")})`);
  const pipeline = pipelineNamed(env, flags.pipeline);
  const component = pipeline[role];
  if (flags.stream === undefined && (!component || !component.enabled)) {
    throw new UsageError(`pipeline ${pipeline.name} in ${env.name} has no ${role === "stream" ? "stream" : "outputStream"} enabled`);
  }
  return { streamName: flags.stream ?? pipelineStreamName(env, pipeline.name, role), region: flags.region ?? env.region, env, pipeline };
}
