import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REPO_ROOT } from "../tools/terraform/cli-config";
import { runPlan } from "../tools/plan/run-plan";
import type { PlanJson } from "../tools/plan/plan-json";
import { loadEnvironments, synthesize } from "../stacks/synth";
import { type ValidationResult, validateStackDirs } from "./terraform";

// Terraform's own checks over everything the platform synthesizes: one synth of every environment,
// `terraform validate` of every stack, and a real offline `terraform plan` of the dev environment.
const work = mkdtempSync(join(REPO_ROOT, "build", "environments-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("every environment", () => {
  let results: ValidationResult[] = [];
  let stackCount = 0;

  beforeAll(async () => {
    const outdir = join(work, "all");
    const stacks = synthesize({ environments: loadEnvironments(), mode: "plan-only", outdir });
    stackCount = stacks.length;
    results = await validateStackDirs(stacks.map((stack) => join(outdir, "stacks", stack.name)));
  }, 900_000);

  test("synthesizes and passes terraform validate, stack by stack", () => {
    expect(stackCount).toBeGreaterThan(50);
    const invalid = results.filter((r) => !r.valid).map((r) => `${r.dir.split("/").pop()}: ${r.errors.map((e) => `${e.summary} ${e.detail ?? ""}`).join("; ")}`);
    expect(invalid).toEqual([]);
    expect(results).toHaveLength(stackCount);
  });
});

describe("make plan on dev, offline and without credentials", () => {
  let code = -1;
  const planDir = join(work, "plans", "dev");

  beforeAll(async () => {
    const saved = process.env.STREAMING_PLAN_ONLY;
    process.env.STREAMING_PLAN_ONLY = "1";
    try {
      code = await runPlan({ env: "dev", outdir: join(work, "dev-out"), planDir });
    } finally {
      if (saved === undefined) delete process.env.STREAMING_PLAN_ONLY;
      else process.env.STREAMING_PLAN_ONLY = saved;
    }
  }, 900_000);

  test("plans every stack and exits 0", () => {
    expect(code).toBe(0);
  });

  test("writes a plan per stack in which everything is created and nothing destroyed", () => {
    const plan = JSON.parse(readFileSync(join(planDir, "dev-iops-events-stream.json"), "utf8")) as PlanJson;
    const actions = (plan.resource_changes ?? []).filter((r) => r.mode !== "data").map((r) => [r.address, r.change.actions.join(",")]);
    expect(actions).toEqual([["aws_kinesis_stream.stream_resource", "create"]]);
    expect(existsSync(join(planDir, "dev-iops-events-processor.md"))).toBe(true);
  });

  test("writes SUMMARY.md saying plainly that it is plan-only, with a row per stack", () => {
    const summary = readFileSync(join(planDir, "SUMMARY.md"), "utf8");
    expect(summary).toContain("PLAN-ONLY MODE: no AWS credentials were found");
    for (const stack of ["dev-f5-logs-stream", "dev-f5-logs-log-filter", "dev-iops-events-api", "dev-iops-events-alarms", "dev-platform-budget"]) {
      expect(summary).toMatch(new RegExp(`\\| \\[${stack}\\]\\(${stack}\\.md\\) \\| [1-9]\\d* \\| 0 \\| 0 \\| 0 \\| planned \\|`));
    }
    expect(summary).not.toContain("FAILED");
  });
});
