import type { Rule, StackJson, TfResource } from "./engine";

/** Resources by type and name, as in a `cdk.tf.json`. */
export type Resources = Record<string, Record<string, TfResource>>;

/** The stack name of hand-made stacks; addresses read `unit:<type>.<name>`. */
export const UNIT_STACK = "unit";

/** A hand-made stack holding `resources` (and `data` sources). */
export function stackOf(resources: Resources, data: Resources = {}): StackJson {
  return { "//": { metadata: { stackName: UNIT_STACK } }, resource: resources, data };
}

/** A copy of `resources` with one resource's attributes changed (`undefined` removes an attribute). */
export function patch(resources: Resources, type: string, name: string, changes: Record<string, unknown>): Resources {
  const current = resources[type]?.[name];
  if (current === undefined) throw new Error(`fixture has no ${type}.${name}`);
  const next: Record<string, unknown> = { ...current, ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete next[key];
  return { ...resources, [type]: { ...resources[type], [name]: next } };
}

/** A copy of `resources` without one resource. */
export function remove(resources: Resources, type: string, name: string): Resources {
  const { [name]: _removed, ...rest } = resources[type] ?? {};
  return { ...resources, [type]: rest };
}

/** A failing variant of a rule's fixture: the finding expected at `address`, its reason matching `reason`. */
export interface FailingCase {
  readonly title: string;
  readonly stack: StackJson;
  readonly address: string;
  readonly reason: RegExp;
}

/** Proof that a rule passes a compliant fixture and fails each broken variant with the right address. */
export interface RuleCase {
  readonly rule: Rule;
  readonly passing: StackJson;
  readonly failing: readonly FailingCase[];
}

/** `JSON.stringify` of an IAM document, as our modules synthesize policies. */
export const policyJson = (...statements: Record<string, unknown>[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });
