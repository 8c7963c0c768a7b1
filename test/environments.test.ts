import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listEnvironments } from "../envs/load";
import { buildEnvironment } from "../stacks/testing";
import { REPO_ROOT } from "../tools/terraform/cli-config";
import { runPlan } from "../tools/plan/run-plan";
import type { PlanJson } from "../tools/plan/plan-json";

// Terraform's own checks over everything the platform synthesizes, per environment: `make plan`
// offline (synth, init, plan, show, summary). No separate `terraform validate`: plan validates the
// configuration first and fails on what validate would report, so it would only start the provider
// once more per stack (about 5 s of CPU each, most of this file's time).
const work = mkdtempSync(join(REPO_ROOT, "build", "environments-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Every file in envs/: an environment added as the README shows is planned too.
describe.each(listEnvironments())("the %s environment, offline and without credentials", (name) => {
  const planDir = join(work, "plans", name);
  const outdir = join(work, `${name}-out`);
  let code = -1;
  let stacks: string[] = [];

  beforeAll(async () => {
    const saved = process.env.STREAMING_PLAN_ONLY;
    process.env.STREAMING_PLAN_ONLY = "1";
    try {
      code = await runPlan({ env: name, outdir, planDir });
    } finally {
      if (saved === undefined) delete process.env.STREAMING_PLAN_ONLY;
      else process.env.STREAMING_PLAN_ONLY = saved;
    }
    const summary = readFileSync(join(planDir, "SUMMARY.md"), "utf8");
    stacks = [...summary.matchAll(/^\| ([a-z0-9-]+) \| \d+ \| \d+ \| \d+ \| \d+ \| (planned|\*\*FAILED\*\*) \|$/gm)].map((match) => match[1]!);
  }, 1_800_000);

  test("make plan plans every stack and exits 0", () => {
    expect(code).toBe(0);
    expect([...stacks].sort()).toEqual([...buildEnvironment(name).names].sort());
  });

  test("SUMMARY.md says plainly that it is plan-only, and every stack only creates", () => {
    const summary = readFileSync(join(planDir, "SUMMARY.md"), "utf8");
    expect(summary).toContain("PLAN-ONLY MODE: no AWS credentials were found");
    for (const stack of stacks) {
      expect(summary).toMatch(new RegExp(`^\\| ${stack} \\| [1-9]\\d* \\| 0 \\| 0 \\| 0 \\| planned \\|$`, "m"));
    }
    expect(summary).not.toContain("FAILED");
  });

  test("writes terraform show -json per stack", () => {
    const plan = JSON.parse(readFileSync(join(planDir, `${name}-iops-events-stream.json`), "utf8")) as PlanJson;
    const actions = (plan.resource_changes ?? []).filter((r) => r.mode !== "data").map((r) => [r.address, r.change.actions.join(",")]);
    // The stream and the producer and consumer policies its stack offers to producers outside the platform.
    expect(actions.sort()).toEqual([
      ["aws_iam_policy.access_policies_consumer", "create"],
      ["aws_iam_policy.access_policies_producer", "create"],
      ["aws_kinesis_stream.stream_resource", "create"],
    ]);
  });
});
