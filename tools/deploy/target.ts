import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import type { EnvironmentConfig } from "../../envs/schema/environment";
import { type PlannedStack, buildEnvironmentStacks } from "../../stacks/app";
import type { DeploymentMode } from "../../stacks/deployment";
import { localEndpoint } from "../../stacks/provider-settings";
import { REPO_ROOT, ensureCliConfig, terraformEnv } from "../terraform/cli-config";
import { type LocalAwsServer, localAwsPort, startLocalAws } from "../local/aws-server";

/** Starts the local AWS API (detached, with the environment's account) unless it already listens. */
export async function ensureLocalAws(target: SynthesizedTarget): Promise<void> {
  if (target.mode === "local") await startLocalAws({ accountId: target.env.accountId, detached: true, port: Number(new URL(target.endpoint!).port) });
}
import type { StackDir } from "./stack-terraform";
import { readFileSync, writeFileSync } from "node:fs";
import { withoutLocalGaps } from "./local-gaps";
import { disposable } from "./disposable";

/** An environment synthesized for one target, ready for Terraform. */
export interface SynthesizedTarget {
  readonly env: EnvironmentConfig;
  readonly mode: Exclude<DeploymentMode, "plan-only">;
  /** Every stack of the environment, in deployment order, with its folder. */
  readonly stacks: readonly (PlannedStack & StackDir)[];
  /** The local AWS endpoint (local mode only). */
  readonly endpoint?: string;
  /** Stacks the target cannot deploy, with the reason (local mode: the emulator gaps in docs/local-aws-gaps.md). */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

/**
 * Components the local AWS API cannot create, each with its entry in docs/local-aws-gaps.md. Only the
 * local target skips them; real AWS gets every stack.
 */
export const LOCAL_UNSUPPORTED_COMPONENTS: Readonly<Record<string, string>> = {
  analytics:
    "moto's Kinesis Analytics v2 CreateApplication answers a timestamp the provider cannot decode (docs/local-aws-gaps.md, Kinesis Analytics v2)",
  search: "the provider's OpenSearch domain waiters never finish against moto (docs/local-aws-gaps.md, OpenSearch)",
};

/** Where a target's stacks are synthesized: apart from `make plan`'s `cdktf.out`, one folder per local server. */
export function targetOutdir(mode: Exclude<DeploymentMode, "plan-only">, env: NodeJS.ProcessEnv = process.env): string {
  return mode === "local" ? join(REPO_ROOT, "build", "deploy", `local-${new URL(localEndpoint(env)).port}`) : join(REPO_ROOT, "build", "deploy", "aws");
}

/** Options of {@link synthesizeTarget}. */
export interface SynthesizeTargetOptions {
  /** @default - the detached server on LOCAL_AWS_PORT, started when none listens */
  readonly server?: LocalAwsServer;
  /** `LOCAL_AWS_PORT` and `LOCAL_STATE_DIR` for this target only. @default - the process environment's */
  readonly vars?: Readonly<Record<string, string>>;
}

/**
 * Synthesizes `env` for real AWS or the local AWS API, and gives each stack its folder and Terraform
 * environment. Nothing is started: see {@link ensureLocalAws}.
 */
export function synthesizeTarget(
  env: EnvironmentConfig,
  mode: Exclude<DeploymentMode, "plan-only">,
  options: SynthesizeTargetOptions = {},
): SynthesizedTarget {
  const vars = { ...process.env, ...options.vars };
  const endpoint = mode === "local" ? (options.server?.endpoint ?? localEndpoint(vars)) : undefined;
  const outdir = targetOutdir(mode, vars);
  mkdirSync(outdir, { recursive: true });
  // The stacks read the local endpoint and state folder from the process environment while they are
  // built; synthesis is synchronous, so setting them around it cannot leak into another target's.
  const saved = { ...process.env };
  Object.assign(process.env, options.vars);
  let planned: PlannedStack[];
  try {
    const app = new App({ outdir, stackTraces: false });
    planned = buildEnvironmentStacks(app, env, mode);
    app.synth();
  } finally {
    for (const key of Object.keys(options.vars ?? {})) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
  const tfEnv = terraformEnv(ensureCliConfig());
  const unsupported = (component: string) => (mode === "local" ? LOCAL_UNSUPPORTED_COMPONENTS[component] : undefined);
  const stacks = planned.filter((stack) => !unsupported(stack.component)).map((stack) => ({ ...stack, dir: join(outdir, "stacks", stack.name), env: tfEnv }));
  if (mode === "local") {
    // One rewrite per stack: without what moto lacks, and throwaway.
    for (const stack of stacks) {
      const file = join(stack.dir, "cdk.tf.json");
      writeFileSync(file, JSON.stringify(disposable(withoutLocalGaps(JSON.parse(readFileSync(file, "utf8")))), null, 2));
    }
  }
  const skipped = planned.filter((stack) => unsupported(stack.component)).map((stack) => ({ name: stack.name, reason: unsupported(stack.component)! }));
  return { env, mode, stacks, endpoint, skipped };
}
