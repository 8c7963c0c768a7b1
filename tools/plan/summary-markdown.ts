import type { AttributeChange, AttributeValue } from "./attribute-diff";
import { code, details, fenced, html, tableRow } from "./markdown";
import type { ResourceSummary, StackPlanSummary } from "./summary";

/** A resource with more changed attributes than this lists the first ones and says how many it left out. */
export const MAX_ATTRIBUTE_ROWS = 60;
/** A failed stack's error is cut to this many lines, and to {@link MAX_ERROR_CHARS} characters. */
export const MAX_ERROR_LINES = 60;
export const MAX_ERROR_CHARS = 6000;

function value(v: AttributeValue): string {
  return "literal" in v ? code(v.literal) : `*${v.placeholder}*`;
}

function attributeTable(stack: string, attributes: readonly AttributeChange[]): string[] {
  const shown = attributes.slice(0, MAX_ATTRIBUTE_ROWS);
  const lines = ["| Attribute | Old → new |", "|---|---|"];
  for (const a of shown) lines.push(tableRow([`${code(a.path)}${a.forcesReplacement ? " **forces replacement**" : ""}`, `${value(a.before)} → ${value(a.after)}`]));
  const left = attributes.length - shown.length;
  if (left > 0) lines.push("", `*${left} more changed attributes left out here; every one is in the stack's plan JSON (\`${stack}.json\`).*`);
  return lines;
}

function forcedText(change: ResourceSummary): string {
  if (change.forcedBy.length > 0) return ` (forced by ${change.forcedBy.map(code).join(", ")})`;
  return change.reason ? ` (${change.reason})` : "";
}

/** Terraform's error output, cut to whole lines within the limits, with a note saying what was cut. */
export function errorMarkdown(error: string): string {
  const all = error.replace(/\u001b\[[0-9;]*m/g, "").replace(/^\s*\n/, "").trimEnd().split("\n");
  const kept: string[] = [];
  let chars = 0;
  for (const line of all) {
    if (kept.length === MAX_ERROR_LINES || chars + line.length + 1 > MAX_ERROR_CHARS) break;
    kept.push(line);
    chars += line.length + 1;
  }
  const longFirstLine = kept.length === 0;
  if (longFirstLine) kept.push(`${all[0]!.slice(0, MAX_ERROR_CHARS)}…`);
  const lines = ["**Plan failed.** Terraform said:", "", fenced(kept.join("\n"), "text")];
  const cut = longFirstLine ? `the first ${MAX_ERROR_CHARS} characters` : `the first ${kept.length} of ${all.length} lines`;
  if (kept.length < all.length || longFirstLine) lines.push("", `*Cut to ${cut}; the whole output is in the \`make plan\` log.*`);
  return lines.join("\n");
}

/** The markdown of one stack's changes: replacements with the attribute forcing each, deletions, updates old → new, creations. */
export function stackBody(summary: StackPlanSummary): string {
  if (!summary.ok) return errorMarkdown(summary.error ?? "");
  const blocks: string[] = [];
  const of = (kind: ResourceSummary["kind"]) => summary.changes.filter((c) => c.kind === kind);
  for (const change of of("replace")) blocks.push([`**-/+ replace** ${code(change.address)}${forcedText(change)}`, "", ...attributeTable(summary.stack, change.attributes)].join("\n"));
  if (of("delete").length > 0) blocks.push(["**- destroy**", "", ...of("delete").map((c) => `- ${code(c.address)}${forcedText(c)}`)].join("\n"));
  for (const change of of("update")) blocks.push([`**~ update** ${code(change.address)}`, "", ...attributeTable(summary.stack, change.attributes)].join("\n"));
  if (of("create").length > 0) blocks.push(["**+ create**", "", ...of("create").map((c) => `- ${code(c.address)}`)].join("\n"));
  return blocks.length > 0 ? blocks.join("\n\n") : "No changes.";
}

function counts(s: StackPlanSummary): string {
  return `${s.add} to add, ${s.change} to change, ${s.destroy} to destroy, ${s.replace} to replace`;
}

/** The per-stack page, `plans/<env>/<stack>.md`. */
export function stackMarkdown(summary: StackPlanSummary): string {
  const lines = [`# ${summary.stack}`, ""];
  if (summary.ok) lines.push(`${counts(summary)}.`, "");
  return [...lines, stackBody(summary), ""].join("\n");
}

function hasChanges(s: StackPlanSummary): boolean {
  return !s.ok || s.changes.length > 0;
}

/**
 * The environment's SUMMARY.md, which the pull-request workflow posts: banner, failures, deletions
 * and replacements, routes open to anyone, one table row per stack, then each stack's changes in a collapsible block.
 */
export function summaryMarkdown(env: string, summaries: readonly StackPlanSummary[], banner?: string, extras: readonly string[] = []): string {
  const lines = [`# Plan: ${env}`, ""];
  if (banner) lines.push(`> **${banner}**`, "");
  const failed = summaries.filter((s) => !s.ok);
  if (failed.length > 0) {
    lines.push(`**${failed.length} ${failed.length === 1 ? "stack" : "stacks"} failed to plan:** ${failed.map((s) => code(s.stack)).join(", ")}. The errors are under *Changes by stack*.`, "");
  }
  const destructive = summaries.flatMap((s) => s.changes.filter((c) => c.kind === "replace" || c.kind === "delete").map((c) => ({ stack: s.stack, ...c })));
  if (destructive.length > 0) {
    lines.push("## ⚠ Deletions and replacements", "");
    for (const item of destructive) lines.push(`- ${item.stack}: **${item.kind}** ${code(item.address)}${forcedText(item)}`);
    lines.push("");
  }
  const open = summaries.flatMap((s) => (s.openRoutes ?? []).map((r) => ({ stack: s.stack, ...r })));
  if (open.length > 0) {
    lines.push("## ⚠ Endpoints open to anyone", "", "These routes are planned with `authorization: { type: NONE }` (the pipeline's explicit opt-out): anyone who finds the URL can write events.", "");
    for (const route of open) lines.push(`- ${route.stack}: ${code(route.routeKey)} (${code(route.address)})`);
    lines.push("");
  }
  lines.push("| Stack | Add | Change | Destroy | Replace | Status |", "|---|---:|---:|---:|---:|---|");
  for (const s of summaries) lines.push(tableRow([s.stack, String(s.add), String(s.change), String(s.destroy), String(s.replace), s.ok ? "planned" : "**FAILED**"]));
  const total = summaries.reduce((t, s) => ({ add: t.add + s.add, change: t.change + s.change, destroy: t.destroy + s.destroy, replace: t.replace + s.replace }), { add: 0, change: 0, destroy: 0, replace: 0 });
  lines.push(tableRow(["**total**", String(total.add), String(total.change), String(total.destroy), String(total.replace), `${failed.length} failed`]), "");

  const changed = [...failed, ...summaries.filter((s) => s.ok && hasChanges(s))];
  if (changed.length > 0) {
    lines.push("## Changes by stack", "");
    for (const s of changed) lines.push(details(s.ok ? `<b>${html(s.stack)}</b>: ${counts(s)}` : `❌ <b>${html(s.stack)}</b>: plan failed`, stackBody(s)), "");
  }
  const unchanged = summaries.filter((s) => !hasChanges(s));
  if (unchanged.length > 0) lines.push(`No changes: ${unchanged.map((s) => code(s.stack)).join(", ")}.`, "");
  for (const extra of extras) lines.push(extra.trimEnd(), "");
  return lines.join("\n");
}
