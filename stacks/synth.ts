import { App } from "cdktf";
import { ConfigError } from "../envs/errors";
import { listEnvironments, loadEnvironment } from "../envs/load";
import type { EnvironmentConfig } from "../envs/schema/environment";
import { type PlannedStack, buildEnvironmentStacks } from "./app";
import type { DeploymentMode } from "./deployment";

/** Every environment's configuration problems, gathered before anything is synthesized. */
export class ConfigErrors extends Error {
  constructor(readonly errors: readonly ConfigError[]) {
    super(errors.map((error) => error.message).join("\n\n"));
    this.name = "ConfigErrors";
  }
}

/** Loads and validates every named environment (all by default); throws {@link ConfigErrors} listing all problems. */
export function loadEnvironments(names: readonly string[] = listEnvironments()): EnvironmentConfig[] {
  const loaded: EnvironmentConfig[] = [];
  const errors: ConfigError[] = [];
  for (const name of names) {
    try {
      loaded.push(loadEnvironment(name));
    } catch (error) {
      if (error instanceof ConfigError) errors.push(error);
      else throw error;
    }
  }
  if (errors.length > 0) throw new ConfigErrors(errors);
  return loaded;
}

/** Options of {@link synthesize}. */
export interface SynthOptions {
  readonly environments: readonly EnvironmentConfig[];
  readonly mode: DeploymentMode;
  /** @default - `CDKTF_OUTDIR`, else `cdktf.out` */
  readonly outdir?: string;
}

/**
 * Creates every enabled stack of the given environments and writes `<outdir>/stacks/<stack>/cdk.tf.json`.
 * Throws {@link ConfigErrors} when a module refuses a setting, naming the file and field.
 */
export function synthesize(options: SynthOptions): PlannedStack[] {
  // No stack traces in construct metadata: nothing reads them, and capturing them is a good part of synth time.
  const app = new App({ outdir: options.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out", stackTraces: false });
  const errors: ConfigError[] = [];
  const planned = options.environments.flatMap((env) => {
    try {
      return buildEnvironmentStacks(app, env, options.mode);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      errors.push(error);
      return [];
    }
  });
  if (errors.length > 0) throw new ConfigErrors(errors);
  app.synth();
  return planned;
}
