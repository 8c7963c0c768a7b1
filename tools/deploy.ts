import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { resolveDeploymentMode } from "../stacks/deployment";
import { ConfigErrors, loadEnvironments } from "../stacks/synth";
import { buildEnvironmentStacks } from "../stacks/app";
import { App } from "cdktf";
import { ensureCliConfig, terraformEnv } from "./terraform/cli-config";

/**
 * `make deploy ENV=... STACK=...`: refuses plan-only mode, checks the stack exists, then runs
 * `cdktf deploy <stack>` with the project's Terraform CLI config. Dependencies are not deployed
 * implicitly: deploy stacks in the order `make plan` lists them.
 */
function main(): number {
  const { values } = parseArgs({ options: { env: { type: "string" }, stack: { type: "string" }, "auto-approve": { type: "boolean", default: false } } });
  if (resolveDeploymentMode() === "plan-only") {
    console.error(
      "Refusing to deploy: no AWS credentials were found (or STREAMING_PLAN_ONLY is set), so this is plan-only mode.\n" +
        "Configure credentials for the environment's account (AWS_PROFILE, or the standard AWS variables) and try again.",
    );
    return 1;
  }
  const [env] = loadEnvironments([values.env!]);
  const stacks = buildEnvironmentStacks(new App({ outdir: "build/deploy-check" }), env!, "deploy");
  const target = stacks.find((s) => s.name === values.stack);
  if (!target) {
    console.error(`No stack "${values.stack}" in ${values.env}. Stacks, in deployment order:\n  ${stacks.map((s) => s.name).join("\n  ")}`);
    return 1;
  }
  if (target.dependsOn.length > 0) console.error(`${target.name} expects these to be deployed first: ${target.dependsOn.join(", ")}`);
  const args = ["--no-install", "cdktf", "deploy", target.name, ...(values["auto-approve"] ? ["--auto-approve"] : [])];
  const result = spawnSync("npx", args, {
    stdio: "inherit",
    env: { ...terraformEnv(ensureCliConfig()), STREAMING_ENV: env!.name },
  });
  return result.status ?? 1;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof ConfigErrors ? error.message : error);
  process.exitCode = 1;
}
