import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Credentials } from "./clients";
import type { DeployedFunction } from "./discover";

const WORKER = fileURLToPath(new URL("./worker.mjs", import.meta.url));
/** Lambda's init phase limit. */
const INIT_TIMEOUT_MS = 10_000;

/** A function error as Lambda reports it (`X-Amz-Function-Error: Unhandled`). */
export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

/** What one invocation gave: the handler's result, or the error Lambda would report. */
export type InvocationOutcome =
  | { readonly ok: true; readonly requestId: string; readonly payload: unknown }
  | { readonly ok: false; readonly requestId: string; readonly error: FunctionError };

/** A function the runtime can invoke: one execution environment, or a pool of them. */
export interface LocalFunction {
  readonly functionName: string;
  /** Invokes the function synchronously (RequestResponse). */
  invoke(event: unknown): Promise<InvocationOutcome>;
}

/** How a function's process is set up. */
export interface FunctionProcessOptions {
  readonly fn: DeployedFunction;
  /** The extracted deployment package. */
  readonly taskRoot: string;
  readonly region: string;
  /** The function role's credentials. */
  readonly credentials: Credentials;
  /** `AWS_ENDPOINT_URL` of the function: the local API. */
  readonly endpoint: string;
  /**
   * Variables passed on unchanged (the runtime's `AWS_ENDPOINT_URL_<SERVICE>`).
   * @default {}
   */
  readonly passThrough?: Readonly<Record<string, string>>;
  /**
   * Folders on `NODE_PATH`, standing in for the SDK the Lambda Node.js runtime ships (bundles leave `@aws-sdk/*` out).
   * @default []
   */
  readonly nodePath?: readonly string[];
  /** Receives every line the function prints. @default - written to stderr with the function's name */
  readonly log?: (line: string) => void;
}

/**
 * The function's own variables with every queue URL on `sqsUpstream` moved to the IAM proxy: the
 * SDK sends SQS calls to the QueueUrl's host, not to the configured endpoint, so a URL of the local
 * API itself (as Terraform created the queue) would bypass the proxy and its IAM check. On AWS the
 * queue URL and the SQS endpoint are one host, so nothing is bypassed there.
 */
export function queueUrlsThroughProxy(environment: Readonly<Record<string, string>>, sqsUpstream: string, proxyEndpoint: string): Record<string, string> {
  const from = new URL(sqsUpstream).origin;
  const to = new URL(proxyEndpoint).origin;
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, value.startsWith(`${from}/`) ? `${to}${value.slice(from.length)}` : value]));
}

/** The variables Lambda sets in a function's environment, over the function's own. */
export function functionEnvironment(options: FunctionProcessOptions): Record<string, string> {
  const { fn, credentials } = options;
  const logStream = `${new Date().toISOString().slice(0, 10).replace(/-/g, "/")}/[$LATEST]${randomUUID().replace(/-/g, "")}`;
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    TZ: "UTC",
    LANG: "en_US.UTF-8",
    NODE_PATH: (options.nodePath ?? []).join(":"),
    ...options.passThrough,
    ...fn.environment,
    // Reserved: Lambda does not let a function set these.
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_ENDPOINT_URL: options.endpoint,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySizeMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStream,
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    LAMBDA_TASK_ROOT: options.taskRoot,
    _HANDLER: fn.handler,
  };
}

type Message =
  | { type: "ready" }
  | { type: "init-error"; error: FunctionError }
  | { type: "result"; id: string; result: unknown }
  | { type: "error"; id?: string; error: FunctionError };

/**
 * One function's execution environment: a child process that loads the package once (its module
 * scope reads the environment, as in Lambda) and runs one invocation at a time. A timeout or a
 * crash ends the process, and the next invocation starts a new one, as Lambda resets a sandbox.
 */
export class FunctionProcess implements LocalFunction {
  private child?: ChildProcess;
  private ready?: Promise<FunctionError | undefined>;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private pending?: { id: string; settle: (outcome: InvocationOutcome) => void };

  constructor(private readonly options: FunctionProcessOptions) {}

  get functionName(): string {
    return this.options.fn.functionName;
  }

  private log(line: string): void {
    if (this.options.log) this.options.log(line);
    else process.stderr.write(`[${this.functionName}] ${line}\n`);
  }

  /** Starts the process and waits for its init phase; resolves with the init error, if any. */
  start(): Promise<FunctionError | undefined> {
    if (this.ready) return this.ready;
    const child = spawn(process.execPath, ["--enable-source-maps", WORKER], {
      cwd: this.options.taskRoot,
      env: functionEnvironment(this.options),
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    this.child = child;
    for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on("line", (line) => this.log(line));
    this.ready = new Promise((resolve) => {
      const timer = setTimeout(() => {
        resolve({ errorType: "Runtime.InitTimeout", errorMessage: `init did not finish within ${INIT_TIMEOUT_MS} ms` });
        this.kill();
      }, INIT_TIMEOUT_MS);
      child.on("message", (message: Message) => {
        if (message.type === "ready") {
          clearTimeout(timer);
          resolve(undefined);
        } else if (message.type === "init-error") {
          clearTimeout(timer);
          this.log(`init failed: ${message.error.errorType}: ${message.error.errorMessage}`);
          resolve(message.error);
        } else if (message.type === "result" && this.pending?.id === message.id) {
          this.pending.settle({ ok: true, requestId: message.id, payload: message.result });
        } else if (message.type === "error" && this.pending && (message.id === undefined || this.pending.id === message.id)) {
          this.pending.settle({ ok: false, requestId: this.pending.id, error: message.error });
        }
      });
      child.on("exit", (code, signal) => {
        clearTimeout(timer);
        resolve({ errorType: "Runtime.ExitError", errorMessage: `process exited during init (${signal ?? `status ${code}`})` });
        this.pending?.settle({ ok: false, requestId: this.pending.id, error: { errorType: "Runtime.ExitError", errorMessage: `process exited (${signal ?? `status ${code}`})` } });
        if (this.child === child) {
          this.child = undefined;
          this.ready = undefined;
        }
      });
    });
    return this.ready;
  }

  private kill(): void {
    const child = this.child;
    this.child = undefined;
    this.ready = undefined;
    child?.kill("SIGKILL");
  }

  /** Invokes the function synchronously (RequestResponse), after any invocation already queued. */
  invoke(event: unknown): Promise<InvocationOutcome> {
    const run = this.queue.then(() => this.invokeNow(event));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async invokeNow(event: unknown): Promise<InvocationOutcome> {
    const requestId = randomUUID();
    if (this.stopped) return { ok: false, requestId, error: { errorType: "Runtime.Stopped", errorMessage: "the local runtime is stopping" } };
    const initError = await this.start();
    if (initError) {
      this.kill();
      return { ok: false, requestId, error: initError };
    }
    const timeoutMs = this.options.fn.timeoutSeconds * 1000;
    const deadlineMs = Date.now() + timeoutMs;
    return new Promise<InvocationOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.log(`${requestId} Task timed out after ${this.options.fn.timeoutSeconds.toFixed(2)} seconds`);
        settle({ ok: false, requestId, error: { errorType: "Sandbox.Timedout", errorMessage: `Task timed out after ${this.options.fn.timeoutSeconds.toFixed(2)} seconds` } });
        this.kill();
      }, timeoutMs);
      const settle = (outcome: InvocationOutcome) => {
        clearTimeout(timer);
        if (this.pending?.id === requestId) this.pending = undefined;
        resolve(outcome);
      };
      this.pending = { id: requestId, settle };
      this.child!.send({ type: "invoke", id: requestId, requestId, event, deadlineMs, functionArn: this.options.fn.functionArn });
    });
  }

  /** Ends the process (SIGTERM, then SIGKILL after a grace period) once the current invocation is done. */
  async stop(graceMs = 2000): Promise<void> {
    this.stopped = true;
    await Promise.race([this.queue, new Promise((resolve) => setTimeout(resolve, graceMs))]);
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
