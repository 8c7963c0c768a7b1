import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listEnvironments } from "../../envs/load";
import { loadEnvironments, synthesize } from "../../stacks/synth";
import { type Finding, formatFindings, runPolicies, type StackJson } from "./engine";
import { ALL_RULES } from "./rules";

/** What one synthesized stack gave the policies. */
interface Checked {
  readonly environment: string;
  readonly stack: string;
  readonly resourceTypes: readonly string[];
  readonly findings: readonly Finding[];
}

/** Resource types prod must contain, so the suite can never pass by checking nothing. */
const PROD_MUST_CONTAIN = [
  "aws_kinesis_stream",
  "aws_s3_bucket",
  "aws_lambda_function",
  "aws_lambda_event_source_mapping",
  "aws_opensearch_domain",
  "aws_kinesis_firehose_delivery_stream",
  "aws_cloudwatch_log_group",
  "aws_kms_key",
  "aws_iam_role_policy",
  "aws_dynamodb_table",
  "aws_sqs_queue",
];

let outdir = "";
let checked: Checked[] = [];

beforeAll(() => {
  mkdirSync("build", { recursive: true });
  outdir = mkdtempSync(join("build", "policies-"));
  const environments = loadEnvironments();
  const planned = synthesize({ environments, mode: "plan-only", outdir });
  checked = planned.map((p) => {
    const json = JSON.parse(readFileSync(join(outdir, "stacks", p.name, "cdk.tf.json"), "utf8")) as StackJson;
    const environment = environments.find((env) => p.name.startsWith(`${env.name}-`))?.name ?? "unknown";
    return { environment, stack: p.name, resourceTypes: Object.keys(json.resource ?? {}), findings: runPolicies(json, ALL_RULES) };
  });
});

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe.each(listEnvironments())("environment %s", (environment) => {
  test("has synthesized stacks to check", () => {
    expect(checked.filter((c) => c.environment === environment).length).toBeGreaterThan(0);
  });

  test("every stack passes every policy rule", () => {
    const findings = checked.filter((c) => c.environment === environment).flatMap((c) => c.findings);
    expect(findings, `policy failures:\n${formatFindings(findings)}`).toEqual([]);
  });
});

test("prod synthesizes every resource type the main rules check", () => {
  const prodTypes = new Set(checked.filter((c) => c.environment === "prod").flatMap((c) => c.resourceTypes));
  expect(PROD_MUST_CONTAIN.filter((type) => !prodTypes.has(type))).toEqual([]);
});
