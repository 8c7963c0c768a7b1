import { blocks, type RuleContext } from "./engine";

/** A principal of a statement; `"*"` as type for `"Principal": "*"`. */
export interface Principal {
  readonly type: string;
  readonly identifiers: readonly string[];
}

/** A condition of a statement, flattened: one operator, one key, its values. */
export interface Condition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

/** An IAM statement normalized from either a JSON document or an `aws_iam_policy_document` data source. */
export interface Statement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly principals: readonly Principal[];
  readonly conditions: readonly Condition[];
}

/** The statements of a policy, or why the policy cannot be read (a policy that cannot be read cannot pass). */
export type ParsedPolicy = { readonly statements: readonly Statement[] } | { readonly error: string };

const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((item) => String(item));

function jsonPrincipals(value: unknown): Principal[] {
  if (value === undefined) return [];
  if (value === "*") return [{ type: "*", identifiers: ["*"] }];
  if (typeof value !== "object" || value === null) return [{ type: "unknown", identifiers: strings(value) }];
  return Object.entries(value).map(([type, ids]) => ({ type, identifiers: strings(ids) }));
}

function jsonConditions(value: unknown): Condition[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([test, byKey]) =>
    typeof byKey === "object" && byKey !== null
      ? Object.entries(byKey as Record<string, unknown>).map(([variable, values]) => ({ test, variable, values: strings(values) }))
      : [],
  );
}

function fromJson(document: unknown): ParsedPolicy {
  if (typeof document !== "object" || document === null) return { error: "policy is not a JSON object" };
  const raw = (document as { Statement?: unknown }).Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const statements = list.map((s: Record<string, unknown>) => ({
    sid: typeof s.Sid === "string" ? s.Sid : undefined,
    effect: s.Effect === "Deny" ? ("Deny" as const) : ("Allow" as const),
    actions: strings(s.Action),
    notActions: strings(s.NotAction),
    resources: strings(s.Resource),
    notResources: strings(s.NotResource),
    principals: jsonPrincipals(s.Principal),
    conditions: jsonConditions(s.Condition),
  }));
  return { statements };
}

function fromDataSource(document: Record<string, unknown>): ParsedPolicy {
  const statements = blocks(document.statement).map((s) => ({
    sid: typeof s.sid === "string" ? s.sid : undefined,
    effect: s.effect === "Deny" ? ("Deny" as const) : ("Allow" as const),
    actions: strings(s.actions),
    notActions: strings(s.not_actions),
    resources: strings(s.resources),
    notResources: strings(s.not_resources),
    principals: blocks(s.principals).map((p) => ({ type: String(p.type), identifiers: strings(p.identifiers) })),
    conditions: blocks(s.condition).map((c) => ({ test: String(c.test), variable: String(c.variable), values: strings(c.values) })),
  }));
  return { statements };
}

/**
 * Reads a policy attribute: a literal JSON string (what our modules synthesize) or a reference to an
 * `aws_iam_policy_document` data source in the same stack. Anything else (an expression, a policy
 * computed at apply time) cannot be checked and is reported as such.
 */
export function parsePolicy(value: unknown, context: RuleContext): ParsedPolicy {
  const source = context.resolve(value);
  if (source?.type === "aws_iam_policy_document") return fromDataSource(source.resource);
  if (typeof value !== "string") return { error: `policy is ${value === undefined ? "missing" : "not a string"}` };
  try {
    return fromJson(JSON.parse(value));
  } catch {
    return { error: `policy is not a literal JSON document: ${value.slice(0, 80)}` };
  }
}

/** True when any principal of the statement is everyone (`"*"` or `{"AWS": "*"}`). */
export function isPublicPrincipal(statement: Statement): boolean {
  return statement.principals.some((p) => p.identifiers.includes("*"));
}
