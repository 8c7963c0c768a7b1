/** The parts of `terraform show -json <plan>` the summary reads. */
export interface PlanJson {
  readonly resource_changes?: readonly ResourceChange[];
}

/** One resource's planned change. */
export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly mode?: "managed" | "data";
  readonly change: {
    readonly actions: readonly ("no-op" | "create" | "read" | "update" | "delete")[];
    readonly before?: unknown;
    readonly after?: unknown;
    readonly before_sensitive?: unknown;
    readonly after_sensitive?: unknown;
    readonly after_unknown?: unknown;
    readonly replace_paths?: readonly (readonly (string | number)[])[];
  };
  readonly action_reason?: string;
}

/** What a change does, as reviewers read it. */
export type ChangeKind = "create" | "update" | "delete" | "replace" | "no-op" | "read";

/** Classifies Terraform's action list: delete+create in either order is a replacement. */
export function changeKind(actions: readonly string[]): ChangeKind {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.includes("delete")) return "delete";
  if (actions.includes("create")) return "create";
  if (actions.includes("update")) return "update";
  if (actions.includes("read")) return "read";
  return "no-op";
}
