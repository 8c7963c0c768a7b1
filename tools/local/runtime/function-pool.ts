import { FunctionProcess, type FunctionProcessOptions, type InvocationOutcome, type LocalFunction } from "./function-process";

/**
 * Execution environments a function may run at once on this machine when its reserved concurrency
 * does not say fewer. Lambda would start up to the account's concurrency (1,000 by default); each
 * local environment is a Node process, so invocations beyond this wait for one to be free
 * (docs/local-aws-gaps.md).
 */
export const DEFAULT_LOCAL_ENVIRONMENTS = 4;

/** How a function's environments are set up. */
export interface FunctionPoolOptions extends FunctionProcessOptions {
  /**
   * The most environments at once, before the function's reserved concurrency lowers it.
   * @default DEFAULT_LOCAL_ENVIRONMENTS
   */
  readonly maxEnvironments?: number;
}

/**
 * One function's execution environments, as Lambda scales them: an invocation takes an idle
 * environment (the most recently used, so warm ones are reused), or starts a new one while fewer
 * than the limit run, or waits for the next to be free. Concurrent API requests and shards are then
 * served side by side, not one after another.
 */
export class FunctionPool implements LocalFunction {
  /** How many environments may run at once: the reserved concurrency, bounded by `maxEnvironments`. */
  readonly limit: number;
  private readonly environments: FunctionProcess[] = [];
  private readonly idle: FunctionProcess[] = [];
  private readonly waiting: ((environment: FunctionProcess) => void)[] = [];

  constructor(private readonly options: FunctionPoolOptions) {
    const reserved = options.fn.reservedConcurrency ?? Number.POSITIVE_INFINITY;
    this.limit = Math.max(1, Math.min(reserved, options.maxEnvironments ?? DEFAULT_LOCAL_ENVIRONMENTS));
  }

  get functionName(): string {
    return this.options.fn.functionName;
  }

  /** Environments started so far. */
  get size(): number {
    return this.environments.length;
  }

  /** Starts the first environment and waits for its init phase; resolves with the init error, if any. */
  start() {
    if (this.environments.length === 0) this.idle.push(this.create());
    return this.environments[0]!.start();
  }

  async invoke(event: unknown): Promise<InvocationOutcome> {
    const environment = await this.acquire();
    try {
      return await environment.invoke(event);
    } finally {
      this.release(environment);
    }
  }

  /** Ends every environment once its current invocation is done. */
  async stop(graceMs?: number): Promise<void> {
    await Promise.all(this.environments.map((environment) => environment.stop(graceMs)));
  }

  private create(): FunctionProcess {
    const environment = new FunctionProcess(this.options);
    this.environments.push(environment);
    return environment;
  }

  private acquire(): Promise<FunctionProcess> {
    const idle = this.idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.environments.length < this.limit) return Promise.resolve(this.create());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(environment: FunctionProcess): void {
    const next = this.waiting.shift();
    if (next) next(environment);
    else this.idle.push(environment);
  }
}
