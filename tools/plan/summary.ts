import { type ChangeKind, type PlanJson, type ResourceChange, changeKind } from "./plan-json";

/** Counts of one stack's plan, and the changes a reviewer must look at first. */
export interface StackPlanSummary {
  readonly stack: string;
  readonly ok: boolean;
  /** Terraform's error output when the plan failed. */
  readonly error?: string;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly replace: number;
  /** Deletions and replacements, with the attributes that force each replacement. */
  readonly destructive: readonly { address: string; kind: "delete" | "replace"; forcedBy: readonly string[] }[];
  readonly changes: readonly { address: string; kind: ChangeKind; attributes: readonly string[] }[];
}

const SENSITIVE = "(sensitive value)";

function pathText(path: readonly (string | number)[]): string {
  return path.map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${part}`)).join("");
}

function isSensitive(marker: unknown, key: string): boolean {
  if (marker === true) return true;
  return typeof marker === "object" && marker !== null && (marker as Record<string, unknown>)[key] === true;
}

/** Top-level attributes whose value differs, sensitive ones named but never shown. */
export function changedAttributes(change: ResourceChange["change"]): string[] {
  const before = (change.before ?? {}) as Record<string, unknown>;
  const after = (change.after ?? {}) as Record<string, unknown>;
  const unknown = (change.after_unknown ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  return [...keys]
    .filter((key) => unknown[key] === true || JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .filter((key) => !(before[key] === undefined && (after[key] === null || after[key] === undefined) && unknown[key] !== true))
    .map((key) => (isSensitive(change.before_sensitive, key) || isSensitive(change.after_sensitive, key) ? `${key} ${SENSITIVE}` : key))
    .sort();
}

/** Summarizes `terraform show -json` of one stack. */
export function summarizePlan(stack: string, plan: PlanJson): StackPlanSummary {
  const counts = { add: 0, change: 0, destroy: 0, replace: 0 };
  const destructive: StackPlanSummary["destructive"][number][] = [];
  const changes: StackPlanSummary["changes"][number][] = [];
  for (const resource of plan.resource_changes ?? []) {
    if (resource.mode === "data") continue;
    const kind = changeKind(resource.change.actions);
    if (kind === "no-op" || kind === "read") continue;
    if (kind === "create") counts.add++;
    if (kind === "update") counts.change++;
    if (kind === "delete") counts.destroy++;
    if (kind === "replace") counts.replace++;
    if (kind === "delete" || kind === "replace") {
      destructive.push({ address: resource.address, kind, forcedBy: (resource.change.replace_paths ?? []).map(pathText) });
    }
    changes.push({ address: resource.address, kind, attributes: kind === "update" || kind === "replace" ? changedAttributes(resource.change) : [] });
  }
  return { stack, ok: true, ...counts, destructive, changes };
}

/** A stack whose plan failed, with Terraform's message. */
export function failedPlan(stack: string, error: string): StackPlanSummary {
  return { stack, ok: false, error, add: 0, change: 0, destroy: 0, replace: 0, destructive: [], changes: [] };
}

const KIND_SYMBOL: Record<ChangeKind, string> = { create: "+", update: "~", delete: "-", replace: "-/+", "no-op": " ", read: "<=" };

/** The per-stack markdown page: destructive changes first, then every change. */
export function stackMarkdown(summary: StackPlanSummary): string {
  const lines = [`# ${summary.stack}`, ""];
  if (!summary.ok) return [...lines, "**Plan failed.**", "", "```", (summary.error ?? "").trim(), "```", ""].join("\n");
  lines.push(`${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy, ${summary.replace} to replace.`, "");
  if (summary.destructive.length > 0) {
    lines.push("## Deletions and replacements", "");
    for (const item of summary.destructive) {
      const forced = item.forcedBy.length > 0 ? ` (forced by ${item.forcedBy.map((p) => `\`${p}\``).join(", ")})` : "";
      lines.push(`- **${item.kind}** \`${item.address}\`${forced}`);
    }
    lines.push("");
  }
  if (summary.changes.length > 0) {
    lines.push("## Changes", "", "```diff");
    for (const item of summary.changes) {
      const attributes = item.attributes.length > 0 ? `  (${item.attributes.join(", ")})` : "";
      lines.push(`${KIND_SYMBOL[item.kind]} ${item.address}${attributes}`);
    }
    lines.push("```", "");
  }
  return lines.join("\n");
}

/** The environment's SUMMARY.md: banner, one table row per stack, then every deletion and replacement. */
export function summaryMarkdown(env: string, summaries: readonly StackPlanSummary[], banner?: string, extras: readonly string[] = []): string {
  const lines = [`# Plan: ${env}`, ""];
  if (banner) lines.push(`> **${banner}**`, "");
  const destructive = summaries.flatMap((s) => s.destructive.map((d) => ({ stack: s.stack, ...d })));
  if (destructive.length > 0) {
    lines.push("## ⚠ Deletions and replacements", "");
    for (const item of destructive) {
      const forced = item.forcedBy.length > 0 ? ` (forced by ${item.forcedBy.map((p) => `\`${p}\``).join(", ")})` : "";
      lines.push(`- ${item.stack}: **${item.kind}** \`${item.address}\`${forced}`);
    }
    lines.push("");
  }
  lines.push("| Stack | Add | Change | Destroy | Replace | Status |", "|---|---:|---:|---:|---:|---|");
  for (const s of summaries) {
    lines.push(`| [${s.stack}](${s.stack}.md) | ${s.add} | ${s.change} | ${s.destroy} | ${s.replace} | ${s.ok ? "planned" : "**FAILED**"} |`);
  }
  const total = summaries.reduce((t, s) => ({ add: t.add + s.add, change: t.change + s.change, destroy: t.destroy + s.destroy, replace: t.replace + s.replace }), { add: 0, change: 0, destroy: 0, replace: 0 });
  lines.push(`| **total** | ${total.add} | ${total.change} | ${total.destroy} | ${total.replace} | ${summaries.filter((s) => !s.ok).length} failed |`, "");
  for (const extra of extras) lines.push(extra, "");
  return lines.join("\n");
}

/** A fixed-width table for the terminal. */
export function summaryTable(summaries: readonly StackPlanSummary[]): string {
  const rows = [["STACK", "ADD", "CHANGE", "DESTROY", "REPLACE", "STATUS"], ...summaries.map((s) => [s.stack, String(s.add), String(s.change), String(s.destroy), String(s.replace), s.ok ? "planned" : "FAILED"])];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 || column === 5 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ").trimEnd()).join("\n");
}
