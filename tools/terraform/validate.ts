import { ensureCliConfig, terraformEnv } from "./cli-config";
import { initOnce, mapStacks, runTerraform } from "./run";

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

/**
 * `terraform init -backend=false` (unless the folders are initialized already: `init: false`)
 * then `terraform validate -json` in each folder, two at a time,
 * with the project's CLI config (provider mirror, one shared plugin cache).
 */
export async function validateStackDirs(dirs: readonly string[], options: { readonly init?: boolean } = {}): Promise<ValidationResult[]> {
  const env = terraformEnv(ensureCliConfig());
  return mapStacks(dirs, async (dir) => {
    const init = options.init === false ? { code: 0, stdout: "", stderr: "" } : await initOnce(["-backend=false", "-input=false", "-no-color"], dir, env);
    if (init.code !== 0) {
      return { dir, valid: false, errors: [{ severity: "error", summary: "terraform init failed", detail: init.stderr || init.stdout }] };
    }
    const validate = await runTerraform(["validate", "-json", "-no-color"], dir, env);
    const report = JSON.parse(validate.stdout) as { valid: boolean; diagnostics: Diagnostic[] };
    return { dir, valid: report.valid, errors: report.diagnostics.filter((d) => d.severity === "error") };
  });
}
