import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ConfigErrors, loadEnvironments } from "../../stacks/synth";
import { DeployRefusal, deployTarget, destroyTarget } from "../deploy/deploy";
import { StackCommandError } from "../deploy/stack-terraform";
import { ensureLocalAws, synthesizeTarget, targetOutdir } from "../deploy/target";
import { REPO_ROOT } from "../terraform/cli-config";
import { localAwsPort, stopLocalAws } from "./aws-server";

const localDir = join(REPO_ROOT, "build", "local");
const runtimePidFile = (env: string) => join(localDir, `${env}.runtime.pid`);
const summaryFile = (env: string) => join(localDir, `${env}.json`);

/** Starts the local runtime of `env` in the background and waits for it to write build/local/<env>.json. */
async function startRuntime(env: string, endpoint: string): Promise<string> {
  rmSync(summaryFile(env), { force: true });
  const logFile = join(localDir, `${env}.runtime.log`);
  const log = openSync(logFile, "w");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(REPO_ROOT, "tools", "local", "runtime", "main.ts"), "--env", env, "--endpoint", endpoint, "--code-dir", targetOutdir("local")],
    { cwd: REPO_ROOT, detached: true, stdio: ["ignore", log, log], env: process.env },
  );
  closeSync(log);
  child.unref();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (existsSync(summaryFile(env))) return readFileSync(summaryFile(env), "utf8");
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The local runtime of ${env} did not start. Its log (${logFile}):\n${existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-3000) : ""}`);
}

/** Stops the background runtime of `env`, if one runs. */
async function stopRuntime(env: string): Promise<void> {
  const file = runtimePidFile(env);
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, "utf8"));
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    rmSync(file, { force: true });
    return;
  }
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 100));
  rmSync(file, { force: true });
}

/**
 * `make up ENV=…`: the local AWS API, every stack of the environment deployed to it, then its functions,
 * event source mappings and HTTP APIs run against it. `make down ENV=…` destroys and stops it all.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { env: { type: "string", default: "dev" }, down: { type: "boolean", default: false } } });
  const [env] = loadEnvironments([values.env!]);
  process.env.STREAMING_TARGET = "local";
  mkdirSync(localDir, { recursive: true });
  if (values.down) {
    await stopRuntime(env!.name);
    const target = synthesizeTarget(env!, "local");
    await ensureLocalAws(target);
    await destroyTarget(target, undefined);
    await stopLocalAws(localAwsPort());
    rmSync(summaryFile(env!.name), { force: true });
    console.error(`${env!.name} is down: its stacks are destroyed and the local AWS API is stopped.`);
    return 0;
  }
  const target = synthesizeTarget(env!, "local");
  await ensureLocalAws(target);
  console.error(`Local AWS API: ${target.endpoint} (account ${env!.accountId}). Deploying ${target.stacks.length} stacks of ${env!.name}...`);
  await deployTarget(target, undefined);
  await stopRuntime(env!.name);
  const summary = await startRuntime(env!.name, target.endpoint!);
  console.log(summary.trim());
  console.error(`\n${env!.name} runs locally (${summaryFile(env!.name)}). Point the AWS SDK or the operator CLI at it with AWS_ENDPOINT_URL=${target.endpoint}; stop it with: make down ENV=${env!.name}`);
  return 0;
}

main()
  .then((code) => (process.exitCode = code))
  .catch((error: unknown) => {
    if (error instanceof ConfigErrors || error instanceof DeployRefusal || error instanceof StackCommandError) console.error(error.message);
    else console.error(error);
    process.exitCode = 1;
  });
