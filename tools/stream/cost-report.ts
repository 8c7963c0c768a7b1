import type { EnvironmentConfig } from "../../envs/schema/environment";
import { estimateCost, type CostEstimate, type CostOptions } from "./cost";
import type { PriceList } from "./prices";

/** Dollars with cents, thousands separated: `$1,234.56`. */
export function usd(value: number): string {
  return `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function quantity(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString("en-US");
  return value.toLocaleString("en-US", { maximumFractionDigits: 3 });
}

/** Monthly dollars per pipeline and service, in the order they first appear. */
export function subtotals(estimate: CostEstimate): Array<{ pipeline: string; service: string; monthlyUsd: number }> {
  const totals = new Map<string, { pipeline: string; service: string; monthlyUsd: number }>();
  for (const line of estimate.lines) {
    const key = `${line.pipeline}\u0000${line.service}`;
    const entry = totals.get(key) ?? { pipeline: line.pipeline, service: line.service, monthlyUsd: 0 };
    entry.monthlyUsd += line.monthlyUsd;
    totals.set(key, entry);
  }
  return [...totals.values()];
}

function table(header: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const format = (cells: string[]) => cells.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd();
  return [format(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(format)].join("\n");
}

/** The estimate as a plain-text table for a terminal: one row per billed item, subtotals, total, notes. */
export function formatCostTable(estimate: CostEstimate, detail = true): string {
  const parts = [`Monthly cost estimate for ${estimate.environment} (deploys to ${estimate.region}; ${estimate.priceRegion} list prices of ${estimate.priceDate})`, ""];
  if (detail) {
    const rows = estimate.lines.map((l) => [l.pipeline, l.service, l.item, `${quantity(l.quantity)} ${l.unit}`, usd(l.monthlyUsd)]);
    parts.push(table(["pipeline", "service", "item", "quantity", "USD/month"], rows, new Set([3, 4])), "");
  }
  const sums = subtotals(estimate).map((s) => [s.pipeline, s.service, usd(s.monthlyUsd)]);
  sums.push(["total", "", usd(estimate.totalUsd)]);
  parts.push(table(["pipeline", "service", "USD/month"], sums, new Set([2])), "");
  parts.push(...estimate.notes.map((n) => `* ${n}`));
  return parts.join("\n") + "\n";
}

/** The estimate as Markdown (per pipeline and service, then the total and notes), for the plan summary. */
export function costMarkdown(estimate: CostEstimate): string {
  const lines = [`### Monthly cost estimate: ${estimate.environment} (deploys to ${estimate.region}; ${estimate.priceRegion} list prices of ${estimate.priceDate})`, "", "| Pipeline | Service | USD/month |", "| --- | --- | ---: |"];
  for (const s of subtotals(estimate)) lines.push(`| ${s.pipeline} | ${s.service} | ${usd(s.monthlyUsd)} |`);
  lines.push(`| **total** | | **${usd(estimate.totalUsd)}** |`, "");
  lines.push(...estimate.notes.map((n) => `- ${n}`));
  return lines.join("\n") + "\n";
}

/**
 * The warning when the estimate passes the environment's budget (`notifications.monthlyBudgetUsd`),
 * or when it declares none; undefined within budget.
 */
export function budgetWarning(env: EnvironmentConfig, estimate: CostEstimate): string | undefined {
  const budget = env.notifications.monthlyBudgetUsd;
  if (budget === undefined) {
    return `WARNING: ${env.name} declares no monthly budget (notifications.monthlyBudgetUsd); the estimate is ${usd(estimate.totalUsd)}/month.`;
  }
  if (estimate.totalUsd > budget) {
    return `WARNING: the estimate, ${usd(estimate.totalUsd)}/month, is over ${env.name}'s budget of ${usd(budget)} (notifications.monthlyBudgetUsd) by ${usd(estimate.totalUsd - budget)}.`;
  }
  return undefined;
}

/** Markdown cost section of an environment, for the plan summary, with the budget warning first. */
export function environmentCostMarkdown(env: EnvironmentConfig, prices?: PriceList, options?: CostOptions): string {
  const estimate = estimateCost(env, prices, options);
  const warning = budgetWarning(env, estimate);
  if (warning) console.error(warning);
  return (warning ? `> **${warning}**\n\n` : "") + costMarkdown(estimate);
}
