/** One statement of an identity-based policy, as IAM stores it. */
export interface PolicyStatement {
  readonly Effect: "Allow" | "Deny";
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | boolean | number | readonly (string | boolean | number)[]>>>>;
}

/** A policy document. */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: PolicyStatement | readonly PolicyStatement[];
}

/** The decision IAM reaches for one action on one resource. */
export type PolicyDecision = "allow" | "explicit-deny" | "implicit-deny";

const list = <T>(value: T | readonly T[] | undefined): readonly T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value as T]);

/** IAM's wildcard match: `*` any run of characters, `?` one; actions case-insensitively. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, ignoreCase ? "is" : "s");
  return regex.test(value);
}

type Operator = (expected: string, actual: string) => boolean;

const OPERATORS: Record<string, Operator> = {
  StringEquals: (e, a) => e === a,
  StringEqualsIgnoreCase: (e, a) => e.toLowerCase() === a.toLowerCase(),
  StringLike: (e, a) => wildcardMatch(e, a),
  ArnEquals: (e, a) => e === a,
  ArnLike: (e, a) => wildcardMatch(e, a),
  Bool: (e, a) => e.toLowerCase() === a.toLowerCase(),
  NumericEquals: (e, a) => Number(e) === Number(a),
  NumericLessThan: (e, a) => Number(a) < Number(e),
  NumericLessThanEquals: (e, a) => Number(a) <= Number(e),
  NumericGreaterThan: (e, a) => Number(a) > Number(e),
  NumericGreaterThanEquals: (e, a) => Number(a) >= Number(e),
};

const NEGATED: Record<string, string> = { StringNotEquals: "StringEquals", StringNotEqualsIgnoreCase: "StringEqualsIgnoreCase", StringNotLike: "StringLike", ArnNotEquals: "ArnEquals", ArnNotLike: "ArnLike", NumericNotEquals: "NumericEquals" };

/**
 * One condition block, over the request's context keys. A key the request does not carry fails a
 * positive operator and passes a negated one or an `...IfExists` one, as in IAM; `Null` tests
 * presence. Unknown operators fail, so an Allow that depends on one does not apply.
 */
function conditionHolds(operatorName: string, values: Readonly<Record<string, unknown>>, context: Readonly<Record<string, string | undefined>>): boolean {
  let name = operatorName.replace(/^(ForAnyValue|ForAllValues):/, "");
  const ifExists = name.endsWith("IfExists");
  if (ifExists) name = name.slice(0, -"IfExists".length);
  for (const [key, raw] of Object.entries(values)) {
    const expected = list(raw as string | readonly string[]).map(String);
    const actual = context[Object.keys(context).find((candidate) => candidate.toLowerCase() === key.toLowerCase()) ?? key];
    if (name === "Null") {
      if (expected.some((e) => (e.toLowerCase() === "true") !== (actual === undefined))) return false;
      continue;
    }
    const negatedBase = NEGATED[name];
    const operator = OPERATORS[negatedBase ?? name];
    if (!operator) return false;
    if (actual === undefined) {
      if (ifExists || negatedBase) continue;
      return false;
    }
    const matches = expected.some((e) => operator(e, actual));
    if (negatedBase ? matches : !matches) return false;
  }
  return true;
}

function statementApplies(statement: PolicyStatement, action: string, resource: string, context: Readonly<Record<string, string | undefined>>): boolean {
  const actionMatches = statement.Action !== undefined
    ? list(statement.Action).some((pattern) => wildcardMatch(pattern, action, true))
    : statement.NotAction !== undefined && !list(statement.NotAction).some((pattern) => wildcardMatch(pattern, action, true));
  if (!actionMatches) return false;
  const resourceMatches = statement.Resource !== undefined
    ? list(statement.Resource).some((pattern) => wildcardMatch(pattern, resource))
    : statement.NotResource !== undefined && !list(statement.NotResource).some((pattern) => wildcardMatch(pattern, resource));
  if (!resourceMatches) return false;
  return Object.entries(statement.Condition ?? {}).every(([operator, values]) => conditionHolds(operator, values, context));
}

/**
 * IAM's evaluation of identity-based policies for one action on one resource: an explicit Deny
 * wins, then any Allow; nothing that applies is an implicit deny.
 */
export function evaluatePolicies(policies: readonly PolicyDocument[], action: string, resource: string, context: Readonly<Record<string, string | undefined>> = {}): PolicyDecision {
  let allowed = false;
  for (const policy of policies) {
    for (const statement of list(policy.Statement)) {
      if (!statementApplies(statement, action, resource, context)) continue;
      if (statement.Effect === "Deny") return "explicit-deny";
      allowed = true;
    }
  }
  return allowed ? "allow" : "implicit-deny";
}
