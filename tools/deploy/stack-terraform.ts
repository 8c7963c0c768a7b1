import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type TerraformResult, initWithRetry, runTerraform } from "../terraform/run";

/** One synthesized stack folder and the environment its Terraform commands run with. */
export interface StackDir {
  readonly name: string;
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A Terraform step that failed, with what Terraform said. */
export class StackCommandError extends Error {
  constructor(
    readonly stackName: string,
    readonly step: string,
    readonly result: TerraformResult,
  ) {
    super(`${stackName}: terraform ${step} failed:\n${(result.stderr || result.stdout).trim()}`);
    this.name = "StackCommandError";
  }
}

const MISSING_STATE_BUCKET = /NoSuchBucket|S3 bucket .* does not exist|bucket does not exist/i;

/** `terraform init` once per folder and configuration: skipped when the folder's lock file is newer than its configuration. */
export async function initStack(stack: StackDir): Promise<void> {
  const lock = join(stack.dir, ".terraform.lock.hcl");
  const config = join(stack.dir, "cdk.tf.json");
  const initialized = existsSync(lock) && existsSync(join(stack.dir, ".terraform", "terraform.tfstate")) && backendOf(stack.dir) === initializedBackendOf(stack.dir);
  if (initialized && existsSync(config)) return;
  const result = await initWithRetry(["-input=false", "-no-color", "-reconfigure"], stack.dir, stack.env);
  if (result.code === 0) return;
  if (MISSING_STATE_BUCKET.test(result.stderr)) {
    throw new Error(
      `${stack.name}: the environment's state bucket does not exist yet. Create it (and the artifact bucket) once with:\n` +
        "  make bootstrap ENV=<env>\n" +
        `Terraform said:\n${result.stderr.trim()}`,
    );
  }
  throw new StackCommandError(stack.name, "init", result);
}

function backendOf(dir: string): string {
  const config = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as { terraform?: { backend?: unknown } };
  return JSON.stringify(config.terraform?.backend ?? {});
}

/** The backend `terraform init` last configured, in the same shape as the configuration's. */
function initializedBackendOf(dir: string): string {
  const file = join(dir, ".terraform", "terraform.tfstate");
  if (!existsSync(file)) return "";
  const state = JSON.parse(readFileSync(file, "utf8")) as { backend?: { type: string; config: Record<string, unknown> } };
  if (!state.backend) return "";
  const config = JSON.parse(backendOf(dir)) as Record<string, Record<string, unknown>>;
  const [type] = Object.keys(config);
  if (type !== state.backend.type) return "";
  // Terraform records every backend argument, set or not; compare only the ones the configuration sets.
  const recorded = Object.fromEntries(Object.keys(config[type!]!).map((key) => [key, state.backend!.config[key]]));
  return JSON.stringify({ [type!]: recorded });
}

/** The resource addresses in the stack's state; empty when it was never deployed or has been destroyed. */
export async function stateResources(stack: StackDir): Promise<string[]> {
  await initStack(stack);
  const result = await runTerraform(["state", "list", "-no-color"], stack.dir, stack.env);
  if (result.code !== 0) {
    // A backend with no state object yet answers "No state file was found!" on some versions.
    if (/No state file was found/i.test(result.stderr)) return [];
    throw new StackCommandError(stack.name, "state list", result);
  }
  return result.stdout.split("\n").filter(Boolean);
}

/** Applies the stack; returns Terraform's output. */
export async function applyStack(stack: StackDir): Promise<string> {
  await initStack(stack);
  const result = await runTerraform(["apply", "-auto-approve", "-input=false", "-no-color"], stack.dir, stack.env);
  if (result.code !== 0) throw new StackCommandError(stack.name, "apply", result);
  return result.stdout;
}

/** Destroys every resource of the stack. */
export async function destroyStack(stack: StackDir): Promise<string> {
  await initStack(stack);
  const result = await runTerraform(["destroy", "-auto-approve", "-input=false", "-no-color"], stack.dir, stack.env);
  if (result.code !== 0) throw new StackCommandError(stack.name, "destroy", result);
  return result.stdout;
}

/** `terraform plan -detailed-exitcode`: true when the stack's state already matches its configuration. */
export async function planIsEmpty(stack: StackDir): Promise<{ empty: boolean; output: string }> {
  await initStack(stack);
  const result = await runTerraform(["plan", "-input=false", "-no-color", "-lock=false", "-detailed-exitcode"], stack.dir, stack.env);
  if (result.code === 1) throw new StackCommandError(stack.name, "plan", result);
  return { empty: result.code === 0, output: result.stdout };
}
