import { type AttributeChange, attributeChanges, pathText } from "./attribute-diff";
import { type ChangeKind, type PlanJson, changeKind } from "./plan-json";

/** One resource the plan creates, updates, replaces or destroys. */
export interface ResourceSummary {
  readonly address: string;
  readonly kind: Exclude<ChangeKind, "no-op" | "read">;
  /** Updates and replacements: every changed attribute, old → new. Empty for creates and deletions. */
  readonly attributes: readonly AttributeChange[];
  /** Replacements: the attributes that force it (Terraform's `replace_paths`). */
  readonly forcedBy: readonly string[];
  /** Why Terraform replaces or deletes it, in words, when the attributes alone do not say. */
  readonly reason?: string;
}

/** Counts of one stack's plan, and every change in it. */
export interface StackPlanSummary {
  readonly stack: string;
  readonly ok: boolean;
  /** Terraform's error output when the plan failed. */
  readonly error?: string;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly replace: number;
  /** Replacements first, then deletions, updates and creations, each in address order. */
  readonly changes: readonly ResourceSummary[];
  /**
   * API routes that will answer anyone after this plan (`authorization_type` NONE, the explicit
   * `authorization: { type: NONE }` opt-out), unchanged ones included: flagged on every plan.
   * Absent when there is none.
   */
  readonly openRoutes?: readonly OpenRoute[];
}

/** A route callable without authentication. */
export interface OpenRoute {
  readonly address: string;
  readonly routeKey: string;
}

/** Routes of API Gateway (HTTP and WebSocket APIs) whose planned state has no authorization. */
function openRoutesOf(plan: PlanJson): OpenRoute[] {
  const open: OpenRoute[] = [];
  for (const resource of plan.resource_changes ?? []) {
    if (resource.mode === "data" || resource.type !== "aws_apigatewayv2_route") continue;
    const after = resource.change.after as { authorization_type?: string; route_key?: string } | null | undefined;
    // Unset means NONE for API Gateway, so only an explicit other type is authenticated.
    if (after && (after.authorization_type ?? "NONE") === "NONE") open.push({ address: resource.address, routeKey: after.route_key ?? "" });
  }
  return open.sort((a, b) => (a.address < b.address ? -1 : 1));
}

/** One line per open route, for the terminal: `⚠ <stack>: <route key> answers anyone (authorization NONE)`. */
export function openRouteWarnings(summaries: readonly StackPlanSummary[]): string[] {
  return summaries.flatMap((s) => (s.openRoutes ?? []).map((r) => `⚠ ${s.stack}: ${r.routeKey} (${r.address}) answers anyone: authorization NONE`));
}

// Terraform's action_reason values (internal/command/jsonplan), said the way a reviewer needs them.
const REASONS: Record<string, string> = {
  replace_because_tainted: "the resource is tainted",
  replace_by_request: "replacement was requested with -replace",
  delete_because_no_resource_config: "no longer in the configuration",
  delete_because_no_module: "its module is no longer in the configuration",
  delete_because_wrong_repetition: "count or for_each was added or removed",
  delete_because_count_index: "its count index is out of range",
  delete_because_each_key: "its for_each key is gone",
  delete_because_no_move_target: "the target of its moved block is not in the configuration",
};

const ORDER: Record<ResourceSummary["kind"], number> = { replace: 0, delete: 1, update: 2, create: 3 };

/** Summarizes `terraform show -json` of one stack. */
export function summarizePlan(stack: string, plan: PlanJson): StackPlanSummary {
  const counts = { add: 0, change: 0, destroy: 0, replace: 0 };
  const changes: ResourceSummary[] = [];
  for (const resource of plan.resource_changes ?? []) {
    if (resource.mode === "data") continue;
    const kind = changeKind(resource.change.actions);
    if (kind === "no-op" || kind === "read") continue;
    if (kind === "create") counts.add++;
    if (kind === "update") counts.change++;
    if (kind === "delete") counts.destroy++;
    if (kind === "replace") counts.replace++;
    const reason = resource.action_reason ? REASONS[resource.action_reason] : undefined;
    changes.push({
      address: resource.address,
      kind,
      attributes: kind === "update" || kind === "replace" ? attributeChanges(resource.change) : [],
      forcedBy: kind === "replace" ? (resource.change.replace_paths ?? []).map(pathText) : [],
      ...(reason ? { reason } : {}),
    });
  }
  changes.sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const openRoutes = openRoutesOf(plan);
  return { stack, ok: true, ...counts, changes, ...(openRoutes.length > 0 ? { openRoutes } : {}) };
}

/** A stack whose plan failed, with Terraform's message. */
export function failedPlan(stack: string, error: string): StackPlanSummary {
  return { stack, ok: false, error, add: 0, change: 0, destroy: 0, replace: 0, changes: [] };
}

/** A fixed-width table for the terminal. */
export function summaryTable(summaries: readonly StackPlanSummary[]): string {
  const rows = [["STACK", "ADD", "CHANGE", "DESTROY", "REPLACE", "STATUS"], ...summaries.map((s) => [s.stack, String(s.add), String(s.change), String(s.destroy), String(s.replace), s.ok ? "planned" : "FAILED"])];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 || column === 5 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ").trimEnd()).join("\n");
}

export { stackMarkdown, summaryMarkdown } from "./summary-markdown";
