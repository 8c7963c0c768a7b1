import { parseArgs } from "node:util";
import { type DeploymentMode, resolveDeploymentMode } from "../../stacks/deployment";
import { ConfigErrors, loadEnvironments } from "../../stacks/synth";
import { DeployRefusal, deployTarget, destroyTarget, findStack } from "./deploy";
import { StackCommandError } from "./stack-terraform";
import { ensureLocalAws, synthesizeTarget } from "./target";

/** The banner of a run against the local AWS API. */
export function localBanner(endpoint: string): string {
  return `LOCAL AWS: deploying to the local AWS API at ${endpoint} (moto), with local state in build/local/state. Nothing reaches a real account.`;
}

/**
 * Where `make deploy` goes: `STREAMING_TARGET` when set; otherwise real AWS when credentials are found,
 * else the local AWS API. `STREAMING_PLAN_ONLY` and `STREAMING_TARGET=aws` without credentials stay plan-only (refused).
 */
export function deployMode(env: NodeJS.ProcessEnv = process.env): DeploymentMode {
  const mode = resolveDeploymentMode(env);
  const forced = env.STREAMING_PLAN_ONLY === "1" || env.STREAMING_PLAN_ONLY === "true";
  if (mode === "plan-only" && !forced && !env.STREAMING_TARGET) {
    console.error("No AWS credentials were found: deploying to the LOCAL AWS API. Set TARGET=aws (with credentials) for a real account.");
    return "local";
  }
  return mode;
}

/**
 * `make deploy` / `make destroy`: the same code path for real AWS (`TARGET=aws`, credentials required)
 * and the local AWS API (`TARGET=local`). Plan-only mode is refused: it can plan, never apply.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { env: { type: "string" }, stack: { type: "string" }, destroy: { type: "boolean", default: false } },
  });
  if (!values.env) {
    console.error("usage: make deploy ENV=<env> [STACK=<env>-<pipeline>-<component>] [TARGET=local|aws]");
    return 2;
  }
  const mode = deployMode();
  if (mode === "plan-only") {
    console.error(
      "Refusing to deploy: no AWS credentials were found (or STREAMING_PLAN_ONLY is set), so this is plan-only mode.\n" +
        "Configure credentials for the environment's account (AWS_PROFILE, or the standard AWS variables) and try again,\n" +
        "or deploy to the local AWS API instead: make deploy TARGET=local ENV=" + values.env,
    );
    return 1;
  }
  const [env] = loadEnvironments([values.env]);
  const target = synthesizeTarget(env!, mode);
  if (values.stack) findStack(target, values.stack);
  await ensureLocalAws(target);
  if (target.endpoint) console.error(localBanner(target.endpoint));
  for (const skipped of target.skipped) console.error(`skipped   ${skipped.name}: ${skipped.reason}`);
  const stack = values.stack || undefined;
  const done = values.destroy ? await destroyTarget(target, stack) : await deployTarget(target, stack);
  console.error(`${values.destroy ? "Destroyed" : "Deployed"} ${done.length} stack${done.length === 1 ? "" : "s"} of ${env!.name}.`);
  return 0;
}

main()
  .then((code) => (process.exitCode = code))
  .catch((error: unknown) => {
    if (error instanceof ConfigErrors || error instanceof DeployRefusal || error instanceof StackCommandError) console.error(error.message);
    else console.error(error);
    process.exitCode = 1;
  });
