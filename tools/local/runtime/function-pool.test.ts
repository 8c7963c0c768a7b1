import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DeployedFunction } from "./discover";
import { DEFAULT_LOCAL_ENVIRONMENTS, FunctionPool } from "./function-pool";

// Answers with its process and when it ran, after holding the invocation for `holdMs`.
const HANDLER = `
exports.handler = async (event) => {
  const startedAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, event.holdMs));
  return { pid: process.pid, startedAt, endedAt: Date.now() };
};
`;

interface Ran {
  readonly pid: number;
  readonly startedAt: number;
  readonly endedAt: number;
}

let taskRoot: string;
const pools: FunctionPool[] = [];

beforeAll(() => {
  taskRoot = mkdtempSync(join(tmpdir(), "function-pool-"));
  writeFileSync(join(taskRoot, "index.js"), HANDLER);
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.stop()));
  rmSync(taskRoot, { recursive: true, force: true });
});

function pool(fn: Partial<DeployedFunction>, maxEnvironments?: number): FunctionPool {
  const created = new FunctionPool({
    fn: { functionName: "probe", functionArn: "arn:aws:lambda:eu-west-1:111122223333:function:probe", handler: "index.handler", runtime: "nodejs20.x", roleArn: "arn:aws:iam::111122223333:role/probe", timeoutSeconds: 10, memorySizeMb: 128, environment: {}, codeSha256: "x", tags: {}, ...fn },
    taskRoot,
    region: "eu-west-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    endpoint: "http://127.0.0.1:1",
    maxEnvironments,
    log: () => {},
  });
  pools.push(created);
  return created;
}

async function invokeAtOnce(target: FunctionPool, count: number, holdMs: number): Promise<Ran[]> {
  const outcomes = await Promise.all(Array.from({ length: count }, () => target.invoke({ holdMs })));
  return outcomes.map((outcome) => {
    if (!outcome.ok) throw new Error(`${outcome.error.errorType}: ${outcome.error.errorMessage}`);
    return outcome.payload as Ran;
  });
}

/** The most invocations that ran at the same moment. */
function mostAtOnce(runs: readonly Ran[]): number {
  return Math.max(...runs.map((run) => runs.filter((other) => other.startedAt <= run.startedAt && other.endedAt > run.startedAt).length));
}

describe("FunctionPool", () => {
  test("runs concurrent invocations side by side, in as many environments as the limit allows", async () => {
    const target = pool({}, 3);
    const runs = await invokeAtOnce(target, 7, 400);
    expect(runs).toHaveLength(7);
    expect(new Set(runs.map((run) => run.pid)).size).toBe(3);
    expect(mostAtOnce(runs)).toBe(3);
    expect(target.size).toBe(3);
  });

  test("reuses a warm environment for invocations one after another", async () => {
    const target = pool({});
    const pids: number[] = [];
    for (let i = 0; i < 3; i++) pids.push((await invokeAtOnce(target, 1, 0))[0]!.pid);
    expect(new Set(pids).size).toBe(1);
    expect(target.size).toBe(1);
  });

  test("never runs more environments than the function's reserved concurrency", async () => {
    const target = pool({ reservedConcurrency: 2 }, 5);
    expect(target.limit).toBe(2);
    const runs = await invokeAtOnce(target, 5, 300);
    expect(new Set(runs.map((run) => run.pid)).size).toBe(2);
    expect(mostAtOnce(runs)).toBe(2);
  });

  test("defaults to the local cap when the function reserves nothing", () => {
    expect(pool({}).limit).toBe(DEFAULT_LOCAL_ENVIRONMENTS);
    expect(pool({ reservedConcurrency: 100 }).limit).toBe(DEFAULT_LOCAL_ENVIRONMENTS);
  });
});
