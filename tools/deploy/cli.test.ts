import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

/** Runs `tools/deploy.ts` as `make deploy` does, with only the given AWS-related variables. */
function deploy(args: string[], env: Record<string, string>) {
  const home = mkdtempSync(join(tmpdir(), "home-"));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("AWS_") && key !== "STREAMING_PLAN_ONLY"));
  return spawnSync(process.execPath, ["--import", "tsx", "tools/deploy/cli.ts", ...args], { cwd: ROOT, encoding: "utf8", env: { ...clean, HOME: home, ...env } });
}

describe("make deploy", () => {
  test("refuses real AWS without credentials, saying why and how to deploy locally", () => {
    const result = deploy(["--env", "dev", "--stack", "dev-iops-events-stream"], { STREAMING_TARGET: "aws" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Refusing to deploy: no AWS credentials were found (or STREAMING_PLAN_ONLY is set), so this is plan-only mode.");
    expect(result.stderr).toContain("make deploy TARGET=local ENV=dev");
  });

  test("refuses when plan-only is forced even with credentials", () => {
    const result = deploy(["--env", "dev", "--stack", "dev-iops-events-stream"], { AWS_PROFILE: "prod", STREAMING_PLAN_ONLY: "1" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Refusing to deploy");
  });

  test("an unknown stack on the local target is refused before any server starts", () => {
    const result = deploy(["--env", "dev", "--stack", "dev-nothing"], { STREAMING_TARGET: "local", LOCAL_AWS_PORT: "1" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('No stack "dev-nothing" in dev. Stacks, in deployment order:\n  dev-f5-logs-stream');
  });

  test("names the stacks, in deployment order, when the stack does not exist", () => {
    const result = deploy(["--env", "dev", "--stack", "dev-nothing"], { AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('No stack "dev-nothing" in dev. Stacks, in deployment order:\n  dev-f5-logs-stream\n  dev-f5-logs-log-filter');
  });
});
