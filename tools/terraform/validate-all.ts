import { join } from "node:path";
import { parseArgs } from "node:util";
import { resolveDeploymentMode } from "../../stacks/deployment";
import { ConfigErrors, loadEnvironments, synthesize } from "../../stacks/synth";
import { validateStackDirs } from "./validate";
import { REPO_ROOT } from "./cli-config";

/** `make validate`: synthesize (all environments by default) and `terraform validate` every stack. */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { env: { type: "string" } } });
  const environments = loadEnvironments(values.env ? values.env.split(",") : undefined);
  const outdir = join(REPO_ROOT, "cdktf.out");
  const stacks = synthesize({ environments, mode: resolveDeploymentMode(), outdir });
  const results = await validateStackDirs(stacks.map((s) => join(outdir, "stacks", s.name)));
  for (const result of results) {
    const name = result.dir.split("/").pop();
    console.log(`${result.valid ? "valid  " : "INVALID"}  ${name}`);
    for (const error of result.errors) console.log(`         ${error.summary}${error.detail ? `: ${error.detail}` : ""}`);
  }
  const invalid = results.filter((r) => !r.valid).length;
  console.log(`${results.length - invalid} valid, ${invalid} invalid`);
  return invalid === 0 ? 0 : 1;
}

main()
  .then((code) => (process.exitCode = code))
  .catch((error: unknown) => {
    console.error(error instanceof ConfigErrors ? error.message : error);
    process.exitCode = 1;
  });
