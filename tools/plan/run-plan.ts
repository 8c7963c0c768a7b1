import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type DeploymentMode, PLAN_ONLY_BANNER, resolveDeploymentMode } from "../../stacks/deployment";
import { startLocalAws } from "../local/aws-server";
import { LOCAL_UNSUPPORTED_RESOURCES } from "../deploy/local-gaps";
import { type BaseStack, alignLocalGaps, deployBase, removedStacks, resolveCommit, synthesizeBase } from "./base-state";
import { ConfigErrors, loadEnvironments, synthesize } from "../../stacks/synth";
import { REPO_ROOT, ensureCliConfig, terraformEnv } from "../terraform/cli-config";
import { initOnce, mapStacks, runTerraform } from "../terraform/run";
import type { EnvironmentConfig } from "../../envs/schema/environment";
import { environmentCostMarkdown } from "../stream/cost-report";
import { diagramMarkdown } from "../stream/diagram";
import type { PlanJson } from "./plan-json";
import { type StackPlanSummary, failedPlan, openRouteWarnings, stackMarkdown, summarizePlan, summaryMarkdown, summaryTable } from "./summary";

/** Summary sections other tools contribute (cost estimate, diagram); each returns markdown. */
export type SummaryExtra = (env: EnvironmentConfig) => string | Promise<string>;

/** What `make plan` adds under the table: the environment's monthly cost estimate and its diagram. */
export const DEFAULT_SUMMARY_EXTRAS: readonly SummaryExtra[] = [environmentCostMarkdown, diagramMarkdown];

/** Plans one stack directory: init, plan, show -json. */
async function planStack(dir: string, stack: string, env: NodeJS.ProcessEnv, planDir: string, planArgs: readonly string[] = []): Promise<StackPlanSummary> {
  const init = await initOnce(["-input=false", "-no-color", "-reconfigure"], dir, env);
  if (init.code !== 0) return failedPlan(stack, `terraform init failed:\n${init.stderr || init.stdout}`);
  const plan = await runTerraform(["plan", "-input=false", "-no-color", "-lock=false", "-out=tfplan", ...planArgs], dir, env);
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
  /**
   * A git ref whose stacks are deployed to a local AWS API first, so the plan shows what the working
   * tree changes against that state (updates, replacements, deletions), without credentials.
   * @default - plan against the target's own state (real state with credentials, empty in plan-only mode)
   */
  readonly base?: string;
}

/** `make plan`: synthesize one environment, plan each (or one) stack, write plans/<env>/, print the summary. */
export async function runPlan(options: RunPlanOptions): Promise<number> {
  if (options.base) return withBaseState(options, (banner, base) => planEnvironment(options, "local", banner, base));
  return planEnvironment(options, resolveDeploymentMode(), undefined);
}

/**
 * Deploys `options.base` to a local AWS API of its own (a free port, state under build/plan-base),
 * runs `plan` against it with the working tree, then stops the server and drops that state.
 */
async function withBaseState(
  options: RunPlanOptions,
  plan: (banner: string, base: readonly BaseStack[]) => Promise<number>,
): Promise<number> {
  const [environment] = loadEnvironments([options.env]);
  const commit = resolveCommit(options.base!);
  const server = await startLocalAws({ accountId: environment!.accountId, port: 0 });
  const stateDir = join(REPO_ROOT, "build", "plan-base", "state");
  rmSync(stateDir, { recursive: true, force: true });
  const vars = { ...process.env, LOCAL_AWS_PORT: String(server.port), LOCAL_STATE_DIR: stateDir };
  const saved = { port: process.env.LOCAL_AWS_PORT, state: process.env.LOCAL_STATE_DIR };
  try {
    console.error(`Deploying ${options.env} as of ${options.base} (${commit.slice(0, 12)}) to a local AWS API on ${server.endpoint}...`);
    const base = synthesizeBase(commit, environment!, vars);
    await deployBase(base, vars, (line) => console.error(line));
    process.env.LOCAL_AWS_PORT = vars.LOCAL_AWS_PORT;
    process.env.LOCAL_STATE_DIR = stateDir;
    const banner =
      `Planned against the state of ${options.base} (${commit.slice(0, 12)}), deployed to a local AWS API: the changes are ` +
      "what this revision adds, updates, replaces and destroys relative to it. No real account was read.";
    return await plan(banner, base);
  } finally {
    process.env.LOCAL_AWS_PORT = saved.port;
    process.env.LOCAL_STATE_DIR = saved.state;
    if (saved.port === undefined) delete process.env.LOCAL_AWS_PORT;
    if (saved.state === undefined) delete process.env.LOCAL_STATE_DIR;
    await server.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

async function planEnvironment(
  options: RunPlanOptions,
  mode: DeploymentMode,
  baseBanner: string | undefined,
  base?: readonly BaseStack[],
): Promise<number> {
  const [environment] = loadEnvironments([options.env]);
  const outdir = options.outdir ?? join(REPO_ROOT, "cdktf.out");
  const planned = synthesize({ environments: [environment!], mode, outdir });
  const selected = options.stack ? planned.filter((p) => p.name === options.stack) : planned;
  if (selected.length === 0) {
    console.error(`No stack "${options.stack}" in ${options.env}. Stacks: ${planned.map((p) => p.name).join(", ")}`);
    return 1;
  }
  if (base) {
    const kept = selected.flatMap(({ name }) => alignLocalGaps(join(outdir, "stacks", name), base.find((b) => b.name === name)).map((a) => `${name}: ${a}`));
    baseBanner += ` Resources the local AWS API cannot hold (${Object.keys(LOCAL_UNSUPPORTED_RESOURCES).join(", ")}; docs/local-aws-gaps.md) are not in the base's state:`;
    baseBanner += kept.length === 0 ? " each is declared as in the base, so left out of both sides." : ` those declared as in the base are left out of both sides; these are new or changed and show as creations: ${kept.join(", ")}.`;
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
  // A stack the base has and this revision does not: everything in it is destroyed.
  for (const stack of options.stack || !base ? [] : removedStacks(base, planned.map((p) => p.name))) {
    const summary = await planStack(stack.dir, stack.name, env, planDir, ["-destroy"]);
    writeFileSync(join(planDir, `${stack.name}.md`), stackMarkdown(summary));
    console.error(`${summary.ok ? "planned" : "FAILED "}  ${stack.name} (removed: destroyed)`);
    summaries.push(summary);
  }

  const extras = await Promise.all((options.extras ?? []).map((extra) => extra(environment!)));
  writeFileSync(join(planDir, "SUMMARY.md"), summaryMarkdown(options.env, summaries, mode === "plan-only" ? PLAN_ONLY_BANNER : baseBanner, extras));
  console.log(`\n${summaryTable(summaries)}\n`);
  for (const warning of openRouteWarnings(summaries)) console.log(warning);
  if (mode === "plan-only") console.log(PLAN_ONLY_BANNER);
  if (baseBanner) console.log(baseBanner);
  console.log(`Plans and summary: ${join(planDir, "SUMMARY.md")}`);
  for (const failed of fresh.filter((s) => !s.ok)) console.error(`\n--- ${failed.stack} ---\n${failed.error}`);
  return fresh.every((s) => s.ok) ? 0 : 1;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({ options: { env: { type: "string", default: "dev" }, stack: { type: "string" }, base: { type: "string" } } });
  runPlan({ env: values.env!, stack: values.stack || undefined, base: values.base || undefined, extras: DEFAULT_SUMMARY_EXTRAS })
    .then((code) => (process.exitCode = code))
    .catch((error: unknown) => {
      console.error(error instanceof ConfigErrors ? error.message : error);
      process.exitCode = 1;
    });
}
