import { spawn } from "node:child_process";

/** What a Terraform command printed and how it ended. */
export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `terraform <args>` in `cwd`, collecting its output; never throws on a non-zero exit. */
export function runTerraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<TerraformResult> {
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
