import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { AwsLocation } from "../shared/arn";
import type { Label } from "../shared/label";

/** Label attribute of the created administrator role: `label.with("search-admin").id("iamRole")`. */
export const DOMAIN_ADMIN_ROLE_ATTRIBUTE = "search-admin";

/** Props for {@link DomainAdminRole}. */
export interface DomainAdminRoleProps {
  /** Naming context; the role is `label.with("search-admin").id("iamRole")`. */
  readonly label: Label;
  readonly location: AwsLocation;
  /** What the role is for, in its description. */
  readonly domainName: string;
}

/**
 * The fine-grained access control master user of a domain the delivery stream creates: an IAM role
 * for administrators only, never the delivery role. It has no policy of its own (the domain's access
 * policy lets it in) and is trusted by the account: only principals whose own IAM policy allows
 * `sts:AssumeRole` on it can administer the domain. The delivery role gets a least-privilege
 * OpenSearch role instead ({@link deliveryWriterRole}), mapped after deploy by `npm run stream -- search-access`.
 */
export class DomainAdminRole extends Construct {
  /** The role name a label gives. */
  static roleNameOf(label: Label): string {
    return label.with(DOMAIN_ADMIN_ROLE_ATTRIBUTE).id("iamRole");
  }

  readonly roleArn: string;
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: DomainAdminRoleProps) {
    super(scope, id);
    const account = `arn:${props.location.partition}:iam::${props.location.accountId}:root`;
    const role = new IamRole(this, "Resource", {
      name: DomainAdminRole.roleNameOf(props.label),
      description: `Administrators of OpenSearch domain ${props.domainName} (fine-grained access control master user)`,
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: account }, Action: "sts:AssumeRole" }] }),
      maxSessionDuration: 3600,
    });
    this.roleArn = role.arn;
    this.roleName = role.name;
  }
}
