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
