import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deterministicZip } from "../../../functions/bundle";
import { loadEnvironment } from "../../../envs/load";
import { FixtureClients } from "./fixtures";
import { type MotoServer, startMoto } from "./testing";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const dev = loadEnvironment("dev");
const PIPELINE = dev.pipelines[0]!.name;

// Answers with its process id, so the test can check that stopping the runtime ends it.
const ECHO_SOURCE = `exports.handler = async (event) => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ pid: process.pid, path: event.rawPath, stage: event.requestContext.stage }) });`;

let moto: MotoServer;
let aws: FixtureClients;
let work: string;
let runtime: ChildProcess;
let stdout = "";
let stderr = "";

function args(): string[] {
  return ["--import", "tsx", "tools/local/runtime/main.ts", "--env", "dev", "--endpoint", moto.endpoint, "--code-dir", work, "--out", join(work, "dev.json"), "--pidfile", join(work, "dev.pid")];
}

const childEnv = () => ({ PATH: process.env.PATH, HOME: process.env.HOME, AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" });

beforeAll(async () => {
  moto = await startMoto(dev.accountId);
  aws = new FixtureClients(moto.endpoint, dev.accountId, dev.region);
  work = mkdtempSync(join(tmpdir(), "local-runtime-main-"));
  const zip = deterministicZip({ "index.js": Buffer.from(ECHO_SOURCE) });
  writeFileSync(join(work, "echo.zip"), zip);
  const roleArn = await aws.role("echo", [{ Action: ["logs:CreateLogStream"], Resource: "*" }]);
  const tags = { environment: "dev", pipeline: PIPELINE, component: "api" };
  const functionArn = await aws.function({ name: "dev-echo", zip, roleArn, environment: {}, tags });
  await aws.httpApi({ name: "dev-echo-api", functionArn, routeKeys: ["ANY /{proxy+}"], tags, authorizationType: "NONE" });
  await aws.function({ name: "staging-echo", zip, roleArn, environment: {}, tags: { ...tags, environment: "staging" } });

  runtime = spawn(process.execPath, args(), { cwd: ROOT, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
  runtime.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  runtime.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!existsSync(join(work, "dev.json"))) {
    if (runtime.exitCode !== null || Date.now() > deadline) throw new Error(`runtime did not start (exit ${runtime.exitCode}): ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 120_000);

afterAll(async () => {
  if (runtime && runtime.exitCode === null) runtime.kill("SIGKILL");
  aws?.destroy();
  await moto?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("tools/local/runtime/main.ts", () => {
  it("writes build/local/<env>.json with the endpoint, account, region and each pipeline's API, prints the same, serves the API, and stops its functions on SIGTERM", async () => {
    const written = JSON.parse(readFileSync(join(work, "dev.json"), "utf8"));
    expect(written).toEqual({
      endpoint: moto.endpoint,
      accountId: dev.accountId,
      region: dev.region,
      pipelines: { [PIPELINE]: { apiBaseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), functions: ["dev-echo"] } },
    });
    await expect.poll(() => stdout).toContain("}\n");
    expect(JSON.parse(stdout)).toEqual(written);
    expect(readFileSync(join(work, "dev.pid"), "utf8").trim()).toBe(String(runtime.pid));

    const response = await fetch(`${written.pipelines[PIPELINE].apiBaseUrl}/any/path`);
    const body = (await response.json()) as { pid: number; path: string; stage: string };
    expect([response.status, body.path, body.stage], stderr).toEqual([200, "/any/path", "$default"]);

    const second = spawnSync(process.execPath, args(), { cwd: ROOT, env: childEnv(), encoding: "utf8" });
    expect(second.status).toBe(2);
    expect(second.stderr).toContain(`a local runtime of dev already runs (pid ${runtime.pid}`);

    const exited = new Promise<number | null>((resolve) => runtime.once("exit", (code) => resolve(code)));
    runtime.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(existsSync(join(work, "dev.pid"))).toBe(false);
    expect(() => process.kill(body.pid, 0)).toThrow();
  });
});
