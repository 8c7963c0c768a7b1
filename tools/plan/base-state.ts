import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EnvironmentConfig } from "../../envs/schema/environment";
import { localStatePath, providerTargetSettings } from "../../stacks/provider-settings";
import { inDependencyOrder } from "../deploy/order";
import { applyStack } from "../deploy/stack-terraform";
import { localGapResources, mappingsOnStreams, withoutLocalGaps } from "../deploy/local-gaps";
import { STACK_CONCURRENCY } from "../deploy/deploy";
import { REPO_ROOT, ensureCliConfig, terraformEnv } from "../terraform/cli-config";

/** Provider arguments that say where a stack deploys; the base's are replaced by the local target's. */
const TARGET_ARGUMENTS = [
  "access_key",
  "secret_key",
  "skip_credentials_validation",
  "skip_requesting_account_id",
  "skip_metadata_api_check",
  "allowed_account_ids",
  "endpoints",
  "s3_use_path_style",
];

/** One stack of the base revision, synthesized and pointed at the local AWS API. */
export interface BaseStack {
  readonly name: string;
  readonly dir: string;
  readonly dependsOn: readonly string[];
  /** What the base declares of the resources the local AWS API lacks (left out of its deployment), by address. */
  readonly leftOut: Readonly<Record<string, string>>;
}

/** The commit a ref names, or a clear error. */
export function resolveCommit(ref: string): string {
  const result = spawnSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: REPO_ROOT, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`BASE=${ref} is not a commit of this repository (git rev-parse found nothing).`);
  return result.stdout.trim();
}

const toSnake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Rewrites a base stack synthesized in plan-only mode (which every revision can do) for the local
 * target: its providers get the local endpoints and credentials, its backend the local state path the
 * working tree's local synth uses. Resources are left exactly as the base declares them.
 */
export function retargetStackConfig(config: Record<string, any>, env: EnvironmentConfig, stack: string, vars: NodeJS.ProcessEnv): Record<string, any> {
  const local = Object.fromEntries(
    Object.entries(providerTargetSettings("local", env.accountId, vars)).map(([key, value]) => [toSnake(key), value]),
  );
  const providers = (config.provider?.aws ?? []) as Record<string, unknown>[];
  const aws = providers.map((provider) => ({
    ...Object.fromEntries(Object.entries(provider).filter(([key]) => !TARGET_ARGUMENTS.includes(key))),
    ...local,
  }));
  return {
    ...withoutLocalGaps(config),
    provider: { ...config.provider, aws },
    terraform: { ...config.terraform, backend: { local: { path: localStatePath(env.name, stack, vars) } } },
  };
}

/**
 * Extracts `commit` into build/plan-base/<commit>/src (git archive: no worktree left behind), synthesizes
 * `env` there with the base's own code in plan-only mode, and retargets every stack at the local AWS API.
 */
export function synthesizeBase(commit: string, env: EnvironmentConfig, vars: NodeJS.ProcessEnv): BaseStack[] {
  const root = join(REPO_ROOT, "build", "plan-base", commit);
  const src = join(root, "src");
  const out = join(root, "out", env.name);
  if (!existsSync(join(src, "package.json"))) {
    rmSync(src, { recursive: true, force: true });
    mkdirSync(src, { recursive: true });
    const archive = execFileSync("git", ["archive", "--format=tar", commit], { cwd: REPO_ROOT, maxBuffer: 1 << 30 });
    execFileSync("tar", ["-x", "-C", src], { input: archive });
    // The base runs with this checkout's installed packages: a base whose lockfile differs is planned with ours.
    symlinkSync(join(REPO_ROOT, "node_modules"), join(src, "node_modules"));
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const synth = spawnSync(join(REPO_ROOT, "node_modules", ".bin", "tsx"), ["main.ts"], {
    cwd: src,
    encoding: "utf8",
    env: { ...process.env, STREAMING_PLAN_ONLY: "1", STREAMING_TARGET: "", STREAMING_ENV: env.name, CDKTF_OUTDIR: out },
  });
  if (synth.status !== 0) throw new Error(`The base revision ${commit.slice(0, 12)} does not synthesize ${env.name}:\n${synth.stderr}`);
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as {
    stacks: Record<string, { name: string; workingDirectory: string; dependencies?: string[] }>;
  };
  return Object.values(manifest.stacks)
    .filter((stack) => existsSync(join(out, stack.workingDirectory, "cdk.tf.json")))
    .map((stack) => {
      const dir = join(out, stack.workingDirectory);
      const file = join(dir, "cdk.tf.json");
      const config = JSON.parse(readFileSync(file, "utf8"));
      writeFileSync(file, JSON.stringify(retargetStackConfig(config, env, stack.name, vars), null, 2));
      return { name: stack.name, dir, dependsOn: stack.dependencies ?? [], leftOut: localGapResources(config) };
    });
}

/** Applies the base's stacks to the local AWS API in deployment order, so the working tree plans against their state. */
export async function deployBase(stacks: readonly BaseStack[], vars: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  const tfEnv = terraformEnv(ensureCliConfig(), vars);
  await inDependencyOrder(stacks, STACK_CONCURRENCY, async (stack) => {
    await applyStack({ name: stack.name, dir: stack.dir, env: tfEnv });
    log(`base deployed  ${stack.name}`);
  });
}

/**
 * Makes the working tree's stack in `dir` comparable with its base: a resource the local AWS API lacks
 * is not in the base's state, so the working tree's copy would plan as a creation. Where the working
 * tree declares it exactly as the base does, it is unchanged and is left out of the plan too; where it
 * differs or is new, it stays and plans as a creation. Returns the addresses that stayed.
 */
export function alignLocalGaps(dir: string, base: BaseStack | undefined): string[] {
  const file = join(dir, "cdk.tf.json");
  const config = JSON.parse(readFileSync(file, "utf8")) as { resource?: Record<string, Record<string, unknown>> };
  const kept: string[] = [];
  for (const [address, declaration] of Object.entries(localGapResources(config))) {
    const [type, name] = address.split(".") as [string, string];
    if (base?.leftOut[address] === declaration) delete config.resource![type]![name];
    else kept.push(address);
  }
  for (const [type, byName] of Object.entries(config.resource ?? {})) if (Object.keys(byName).length === 0) delete config.resource![type];
  // The base's mappings were deployed on their consumers' streams; so are the working tree's.
  if (config.resource) config.resource = mappingsOnStreams(config.resource) as typeof config.resource;
  writeFileSync(file, JSON.stringify(config, null, 2));
  return kept;
}

/** The base stacks the working tree no longer has: their plan is a destroy. */
export function removedStacks(base: readonly BaseStack[], current: readonly string[]): BaseStack[] {
  return base.filter((stack) => !current.includes(stack.name));
}

/** Folders under build/plan-base other than `keep`, left by earlier runs. */
export function staleBaseTrees(keep: string): string[] {
  const dir = join(REPO_ROOT, "build", "plan-base");
  return existsSync(dir) ? readdirSync(dir).filter((name) => name !== keep && name !== "state") : [];
}
