import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

/** What a Terraform command printed and how it ended. */
export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `terraform <args>` in `cwd`, collecting its output; never throws on a non-zero exit. With
 * `STREAMING_TERRAFORM_TIMINGS=<file>` set, appends one JSON line per command (command, folder,
 * milliseconds, and the resources Terraform reported slowest) to that file: where the suite's
 * Terraform time goes.
 */
export function runTerraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<TerraformResult> {
  const timings = process.env.STREAMING_TERRAFORM_TIMINGS;
  if (!timings) return spawnTerraform(args, cwd, env);
  const started = Date.now();
  return spawnTerraform(args, cwd, env).then((result) => {
    const slowest = [...result.stdout.matchAll(/^(\S+): (?:Creation|Destruction|Modifications) complete after (\d+m)?(\d+)s/gm)]
      .map((m) => ({ resource: m[1]!, s: Number.parseInt(m[2] ?? "0", 10) * 60 + Number(m[3]) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, 4);
    appendFileSync(timings, `${JSON.stringify({ command: args[0], dir: basename(cwd), ms: Date.now() - started, code: result.code, slowest })}\n`);
    return result;
  });
}

function spawnTerraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
}

/** Runs `work` over `items` with at most `limit` in flight, keeping result order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * `terraform init` in `dir`, retried once: Terraform's plugin cache is not safe for concurrent
 * writers, and a parallel init can see a half-linked provider ("still not detected in .terraform/providers").
 */
export async function initWithRetry(args: readonly string[], dir: string, env: NodeJS.ProcessEnv): Promise<TerraformResult> {
  const first = await runTerraform(["init", ...args], dir, env);
  return first.code === 0 ? first : runTerraform(["init", ...args], dir, env);
}

/** Folders already initialized in this process, by what their initialization depends on. */
const initialized = new Map<string, Promise<{ readonly dir: string; readonly result: TerraformResult }>>();

/**
 * What `terraform init` of a folder depends on: its `terraform` block (required providers, backend),
 * its module sources, the init flags and the CLI configuration. Folders with the same key get the
 * same `.terraform/` and lock file.
 */
function initKey(args: readonly string[], dir: string, env: NodeJS.ProcessEnv): string | undefined {
  const file = join(dir, "cdk.tf.json");
  if (!existsSync(file)) return undefined;
  const config = JSON.parse(readFileSync(file, "utf8")) as { terraform?: unknown; module?: unknown };
  const modules = Object.values((config.module ?? {}) as Record<string, { source?: string; version?: string }>).map((m) => [m.source, m.version]);
  return createHash("sha256").update(JSON.stringify([config.terraform, modules, args, env.TF_CLI_CONFIG_FILE, env.TF_DATA_DIR])).digest("hex");
}

/**
 * `terraform init` once per distinct provider and backend configuration in this process: the first
 * folder of a configuration is initialized ({@link initWithRetry}); the others get a copy of its
 * `.terraform/` (the provider is a symlink into the shared plugin cache, so this copies a few
 * bytes) and its `.terraform.lock.hcl`. An init costs a second or two of CPU (`bench` has no figure
 * for it; measured by hand in issue 14) and every stack of an environment has the same
 * configuration. A folder whose copy cannot be made, or whose configuration failed to initialize,
 * runs its own init so that its own error is reported.
 */
export async function initOnce(args: readonly string[], dir: string, env: NodeJS.ProcessEnv): Promise<TerraformResult> {
  const key = initKey(args, dir, env);
  if (key === undefined) return initWithRetry(args, dir, env);
  const shared = initialized.get(key);
  if (shared === undefined) {
    const own = initWithRetry(args, dir, env).then((result) => ({ dir, result }));
    initialized.set(key, own);
    const { result } = await own;
    if (result.code !== 0) initialized.delete(key);
    return result;
  }
  const source = await shared;
  if (source.dir === dir) return source.result;
  try {
    cpSync(join(source.dir, ".terraform"), join(dir, ".terraform"), { recursive: true, verbatimSymlinks: true, force: true });
    cpSync(join(source.dir, ".terraform.lock.hcl"), join(dir, ".terraform.lock.hcl"));
    return { code: 0, stdout: `Initialized from ${source.dir} (same providers and backend).\n`, stderr: "" };
  } catch {
    return initWithRetry(args, dir, env);
  }
}

/**
 * Runs `work` over stack folders two at a time, after running the first one alone, so the shared
 * plugin cache is filled once before anything reads it concurrently.
 */
export async function mapStacks<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  if (items.length === 0) return [];
  const first = await work(items[0]!);
  const rest = await mapLimit(items.slice(1), 2, work);
  return [first, ...rest];
}
