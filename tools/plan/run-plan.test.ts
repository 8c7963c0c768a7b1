import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { REPO_ROOT } from "../terraform/cli-config";
import { runPlan } from "./run-plan";

const work = mkdtempSync(join(REPO_ROOT, "build", "run-plan-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test("make plan STACK=... replaces that stack's plan and keeps the environment's other plans in the summary", async () => {
  const planDir = join(work, "plans", "dev");
  mkdirSync(planDir, { recursive: true });
  // A plan of another stack from an earlier `make plan`: one resource to create.
  const earlier = { format_version: "1.2", resource_changes: [{ address: "aws_kinesis_stream.stream_resource", mode: "managed", type: "aws_kinesis_stream", name: "stream_resource", change: { actions: ["create"], before: null, after: {}, after_unknown: {} } }] };
  writeFileSync(join(planDir, "dev-f5-logs-stream.json"), JSON.stringify(earlier));
  writeFileSync(join(planDir, "dev-f5-logs-stream.md"), "earlier page\n");

  const saved = process.env.STREAMING_PLAN_ONLY;
  process.env.STREAMING_PLAN_ONLY = "1";
  try {
    expect(await runPlan({ env: "dev", stack: "dev-iops-events-stream", planDir, outdir: join(work, "out") })).toBe(0);
  } finally {
    if (saved === undefined) delete process.env.STREAMING_PLAN_ONLY;
    else process.env.STREAMING_PLAN_ONLY = saved;
  }

  expect(readFileSync(join(planDir, "dev-f5-logs-stream.md"), "utf8")).toBe("earlier page\n");
  expect(existsSync(join(planDir, "dev-iops-events-stream.json"))).toBe(true);
  const summary = readFileSync(join(planDir, "SUMMARY.md"), "utf8");
  const rows = [...summary.matchAll(/^\| ([a-z0-9-]+) \| \d+ /gm)].map((match) => match[1]);
  expect(rows).toEqual(["dev-f5-logs-stream", "dev-iops-events-stream"]);
}, 600_000);
