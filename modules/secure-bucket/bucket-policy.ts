import { type PolicyStatement, assertLeastPrivilege } from "../shared/policy";
import { denyInsecureTransport as denyTls } from "../shared/tls-policy";

/** Who a bucket-policy statement applies to, as in IAM JSON: `{ Service: "logging.s3.amazonaws.com" }` or `"*"`. */
export type BucketPolicyPrincipal = "*" | Readonly<{ AWS: string | readonly string[] }> | Readonly<{ Service: string | readonly string[] }>;

/** A bucket-policy statement: an IAM statement with the principal it applies to. */
export interface BucketPolicyStatement extends PolicyStatement {
  readonly principal: BucketPolicyPrincipal;
}

/**
 * The bucket policy as a JSON string. Allow statements must be least privilege; Deny statements may
 * use wildcard actions, since denying everything is what a guard rail is for.
 */
export function renderBucketPolicy(statements: readonly BucketPolicyStatement[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: statements.map((statement) => {
      if ((statement.effect ?? "Allow") === "Allow") assertLeastPrivilege(statement);
      return {
        ...(statement.sid ? { Sid: statement.sid } : {}),
        Effect: statement.effect ?? "Allow",
        Principal: statement.principal,
        Action: [...statement.actions],
        Resource: [...statement.resources],
        ...(statement.conditions ? { Condition: statement.conditions } : {}),
      };
    }),
  });
}

/**
 * Denies every request that does not use TLS, on the bucket and its objects: the shared guard,
 * in this module's statement form, since a bucket's statements go through {@link renderBucketPolicy}
 * (which renders lists, as the shared guard does for the lists given here).
 */
export function denyInsecureTransport(bucketArn: string): BucketPolicyStatement {
  // Denying every S3 action is the point: a list would leave gaps.
  const guard = denyTls(["s3:*"], [bucketArn, `${bucketArn}/*`]);
  return { sid: guard.Sid, effect: guard.Effect, principal: guard.Principal, actions: guard.Action, resources: guard.Resource, conditions: guard.Condition };
}
