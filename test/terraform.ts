import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Testing, type TerraformStack } from "cdktf";
import { REPO_ROOT } from "../tools/terraform/cli-config";
import { type ValidationResult, validateStackDirs } from "../tools/terraform/validate";

export { type Diagnostic, type ValidationResult, validateStackDirs } from "../tools/terraform/validate";

/** Writes a stack's `cdk.tf.json` into a fresh folder under `build/test-stacks/` and returns the folder. */
export function synthToDir(stack: TerraformStack, name = "stack"): string {
  const parent = join(REPO_ROOT, "build", "test-stacks");
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, `${name}-`));
  writeFileSync(join(dir, "cdk.tf.json"), Testing.synth(stack));
  return dir;
}

/** Synthesizes and validates one stack; resolves to its result (assert `valid` and `errors`). */
export async function validateStack(stack: TerraformStack, name?: string): Promise<ValidationResult> {
  const [result] = await validateStackDirs([synthToDir(stack, name)]);
  return result!;
}
