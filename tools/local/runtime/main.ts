import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadEnvironment } from "../../../envs/load";
import type { Credentials } from "./clients";
import { LocalRuntime } from "./runtime";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

const USAGE = `usage: tsx tools/local/runtime/main.ts --env <env> --endpoint <url> [options]

Runs the functions, event source mappings and HTTP APIs of <env> (resources tagged environment=<env>)
against the local AWS API at <url>, where the stacks are deployed. Writes build/local/<env>.json once
everything runs, prints it, and runs until SIGTERM or SIGINT (pid in build/local/<env>.runtime.pid).

  --env <env>          environment name (envs/<env>.yaml gives the region)
  --endpoint <url>     the local AWS API, e.g. http://127.0.0.1:4566
  --region <region>    default: the environment's region
  --api-port <port>    port of the first HTTP API, the next ones follow; default: free ports
  --code-dir <dir>     also look for deployed zips here (repeatable); default: build/functions, build/deploy, cdktf.out
  --out <file>         default: build/local/<env>.json
  --pidfile <file>     default: build/local/<env>.runtime.pid
  --no-iam-check       let the functions call the local API directly, without checking their role's grants

Credentials: the SDK's chain (AWS_ACCESS_KEY_ID...); when none is set, static local test credentials.
The account is whatever the local API says (moto: MOTO_ACCOUNT_ID of the server).`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function localCredentials(): Credentials | undefined {
  if (process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE) return undefined;
  return { accessKeyId: "local", secretAccessKey: "local" };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      env: { type: "string" },
      endpoint: { type: "string" },
      region: { type: "string" },
      "api-port": { type: "string" },
      "code-dir": { type: "string", multiple: true },
      out: { type: "string" },
      pidfile: { type: "string" },
      "no-iam-check": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.env) fail("--env is required");
  if (!values.endpoint || !/^https?:\/\/[^/]+/.test(values.endpoint)) fail(`--endpoint must be an http(s) URL, got ${values.endpoint ?? "nothing"}`);
  const apiPort = values["api-port"] === undefined ? 0 : Number(values["api-port"]);
  if (!Number.isInteger(apiPort) || apiPort < 0 || apiPort > 65535) fail(`--api-port must be a port number, got ${values["api-port"]}`);
  const env = loadEnvironment(values.env);
  const out = resolve(values.out ?? join(ROOT, "build", "local", `${env.name}.json`));
  const pidfile = resolve(values.pidfile ?? join(ROOT, "build", "local", `${env.name}.runtime.pid`));
  if (existsSync(pidfile)) {
    const pid = Number(readFileSync(pidfile, "utf8"));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      // stale pidfile
    }
    if (alive && pid !== process.pid) fail(`a local runtime of ${env.name} already runs (pid ${pid}, ${pidfile}): stop it first (make down)`);
  }
  mkdirSync(dirname(out), { recursive: true });
  mkdirSync(dirname(pidfile), { recursive: true });
  rmSync(out, { force: true });
  writeFileSync(pidfile, `${process.pid}\n`);

  let runtime: LocalRuntime | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`[local-runtime] ${signal}: stopping\n`);
    await runtime?.stop();
    rmSync(pidfile, { force: true });
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));

  try {
    runtime = await LocalRuntime.start({
      env: env.name,
      endpoint: values.endpoint.replace(/\/$/, ""),
      region: values.region ?? env.region,
      credentials: localCredentials(),
      codeSearchDirs: [...(values["code-dir"] ?? []).map((dir) => resolve(dir)), join(ROOT, "build", "functions"), join(ROOT, "build", "deploy"), join(ROOT, "cdktf.out")],
      cacheDir: join(ROOT, "build", "local", env.name, "code"),
      apiPort,
      checkIam: !values["no-iam-check"],
      nodePath: [join(ROOT, "node_modules")],
    });
  } catch (error) {
    rmSync(pidfile, { force: true });
    process.stderr.write(`local runtime of ${env.name} did not start: ${(error as Error).message}\n`);
    await runtime?.stop();
    process.exit(1);
  }
  const summary = runtime.summary();
  const text = `${JSON.stringify(summary, null, 2)}\n`;
  writeFileSync(out, text);
  process.stdout.write(text);
}

await main();
