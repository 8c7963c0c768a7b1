import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { localEndpoint } from "../../stacks/provider-settings";
import { REPO_ROOT } from "../terraform/cli-config";

/** The moto version the project tests against; the Makefile installs exactly this one when it is missing. */
export const MOTO_VERSION = "5.2.1";

/** The project-local virtual environment the Makefile installs moto into when the machine has none. */
export const LOCAL_VENV = join(REPO_ROOT, "build", "local", "venv");

/** A running local AWS API. */
export interface LocalAwsServer {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly port: number;
  readonly accountId: string;
  /** Stops the server (when this process started it). */
  stop(): Promise<void>;
}

/** The configured local AWS port (`LOCAL_AWS_PORT`, else 4566). */
export function localAwsPort(env: NodeJS.ProcessEnv = process.env): number {
  return Number(new URL(localEndpoint(env)).port);
}

/** Python loaded before moto: mends a moto policy-evaluation gap (tools/local/moto-patches/sitecustomize.py). */
const MOTO_PATCHES = join(REPO_ROOT, "tools", "local", "moto-patches");

/** The environment moto's server runs with: the account every ARN gets, and the patches. */
export function motoEnvironment(accountId: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, MOTO_ACCOUNT_ID: accountId, PYTHONPATH: [MOTO_PATCHES, env.PYTHONPATH].filter(Boolean).join(":") };
}

/** The `moto_server` executable: the project's virtual environment first, then the PATH. */
export function findMotoServer(): string | undefined {
  const venv = join(LOCAL_VENV, "bin", "moto_server");
  if (existsSync(venv)) return venv;
  const which = spawnSync("sh", ["-c", "command -v moto_server"], { encoding: "utf8" });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : undefined;
}

const MISSING_MOTO =
  "The local AWS API needs moto's server (moto_server), which was not found.\n" +
  `  Run \`make local-aws-install\` (installs moto[server]==${MOTO_VERSION} into build/local/venv; needs python3 with venv),\n` +
  "  or install it yourself: pip install 'moto[server]==" + MOTO_VERSION + "'.";

/** True when something answers HTTP on the endpoint. */
export async function isListening(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

/**
 * A loopback port free at the time of asking, for a client or a listener that is not moto's: a server
 * started on it later may find it taken. Start moto with port `0` instead (it reports the port it bound).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** werkzeug's start-up line, which names the port the server bound (the one asked for, or the one the kernel chose for 0). */
const RUNNING_ON = /Running on http:\/\/127\.0\.0\.1:(\d+)/;

/** The port a server started with `-p 0` bound, read from its log: never a port another process may hold. */
export async function boundPort(readLog: () => string, child: ChildProcess, what: string): Promise<number> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const match = RUNNING_ON.exec(readLog());
    if (match) return Number(match[1]);
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGTERM");
  throw new Error(`${what} did not report the port it listens on. Its output:\n${readLog().slice(-2000)}`);
}

async function waitUntilListening(endpoint: string, child: ChildProcess | undefined, logFile: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await isListening(endpoint)) return;
    if (child && child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const log = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-2000) : "";
  throw new Error(`The local AWS API did not start on ${endpoint}. Its log (${logFile}):\n${log}`);
}

/** Options of {@link startLocalAws}. */
export interface StartLocalAwsOptions {
  /** The account every resource is created in (moto's `MOTO_ACCOUNT_ID`). */
  readonly accountId: string;
  /**
   * The loopback port. `0` lets the server bind a free one and report it ({@link LocalAwsServer.port}):
   * what tests use, since a port found free beforehand can be taken before the server binds it, and the
   * server then answering on it would be another process's.
   * @default - LOCAL_AWS_PORT, else 4566
   */
  readonly port?: number;
  /**
   * Keep running after this process exits (`make up`, `make deploy`), with its pid in `build/local/aws-<port>.pid`.
   * @default false - the server is a child of this process and {@link LocalAwsServer.stop} ends it (tests)
   */
  readonly detached?: boolean;
}

/** The pid file of a detached server on `port`. */
export function pidFileOf(port: number): string {
  return join(REPO_ROOT, "build", "local", `aws-${port}.pid`);
}

/**
 * Starts moto's server on loopback with the environment's account id, or reuses the one already
 * listening on that port (detached mode only: a test never shares a server it did not start).
 */
export async function startLocalAws(options: StartLocalAwsOptions): Promise<LocalAwsServer> {
  const requested = options.port ?? localAwsPort();
  const stopDetached = async () => void (await stopLocalAws(requested));
  if (requested === 0) {
    if (options.detached) throw new Error("A detached local AWS needs a fixed port (its pid file is named by it); port 0 is for a server owned by this process.");
  } else {
    const endpoint = `http://127.0.0.1:${requested}`;
    if (await isListening(endpoint)) {
      if (!options.detached) throw new Error(`Port ${requested} is already in use; tests start their own local AWS on port 0 (a port the server chooses).`);
      await assertAccount(endpoint, options.accountId);
      return { endpoint, port: requested, accountId: options.accountId, stop: stopDetached };
    }
  }
  const executable = findMotoServer();
  if (!executable) throw new Error(MISSING_MOTO);
  const logFile = join(REPO_ROOT, "build", "local", requested === 0 ? `aws-auto-${process.pid}-${++autoServers}.log` : `aws-${requested}.log`);
  mkdirSync(dirname(logFile), { recursive: true });
  const log = openSync(logFile, "w");
  const child = spawn(executable, ["-H", "127.0.0.1", "-p", String(requested)], {
    detached: options.detached === true,
    stdio: ["ignore", log, log],
    env: motoEnvironment(options.accountId),
  });
  closeSync(log);
  if (options.detached) {
    const endpoint = `http://127.0.0.1:${requested}`;
    writeFileSync(pidFileOf(requested), `${child.pid}\n${options.accountId}\n`);
    child.unref();
    await waitUntilListening(endpoint, undefined, logFile);
    return { endpoint, port: requested, accountId: options.accountId, stop: stopDetached };
  }
  const port = requested === 0 ? await boundPort(() => (existsSync(logFile) ? readFileSync(logFile, "utf8") : ""), child, "The local AWS API (moto_server)") : requested;
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilListening(endpoint, child, logFile);
  return {
    endpoint,
    port,
    accountId: options.accountId,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Numbers the log files of servers started on port 0 by this process. */
let autoServers = 0;

/** The account a running detached server was started with, from its pid file. */
function recordedAccount(port: number): string | undefined {
  const file = pidFileOf(port);
  return existsSync(file) ? readFileSync(file, "utf8").split("\n")[1]?.trim() : undefined;
}

async function assertAccount(endpoint: string, accountId: string): Promise<void> {
  const port = Number(new URL(endpoint).port);
  const running = recordedAccount(port);
  if (running && running !== accountId) {
    throw new Error(`The local AWS on ${endpoint} runs account ${running}, not ${accountId}. Stop it first: make down (or make local-aws-stop).`);
  }
}

/** Stops the detached server on `port` recorded in its pid file; a no-op when none runs. */
export async function stopLocalAws(port: number = localAwsPort()): Promise<boolean> {
  const file = pidFileOf(port);
  if (!existsSync(file)) return false;
  const pid = Number(readFileSync(file, "utf8").split("\n")[0]);
  rmSync(file, { force: true });
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return false;
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(pid, "SIGKILL");
  return true;
}
