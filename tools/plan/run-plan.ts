import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PLAN_ONLY_BANNER, resolveDeploymentMode } from "../../stacks/deployment";
import { ConfigErrors, loadEnvironments, synthesize } from "../../stacks/synth";
import { REPO_ROOT, ensureCliConfig, terraformEnv } from "../terraform/cli-config";
import { initOnce, mapStacks, runTerraform } from "../terraform/run";
import type { EnvironmentConfig } from "../../envs/schema/environment";
import { environmentCostMarkdown } from "../stream/cost-report";
import { diagramMarkdown } from "../stream/diagram";
import type { PlanJson } from "./plan-json";
import { type StackPlanSummary, failedPlan, stackMarkdown, summarizePlan, summaryMarkdown, summaryTable } from "./summary";

/** Summary sections other tools contribute (cost estimate, diagram); each returns markdown. */
export type SummaryExtra = (env: EnvironmentConfig) => string | Promise<string>;

/** What `make plan` adds under the table: the environment's monthly cost estimate and its diagram. */
export const DEFAULT_SUMMARY_EXTRAS: readonly SummaryExtra[] = [environmentCostMarkdown, diagramMarkdown];

/** Plans one stack directory: init, plan, show -json. */
async function planStack(dir: string, stack: string, env: NodeJS.ProcessEnv, planDir: string): Promise<StackPlanSummary> {
  const init = await initOnce(["-input=false", "-no-color", "-reconfigure"], dir, env);
  if (init.code !== 0) return failedPlan(stack, `terraform init failed:\n${init.stderr || init.stdout}`);
  const plan = await runTerraform(["plan", "-input=false", "-no-color", "-lock=false", "-out=tfplan"], dir, env);
  if (plan.code !== 0) return failedPlan(stack, `terraform plan failed:\n${plan.stderr || plan.stdout}`);
  const show = await runTerraform(["show", "-json", "-no-color", "tfplan"], dir, env);
  if (show.code !== 0) return failedPlan(stack, `terraform show failed:\n${show.stderr}`);
  writeFileSync(join(planDir, `${stack}.json`), show.stdout);
  return summarizePlan(stack, JSON.parse(show.stdout) as PlanJson);
}

/** Options of {@link runPlan}. */
export interface RunPlanOptions {
  readonly env: string;
  /** @default - every stack of the environment */
  readonly stack?: string;
  /** @default - none */
  readonly extras?: readonly SummaryExtra[];
  /** @default "<repo>/cdktf.out" */
  readonly outdir?: string;
  /** @default "<repo>/plans/<env>" */
  readonly planDir?: string;
}

/** `make plan`: synthesize one environment, plan each (or one) stack, write plans/<env>/, print the summary. */
export async function runPlan(options: RunPlanOptions): Promise<number> {
  const mode = resolveDeploymentMode();
  const [environment] = loadEnvironments([options.env]);
  const outdir = options.outdir ?? join(REPO_ROOT, "cdktf.out");
  const planned = synthesize({ environments: [environment!], mode, outdir });
  const selected = options.stack ? planned.filter((p) => p.name === options.stack) : planned;
  if (selected.length === 0) {
    console.error(`No stack "${options.stack}" in ${options.env}. Stacks: ${planned.map((p) => p.name).join(", ")}`);
    return 1;
  }
  if (mode === "plan-only") console.error(`\n${PLAN_ONLY_BANNER}\n`);

  const planDir = options.planDir ?? join(REPO_ROOT, "plans", options.env);
  // One stack replaces only its own plan: the environment's other plans stay, and stay in the summary.
  if (options.stack) for (const ext of ["json", "md"]) rmSync(join(planDir, `${options.stack}.${ext}`), { force: true });
  else rmSync(planDir, { recursive: true, force: true });
  mkdirSync(planDir, { recursive: true });
  const env = terraformEnv(ensureCliConfig());
  const fresh = await mapStacks(selected, async ({ name }) => {
    const summary = await planStack(join(outdir, "stacks", name), name, env, planDir);
    writeFileSync(join(planDir, `${name}.md`), stackMarkdown(summary));
    console.error(`${summary.ok ? "planned" : "FAILED "}  ${name}`);
    return summary;
  });
  const summaries = planned.flatMap(({ name }) => {
    const summary = fresh.find((candidate) => candidate.stack === name);
    if (summary) return [summary];
    const kept = join(planDir, `${name}.json`);
    return existsSync(kept) ? [summarizePlan(name, JSON.parse(readFileSync(kept, "utf8")) as PlanJson)] : [];
  });

  const extras = await Promise.all((options.extras ?? []).map((extra) => extra(environment!)));
  writeFileSync(join(planDir, "SUMMARY.md"), summaryMarkdown(options.env, summaries, mode === "plan-only" ? PLAN_ONLY_BANNER : undefined, extras));
  console.log(`\n${summaryTable(summaries)}\n`);
  if (mode === "plan-only") console.log(PLAN_ONLY_BANNER);
  console.log(`Plans and summary: ${join(planDir, "SUMMARY.md")}`);
  for (const failed of fresh.filter((s) => !s.ok)) console.error(`\n--- ${failed.stack} ---\n${failed.error}`);
  return fresh.every((s) => s.ok) ? 0 : 1;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({ options: { env: { type: "string", default: "dev" }, stack: { type: "string" } } });
  runPlan({ env: values.env!, stack: values.stack || undefined, extras: DEFAULT_SUMMARY_EXTRAS })
    .then((code) => (process.exitCode = code))
    .catch((error: unknown) => {
      console.error(error instanceof ConfigErrors ? error.message : error);
      process.exitCode = 1;
    });
}
