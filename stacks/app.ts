import type { Construct } from "constructs";
import { ConfigError, type ConfigProblem } from "../envs/errors";
import type { EnvironmentConfig } from "../envs/schema/environment";
import type { PipelineConfig } from "../envs/schema/pipeline";
import type { DeploymentMode } from "./deployment";
import type { PlatformStack } from "./platform-stack";
import { AnalyticsStack } from "./components/analytics-stack";
import { ApiStack } from "./components/api-stack";
import { AlarmsStack } from "./components/alarms-stack";
import { ArchiveStack } from "./components/archive-stack";
import { BudgetStack, PLATFORM_PIPELINE } from "./components/budget-stack";
import { ProcessorStack } from "./components/processor-stack";
import { SearchStack } from "./components/search-stack";
import { StreamStack } from "./components/stream-stack";
import { TablesStack } from "./components/tables-stack";
import { fieldOfModuleError } from "./module-props";
import { stackName } from "./naming";
import { STREAM_COMPONENTS } from "./naming";

/** A stack the environment deploys, with the stacks that must be deployed before it. */
export interface PlannedStack {
  readonly stack: PlatformStack;
  readonly name: string;
  readonly pipeline: string;
  readonly component: string;
  readonly dependsOn: readonly string[];
}

/** Where a component's settings live in the merged environment: `["pipelines", 0, "archive"]`. */
export type ConfigPath = readonly (string | number)[];

/**
 * Creates one stack per enabled component of every enabled pipeline of `env`, in deployment order,
 * and records the order with `addDependency` (for `cdktf deploy`), never with remote state.
 * A module refusing a value throws a {@link ConfigError} naming the file and field that set it,
 * after every stack was tried, so all such problems are listed at once.
 */
export function buildEnvironmentStacks(scope: Construct, env: EnvironmentConfig, mode: DeploymentMode): PlannedStack[] {
  const planned: PlannedStack[] = [];
  const problems: ConfigProblem[] = [];
  const add = (pipeline: string, component: string, dependsOn: string[], create: () => PlatformStack, path: ConfigPath = []) => {
    let stack: PlatformStack;
    try {
      stack = create();
    } catch (error) {
      if (!(error instanceof Error) || error instanceof ConfigError) throw error;
      const field = fieldOfModuleError(path, error.message, (candidate) => env.sources.has(candidate));
      problems.push(env.sources.problem([...field], `expected settings the ${component} component accepts, found one it refuses: ${error.message}`));
      return;
    }
    const names = dependsOn.map((c) => stackName(env, pipeline, c));
    for (const dependency of names) {
      const upstream = planned.find((p) => p.name === dependency);
      if (upstream) stack.addDependency(upstream.stack);
    }
    planned.push({ stack, name: stack.node.id, pipeline, component, dependsOn: names });
  };

  env.pipelines.forEach((pipeline, index) => {
    if (pipeline.enabled) addPipelineStacks(scope, env, mode, pipeline, ["pipelines", index], add, () => planned);
  });
  if (env.notifications.monthlyBudgetUsd !== undefined) {
    add(PLATFORM_PIPELINE, "budget", [], () => new BudgetStack(scope, { env, mode }), ["notifications", "monthlyBudgetUsd"]);
  }
  if (problems.length > 0) throw new ConfigError(env.name, problems);
  return planned;
}

type AddStack = (pipeline: string, component: string, dependsOn: string[], create: () => PlatformStack, path?: ConfigPath) => void;

function addPipelineStacks(
  scope: Construct,
  env: EnvironmentConfig,
  mode: DeploymentMode,
  pipeline: PipelineConfig,
  at: ConfigPath,
  add: AddStack,
  planned: () => readonly PlannedStack[],
): void {
  const base = { env, mode, pipelineConfig: pipeline };
  const on = <T extends { enabled: boolean }>(component: T | undefined): component is T => component?.enabled === true;
  const p = pipeline.name;

  for (const source of ["stream", "outputStream"] as const) {
    if (on(pipeline[source])) add(p, STREAM_COMPONENTS[source], [], () => new StreamStack(scope, { ...base, component: STREAM_COMPONENTS[source], source }), [...at, source]);
  }
  if (on(pipeline.tables)) add(p, "tables", [], () => new TablesStack(scope, { ...base, component: "tables" }), [...at, "tables"]);
  if (on(pipeline.api)) add(p, "api", ["stream"], () => new ApiStack(scope, { ...base, component: "api" }), [...at, "api"]);
  if (on(pipeline.analytics)) {
    add(p, "analytics", ["stream", "output-stream"], () => new AnalyticsStack(scope, { ...base, component: "analytics" }), [...at, "analytics"]);
  }
  (pipeline.processors ?? []).forEach((processor, index) => {
    if (!processor.enabled) return;
    const upstream: string[] = [STREAM_COMPONENTS[processor.source]];
    if (processor.table) upstream.push("tables");
    if (processor.writesToOutputStream) upstream.push(STREAM_COMPONENTS.outputStream);
    add(p, processor.name, upstream, () => new ProcessorStack(scope, { ...base, component: processor.name, processor }), [...at, "processors", index]);
  });
  if (on(pipeline.archive)) {
    add(p, "archive", [STREAM_COMPONENTS[pipeline.archive.source]], () => new ArchiveStack(scope, { ...base, component: "archive" }), [...at, "archive"]);
  }
  if (on(pipeline.search)) {
    add(p, "search", [STREAM_COMPONENTS[pipeline.search.source]], () => new SearchStack(scope, { ...base, component: "search" }), [...at, "search"]);
  }
  if (on(pipeline.alarms)) {
    // Last: alarms watch every other component, by name.
    const watched = planned().filter((stack) => stack.pipeline === p).map((stack) => stack.component);
    add(p, "alarms", watched, () => new AlarmsStack(scope, { ...base, component: "alarms" }), [...at, "alarms"]);
  }
}
