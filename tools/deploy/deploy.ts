import { mapLimit } from "../terraform/run";
import { downstreamOf, inDependencyOrder } from "./order";
import { type StackDir, applyStack, destroyStack, stateResources } from "./stack-terraform";
import { retainedResources } from "./disposable";
import type { PlannedStack } from "../../stacks/app";
import type { SynthesizedTarget } from "./target";

/**
 * Stacks applied at once. Each Terraform command spends seconds of CPU loading the provider, then
 * waits while the provider polls until a stream, key or table is ready; six in flight keep two cores
 * busy through those waits.
 */
export const STACK_CONCURRENCY = 6;

/** A request the environment cannot satisfy as asked (unknown stack, missing upstream, live downstream). */
export class DeployRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeployRefusal";
  }
}

type Stack = SynthesizedTarget["stacks"][number];
type Log = (line: string) => void;

/** The named stack, or a refusal that lists the environment's stacks in deployment order. */
export function findStack(target: SynthesizedTarget, name: string): Stack {
  const stack = target.stacks.find((s) => s.name === name);
  if (stack) return stack;
  throw new DeployRefusal(`No stack "${name}" in ${target.env.name}. Stacks, in deployment order:\n  ${target.stacks.map((s) => s.name).join("\n  ")}`);
}

/** Which of `stacks` have resources in their state, checked in parallel. */
export async function deployedOf(stacks: readonly Stack[]): Promise<Set<string>> {
  const resources = await mapLimit(stacks, STACK_CONCURRENCY, (stack) => stateResources(stack));
  return new Set(stacks.filter((_, index) => resources[index]!.length > 0).map((s) => s.name));
}

/**
 * Deploys one stack (after checking that every upstream stack is deployed) or, without `stackName`,
 * every stack of the environment in deployment order, each as soon as what it reads is deployed.
 */
export async function deployTarget(target: SynthesizedTarget, stackName: string | undefined, log: Log = console.error): Promise<string[]> {
  if (stackName) {
    const stack = findStack(target, stackName);
    const upstream = target.stacks.filter((s) => stack.dependsOn.includes(s.name));
    const deployed = await deployedOf(upstream);
    const missing = upstream.filter((s) => !deployed.has(s.name)).map((s) => s.name);
    if (missing.length > 0) {
      throw new DeployRefusal(
        `${stack.name} reads stacks that are not deployed yet: ${missing.join(", ")}.\n` +
          `Deploy them first (make deploy ENV=${target.env.name} STACK=<name>), or the whole environment: make deploy ENV=${target.env.name}`,
      );
    }
    await applyStack(stack);
    log(`deployed  ${stack.name}`);
    return [stack.name];
  }
  const done: string[] = [];
  await inDependencyOrder(target.stacks, STACK_CONCURRENCY, async (stack) => {
    await applyStack(stack);
    log(`deployed  ${stack.name}`);
    done.push(stack.name);
  });
  return done;
}

/**
 * Destroys one stack (refusing while a stack that reads it still exists) or, without `stackName`,
 * every stack of the environment in reverse deployment order.
 */
export async function destroyTarget(target: SynthesizedTarget, stackName: string | undefined, log: Log = console.error): Promise<string[]> {
  refuseRetained(target, stackName ? [findStack(target, stackName)] : target.stacks);
  if (stackName) {
    const stack = findStack(target, stackName);
    const downstream = downstreamOf(target.stacks, stack.name);
    const live = await deployedOf(downstream);
    if (live.size > 0) {
      throw new DeployRefusal(
        `Refusing to destroy ${stack.name}: these stacks read it and still exist: ${[...live].join(", ")}.\n` +
          `Destroy them first, or the whole environment: make destroy ENV=${target.env.name}`,
      );
    }
    await destroyStack(stack);
    log(`destroyed ${stack.name}`);
    return [stack.name];
  }
  const done: string[] = [];
  await inDependencyOrder(
    target.stacks,
    STACK_CONCURRENCY,
    async (stack) => {
      await destroyStack(stack);
      log(`destroyed ${stack.name}`);
      done.push(stack.name);
    },
    { reverse: true },
  );
  return done;
}

/**
 * Terraform would fail on a resource kept by `prevent_destroy` only when it reaches that stack, after
 * destroying the stacks before it; refusing first leaves the environment as it was.
 */
function refuseRetained(target: SynthesizedTarget, stacks: readonly (PlannedStack & StackDir)[]): void {
  const retained = stacks.flatMap((stack) => retainedResources(stack.dir).map((address) => `  ${stack.name}: ${address}`));
  if (retained.length === 0) return;
  throw new DeployRefusal(
    `Refusing to destroy: these resources keep their data (archives' retainOnDelete and tables' deletionProtection, true by default):\n${retained.join("\n")}\n` +
      `To delete them with the stacks, set retainOnDelete: false (archive) or deletionProtection: false (tables) on the component in envs/${target.env.name}.yaml and run make deploy ENV=${target.env.name} first (a bucket must also be empty, every version included). ` +
      "To keep them in AWS and stop managing them, remove them from the stack's state (terraform state rm) before destroying.",
  );
}
