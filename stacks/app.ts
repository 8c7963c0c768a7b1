import type { Construct } from "constructs";
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
import { stackName } from "./naming";
import { STREAM_COMPONENTS } from "./references";

/** A stack the environment deploys, with the stacks that must be deployed before it. */
export interface PlannedStack {
  readonly stack: PlatformStack;
  readonly name: string;
  readonly pipeline: string;
  readonly component: string;
  readonly dependsOn: readonly string[];
}

/**
 * Creates one stack per enabled component of every enabled pipeline of `env`, in deployment order,
 * and records the order with `addDependency` (for `cdktf deploy`), never with remote state.
 */
export function buildEnvironmentStacks(scope: Construct, env: EnvironmentConfig, mode: DeploymentMode): PlannedStack[] {
  const planned: PlannedStack[] = [];
  const add = (pipeline: string, component: string, dependsOn: string[], create: () => PlatformStack) => {
    const stack = create();
    const names = dependsOn.map((c) => stackName(env, pipeline, c));
    for (const dependency of names) {
      const upstream = planned.find((p) => p.name === dependency);
      if (upstream) stack.addDependency(upstream.stack);
    }
    planned.push({ stack, name: stack.node.id, pipeline, component, dependsOn: names });
  };

  for (const pipeline of env.pipelines.filter((p) => p.enabled)) {
    addPipelineStacks(scope, env, mode, pipeline, add, () => planned);
  }
  if (env.notifications.monthlyBudgetUsd !== undefined) {
    add(PLATFORM_PIPELINE, "budget", [], () => new BudgetStack(scope, { env, mode }));
  }
  return planned;
}

type AddStack = (pipeline: string, component: string, dependsOn: string[], create: () => PlatformStack) => void;

function addPipelineStacks(
  scope: Construct,
  env: EnvironmentConfig,
  mode: DeploymentMode,
  pipeline: PipelineConfig,
  add: AddStack,
  planned: () => readonly PlannedStack[],
): void {
  const base = { env, mode, pipelineConfig: pipeline };
  const on = <T extends { enabled: boolean }>(component: T | undefined): component is T => component?.enabled === true;
  const p = pipeline.name;

  for (const source of ["stream", "outputStream"] as const) {
    if (on(pipeline[source])) add(p, STREAM_COMPONENTS[source], [], () => new StreamStack(scope, { ...base, component: STREAM_COMPONENTS[source], source }));
  }
  if (on(pipeline.tables)) add(p, "tables", [], () => new TablesStack(scope, { ...base, component: "tables" }));
  if (on(pipeline.api)) add(p, "api", ["stream"], () => new ApiStack(scope, { ...base, component: "api" }));
  if (on(pipeline.analytics)) {
    add(p, "analytics", ["stream", "output-stream"], () => new AnalyticsStack(scope, { ...base, component: "analytics" }));
  }
  for (const processor of (pipeline.processors ?? []).filter((candidate) => candidate.enabled)) {
    const upstream: string[] = [STREAM_COMPONENTS[processor.source]];
    if (processor.table) upstream.push("tables");
    if (processor.writesToOutputStream) upstream.push(STREAM_COMPONENTS.outputStream);
    add(p, processor.name, upstream, () => new ProcessorStack(scope, { ...base, component: processor.name, processor }));
  }
  if (on(pipeline.archive)) {
    add(p, "archive", [STREAM_COMPONENTS[pipeline.archive.source]], () => new ArchiveStack(scope, { ...base, component: "archive" }));
  }
  if (on(pipeline.search)) {
    add(p, "search", [STREAM_COMPONENTS[pipeline.search.source]], () => new SearchStack(scope, { ...base, component: "search" }));
  }
  if (on(pipeline.alarms)) {
    // Last: alarms watch every other component, by name.
    const watched = planned().filter((stack) => stack.pipeline === p).map((stack) => stack.component);
    add(p, "alarms", watched, () => new AlarmsStack(scope, { ...base, component: "alarms" }));
  }
}
