/** Condition operators and keys, as in IAM JSON: `{ StringEquals: { "aws:SourceAccount": "123" } }`. */
export type PolicyConditions = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** One IAM policy statement, written the way IAM reads it. */
export interface PolicyStatement {
  /**
   * @default - no statement id
   */
  readonly sid?: string;
  /**
   * @default "Allow"
   */
  readonly effect?: "Allow" | "Deny";
  /** Actions listed one by one: never `*` nor `service:*`. */
  readonly actions: readonly string[];
  /** Resource ARNs. `*` only where AWS offers no resource-level permission, with {@link wildcardReason}. */
  readonly resources: readonly string[];
  /**
   * @default - no conditions
   */
  readonly conditions?: PolicyConditions;
  /**
   * Why `*` is the only resource AWS accepts for these actions. Required when `resources` holds `*`.
   * @default - wildcard resources are refused
   */
  readonly wildcardReason?: string;
}

/** The statement as IAM JSON. */
export interface RenderedStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string[];
  Resource: string[];
  Condition?: PolicyConditions;
}

/** Fails on statements that would grant more than least privilege, naming the offending value. */
export function assertLeastPrivilege(statement: PolicyStatement): void {
  if (statement.actions.length === 0) throw new Error("a policy statement needs at least one action");
  for (const action of statement.actions) {
    if (action === "*" || action.endsWith(":*")) {
      throw new Error(`policy actions must be listed one by one, got "${action}"`);
    }
  }
  if (statement.resources.length === 0) throw new Error("a policy statement needs at least one resource");
  if (statement.resources.includes("*") && !statement.wildcardReason) {
    throw new Error(`policy resource "*" needs a wildcardReason (actions: ${statement.actions.join(", ")})`);
  }
}

/** Renders statements as an IAM policy document object. */
export function policyDocument(statements: readonly PolicyStatement[]): { Version: "2012-10-17"; Statement: RenderedStatement[] } {
  return {
    Version: "2012-10-17",
    Statement: statements.map((statement) => {
      assertLeastPrivilege(statement);
      const rendered: RenderedStatement = {
        Effect: statement.effect ?? "Allow",
        Action: [...statement.actions],
        Resource: [...statement.resources],
      };
      if (statement.sid) rendered.Sid = statement.sid;
      if (statement.conditions) rendered.Condition = statement.conditions;
      return rendered;
    }),
  };
}

/** Anything permissions can be granted to: a role in the same stack. */
export interface Grantee {
  readonly roleArn: string;
  readonly roleName: string;
  /** Adds a statement to the role's inline least-privilege policy. */
  addToPolicy(statement: PolicyStatement): void;
}
