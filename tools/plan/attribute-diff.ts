import type { ResourceChange } from "./plan-json";

/** What a value cell shows instead of a value it must not or cannot show. */
export const SENSITIVE = "(sensitive value)";
export const UNKNOWN = "(known after apply)";
export const ABSENT = "(none)";

/** A value as a reviewer reads it: literal JSON, or one of the placeholders above. */
export type AttributeValue = { readonly literal: string } | { readonly placeholder: typeof SENSITIVE | typeof UNKNOWN | typeof ABSENT };

/** One leaf attribute whose value the plan changes. */
export interface AttributeChange {
  /** Terraform-style path: `environment[0].variables.TOKEN`, `tags["aws:x"]`; JSON strings are walked into (`policy.Statement[0].Action`). */
  readonly path: string;
  readonly before: AttributeValue;
  readonly after: AttributeValue;
  /** True when a `replace_paths` entry of the plan covers this attribute. */
  readonly forcesReplacement: boolean;
}

/** A literal longer than this is cut in the summary; the full value is in the plan's JSON. */
export const MAX_VALUE_CHARS = 200;

type Step = string | number;
type Marker = unknown;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `a.b[0]["c d"]`, the way Terraform writes attribute paths; the empty path is the whole resource. */
export function pathText(path: readonly Step[]): string {
  if (path.length === 0) return "(all attributes)";
  return path
    .map((step, index) => {
      if (typeof step === "number") return `[${step}]`;
      if (!IDENTIFIER.test(step)) return `[${JSON.stringify(step)}]`;
      return index === 0 ? step : `.${step}`;
    })
    .join("");
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === "object" && value !== null;
}

/** Terraform writes absent and null attributes alike; neither is a change from the other. */
function same(a: unknown, b: unknown): boolean {
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

function child(marker: Marker, step: Step): Marker {
  if (marker === true) return true;
  return isContainer(marker) ? (marker as Record<string, unknown>)[step as string] : undefined;
}

function containsSensitive(marker: Marker): boolean {
  if (marker === true) return true;
  return isContainer(marker) && Object.values(marker).some(containsSensitive);
}

/** The value as shown: absent, masked when any part of it is sensitive, or its JSON cut to {@link MAX_VALUE_CHARS}. */
function shown(value: unknown, sensitive: Marker): AttributeValue {
  if (value === undefined) return { placeholder: ABSENT };
  if (containsSensitive(sensitive)) return { placeholder: SENSITIVE };
  const text = JSON.stringify(value);
  if (text.length <= MAX_VALUE_CHARS) return { literal: text };
  return { literal: `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length} characters)` };
}

/** A JSON document inside a string attribute (IAM policies, dashboard bodies), or undefined. */
function decodedJson(value: unknown): Record<string, unknown> | unknown[] | undefined {
  if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isContainer(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function keysOf(...values: unknown[]): Step[] {
  if (values.some(Array.isArray)) {
    const length = Math.max(...values.map((value) => (Array.isArray(value) ? value.length : 0)));
    return Array.from({ length }, (_, index) => index);
  }
  return [...new Set(values.flatMap((value) => (isContainer(value) ? Object.keys(value) : [])))].sort();
}

interface Walk {
  readonly before: unknown;
  readonly after: unknown;
  readonly beforeSensitive: Marker;
  readonly afterSensitive: Marker;
  readonly unknown: Marker;
}

function walk(path: Step[], node: Walk, out: { path: Step[]; before: AttributeValue; after: AttributeValue }[]): void {
  const { before, after, unknown } = node;
  const sensitive = node.beforeSensitive === true || node.afterSensitive === true;
  if (unknown === true) {
    out.push({ path, before: shown(before, sensitive || node.beforeSensitive), after: { placeholder: UNKNOWN } });
    return;
  }
  if (sensitive) {
    // Masked on both sides: a value that only became sensitive is still a secret in the new configuration.
    if (!same(before, after)) out.push({ path, before: shown(before, true), after: shown(after, true) });
    return;
  }
  const beforeNested = isContainer(before) || before === undefined || before === null;
  const afterNested = isContainer(after) || after === undefined || after === null;
  if ((isContainer(before) || isContainer(after) || isContainer(unknown)) && beforeNested && afterNested && Array.isArray(before ?? after) === Array.isArray(after ?? before)) {
    for (const step of keysOf(before, after, unknown)) {
      walk([...path, step], {
        before: child(before, step),
        after: child(after, step),
        beforeSensitive: child(node.beforeSensitive, step),
        afterSensitive: child(node.afterSensitive, step),
        unknown: child(unknown, step),
      }, out);
    }
    return;
  }
  if (same(before, after)) return;
  const beforeJson = before === undefined || before === null ? null : decodedJson(before);
  const afterJson = after === undefined || after === null ? null : decodedJson(after);
  if (beforeJson !== undefined && afterJson !== undefined && (beforeJson || afterJson)) {
    const nested: typeof out = [];
    walk(path, { before: beforeJson ?? undefined, after: afterJson ?? undefined, beforeSensitive: undefined, afterSensitive: undefined, unknown: undefined }, nested);
    // Equal documents written differently (key order, spacing) still differ as strings: show the strings.
    if (nested.length > 0) {
      out.push(...nested);
      return;
    }
  }
  out.push({ path, before: shown(before, node.beforeSensitive), after: shown(after, node.afterSensitive) });
}

function covers(replacePath: readonly Step[], path: readonly Step[]): boolean {
  return replacePath.length <= path.length && replacePath.every((step, index) => step === path[index]);
}

/**
 * Every leaf attribute an update or replacement changes, old → new: sensitive values masked on both
 * sides, unknown values shown as "(known after apply)", nested blocks and JSON strings walked by path.
 * Attributes that force the replacement come first, the rest in path order.
 */
export function attributeChanges(change: ResourceChange["change"]): AttributeChange[] {
  const rows: { path: Step[]; before: AttributeValue; after: AttributeValue }[] = [];
  walk([], { before: change.before ?? {}, after: change.after ?? {}, beforeSensitive: change.before_sensitive, afterSensitive: change.after_sensitive, unknown: change.after_unknown }, rows);
  const replacePaths = change.replace_paths ?? [];
  const changes = rows.map((row) => ({ path: pathText(row.path), before: row.before, after: row.after, forcesReplacement: replacePaths.some((p) => covers(p, row.path)) }));
  return [...changes.filter((c) => c.forcesReplacement), ...changes.filter((c) => !c.forcesReplacement)];
}
