/** What ordering needs of a stack: its name and the stacks it reads. */
export interface OrderedStack {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

/**
 * Groups stacks into waves: every stack's upstream stacks are in earlier waves, so a wave deploys in
 * parallel. Stacks keep the environment's order inside a wave. An upstream outside `stacks` is ignored
 * (already deployed, or checked by the caller).
 */
export function deploymentWaves<T extends OrderedStack>(stacks: readonly T[]): T[][] {
  const names = new Set(stacks.map((s) => s.name));
  const wave = new Map<string, number>();
  const waveOf = (stack: T, seen: readonly string[]): number => {
    const known = wave.get(stack.name);
    if (known !== undefined) return known;
    if (seen.includes(stack.name)) throw new Error(`Stacks depend on each other in a cycle: ${[...seen, stack.name].join(" → ")}`);
    const upstream = stack.dependsOn.filter((name) => names.has(name)).map((name) => stacks.find((s) => s.name === name)!);
    const value = upstream.length === 0 ? 0 : 1 + Math.max(...upstream.map((u) => waveOf(u, [...seen, stack.name])));
    wave.set(stack.name, value);
    return value;
  };
  const waves: T[][] = [];
  for (const stack of stacks) (waves[waveOf(stack, [])] ??= []).push(stack);
  return waves.filter(Boolean);
}

/** The stacks that read `name`, directly or through others, in the environment's order. */
export function downstreamOf<T extends OrderedStack>(stacks: readonly T[], name: string): T[] {
  const found = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const stack of stacks) {
      if (found.has(stack.name)) continue;
      if (stack.dependsOn.some((upstream) => upstream === name || found.has(upstream))) {
        found.add(stack.name);
        grew = true;
      }
    }
  }
  return stacks.filter((s) => found.has(s.name));
}

/**
 * Runs `work` on every stack, each as soon as the stacks it reads (or, with `reverse`, the stacks
 * that read it) have finished, with at most `limit` in flight; ready stacks start in the
 * environment's order. Unlike waves, a slow stack holds back only the stacks that need it. After a
 * failure nothing new starts; the stacks in flight finish, then the first error is thrown.
 */
export async function inDependencyOrder<T extends OrderedStack>(
  stacks: readonly T[],
  limit: number,
  work: (stack: T) => Promise<void>,
  { reverse = false }: { reverse?: boolean } = {},
): Promise<void> {
  deploymentWaves(stacks); // refuses a cycle before anything starts
  const names = new Set(stacks.map((s) => s.name));
  const needs = new Map(
    stacks.map((stack) => [
      stack.name,
      new Set(reverse ? stacks.filter((s) => s.dependsOn.includes(stack.name)).map((s) => s.name) : stack.dependsOn.filter((n) => names.has(n))),
    ]),
  );
  const waiting = [...stacks];
  const done = new Set<string>();
  let running = 0;
  let failure: { error: unknown } | undefined;
  await new Promise<void>((resolve) => {
    const pump = () => {
      while (!failure && running < limit) {
        const index = waiting.findIndex((stack) => [...needs.get(stack.name)!].every((name) => done.has(name)));
        if (index < 0) break;
        const [stack] = waiting.splice(index, 1);
        running++;
        work(stack!).then(
          () => {
            done.add(stack!.name);
          },
          (error: unknown) => {
            failure ??= { error };
          },
        ).finally(() => {
          running--;
          pump();
        });
      }
      if (running === 0) resolve();
    };
    pump();
  });
  if (failure) throw failure.error;
}
