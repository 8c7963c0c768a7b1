import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Testing, type TerraformStack } from "cdktf";
import { REPO_ROOT, ensureCliConfig, terraformEnv } from "../tools/terraform/cli-config";
import { initWithRetry, mapStacks, runTerraform } from "../tools/terraform/run";

/** A Terraform diagnostic, as `terraform validate -json` reports it. */
export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
}

/** The outcome of validating one stack directory. */
export interface ValidationResult {
  readonly dir: string;
  readonly valid: boolean;
  /** Errors only: warnings (e.g. deprecations) are not failures. */
  readonly errors: readonly Diagnostic[];
}

/** Writes a stack's `cdk.tf.json` into a fresh folder under `build/test-stacks/` and returns the folder. */
export function synthToDir(stack: TerraformStack, name = "stack"): string {
  const parent = join(REPO_ROOT, "build", "test-stacks");
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, `${name}-`));
  writeFileSync(join(dir, "cdk.tf.json"), Testing.synth(stack));
  return dir;
}

/**
 * `terraform init -backend=false` (unless the folders are initialized already: `init: false`)
 * then `terraform validate -json` in each folder, two at a time,
 * with the project's CLI config (provider mirror, one shared plugin cache).
 */
export async function validateStackDirs(dirs: readonly string[], options: { readonly init?: boolean } = {}): Promise<ValidationResult[]> {
  const env = terraformEnv(ensureCliConfig());
  return mapStacks(dirs, async (dir) => {
    const init = options.init === false ? { code: 0, stdout: "", stderr: "" } : await initWithRetry(["-backend=false", "-input=false", "-no-color"], dir, env);
    if (init.code !== 0) {
      return { dir, valid: false, errors: [{ severity: "error", summary: "terraform init failed", detail: init.stderr || init.stdout }] };
    }
    const validate = await runTerraform(["validate", "-json", "-no-color"], dir, env);
    const report = JSON.parse(validate.stdout) as { valid: boolean; diagnostics: Diagnostic[] };
    return { dir, valid: report.valid, errors: report.diagnostics.filter((d) => d.severity === "error") };
  });
}

/** Synthesizes and validates one stack; resolves to its result (assert `valid` and `errors`). */
export async function validateStack(stack: TerraformStack, name?: string): Promise<ValidationResult> {
  const [result] = await validateStackDirs([synthToDir(stack, name)]);
  return result!;
}
