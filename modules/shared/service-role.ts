import { Construct } from "constructs";
import { Lazy } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { Label } from "./label";
import { type Grantee, type PolicyStatement, assertLeastPrivilege, policyDocument } from "./policy";

/** Props for {@link ServiceRole}. */
export interface ServiceRoleProps {
  /** Naming context; the role is named `label.id("iamRole")`. */
  readonly label: Label;
  /** The service that assumes the role, e.g. `lambda.amazonaws.com`. */
  readonly servicePrincipal: string;
  /**
   * The account the service acts for: added as an `aws:SourceAccount` condition against confused-deputy use.
   * @default - no source-account condition
   */
  readonly sourceAccount?: string;
  /**
   * @default - "Managed by the streaming platform"
   */
  readonly description?: string;
  /**
   * AWS-managed policies to attach (e.g. for VPC networking that AWS requires as `*`).
   * @default []
   */
  readonly managedPolicyArns?: readonly string[];
  /**
   * @default - no extra tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An IAM role for one AWS service with a single inline policy that collects least-privilege
 * statements from `grant*` calls; the policy is rendered at synth, and omitted when nothing was granted.
 */
export class ServiceRole extends Construct implements Grantee {
  readonly roleArn: string;
  readonly roleName: string;
  private readonly role: IamRole;
  private readonly statements: PolicyStatement[] = [];
  private policy?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const assumeStatement: Record<string, unknown> = {
      Effect: "Allow",
      Principal: { Service: props.servicePrincipal },
      Action: "sts:AssumeRole",
    };
    if (props.sourceAccount) assumeStatement.Condition = { StringEquals: { "aws:SourceAccount": props.sourceAccount } };
    this.role = new IamRole(this, "Resource", {
      name: props.label.id("iamRole"),
      description: props.description ?? "Managed by the streaming platform",
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [assumeStatement] }),
      managedPolicyArns: props.managedPolicyArns ? [...props.managedPolicyArns] : undefined,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
  }

  /**
   * The inline policy, once something was granted: resources AWS checks against the role when they
   * are created (delivery streams, event source mappings) depend on it.
   */
  get policyResource(): IamRolePolicy | undefined {
    return this.policy;
  }

  /** Adds a statement to the role's inline policy; refuses `*` actions and unexplained `*` resources. */
  addToPolicy(statement: PolicyStatement): void {
    assertLeastPrivilege(statement);
    this.statements.push(statement);
    this.policy ??= new IamRolePolicy(this, "Policy", {
      name: "least-privilege",
      role: this.role.id,
      policy: Lazy.stringValue({ produce: () => JSON.stringify(policyDocument(this.statements)) }),
    });
  }
}
