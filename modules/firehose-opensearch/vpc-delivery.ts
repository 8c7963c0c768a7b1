import { Construct } from "constructs";
import { TerraformIterator, Token } from "cdktf";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { Label } from "../shared/label";
import type { Grantee } from "../shared/policy";
import { assertIntegerInRange } from "../shared/validate";

/** The network interfaces actions Firehose needs to deliver inside a VPC. */
export const VPC_DELIVERY_ACTIONS = [
  "ec2:DescribeVpcs",
  "ec2:DescribeVpcAttribute",
  "ec2:DescribeSubnets",
  "ec2:DescribeSecurityGroups",
  "ec2:DescribeNetworkInterfaces",
  "ec2:CreateNetworkInterface",
  "ec2:CreateNetworkInterfacePermission",
  "ec2:DeleteNetworkInterface",
] as const;

/** Where Firehose places its network interfaces to reach a domain inside a VPC. */
export interface VpcDeliveryOptions {
  /** The VPC of the subnets; security groups are created in it. */
  readonly vpcId: string;
  /** 1 to 16 subnets for Firehose's network interfaces; keep enough free addresses in them. */
  readonly subnetIds: readonly string[];
  /**
   * 1 to 5 security groups for Firehose's network interfaces.
   * @default - one is created, allowing HTTPS out to the domain only
   */
  readonly securityGroupIds?: readonly string[];
}

/** Props for {@link VpcDelivery}. */
export interface VpcDeliveryProps extends VpcDeliveryOptions {
  /** Naming context: security groups are `label.with("firehose"|"domain").id("securityGroup")`. */
  readonly label: Label;
  /** The delivery role, which gets the network interface permissions. */
  readonly role: Grantee;
  /** A domain is created too: it gets a security group accepting HTTPS from Firehose's groups. */
  readonly createDomainSecurityGroup: boolean;
}

/**
 * The networking of VPC delivery: Firehose's security group (unless given), the domain's security group
 * when the module creates the domain, HTTPS (443) between them only, and the ENI permissions.
 */
export class VpcDelivery extends Construct {
  /** The security groups of Firehose's network interfaces. */
  readonly securityGroupIds: readonly string[];
  /** The security group of a domain the module creates; undefined otherwise. */
  readonly domainSecurityGroupId?: string;

  constructor(scope: Construct, id: string, props: VpcDeliveryProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.subnetIds)) assertIntegerInRange("vpc.subnetIds count", props.subnetIds.length, 1, 16);
    if (props.securityGroupIds && !Token.isUnresolved(props.securityGroupIds)) {
      assertIntegerInRange("vpc.securityGroupIds count", props.securityGroupIds.length, 1, 5);
    }
    const firehoseGroup = props.securityGroupIds
      ? undefined
      : new SecurityGroup(this, "SecurityGroup", {
          name: props.label.with("firehose").id("securityGroup"),
          description: "Firehose delivery to OpenSearch: HTTPS out only",
          vpcId: props.vpcId,
        });
    this.securityGroupIds = props.securityGroupIds ?? [firehoseGroup!.id];

    if (props.createDomainSecurityGroup) {
      const domainGroup = new SecurityGroup(this, "DomainSecurityGroup", {
        name: props.label.with("domain").id("securityGroup"),
        description: "OpenSearch domain: HTTPS in from Firehose only",
        vpcId: props.vpcId,
      });
      this.domainSecurityGroupId = domainGroup.id;
      // Given groups are known strings, so Terraform can key one rule per group; a created group is one rule.
      const sources = firehoseGroup ? undefined : TerraformIterator.fromList([...this.securityGroupIds]);
      new VpcSecurityGroupIngressRule(this, "DomainIngress", {
        forEach: sources,
        securityGroupId: domainGroup.id,
        referencedSecurityGroupId: sources ? sources.value : firehoseGroup!.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "HTTPS from Firehose",
      });
    }
    if (firehoseGroup) {
      // To a created domain, only its security group; an existing domain's address is unknown at synth, so any HTTPS.
      new VpcSecurityGroupEgressRule(this, "Egress", {
        securityGroupId: firehoseGroup.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        referencedSecurityGroupId: this.domainSecurityGroupId,
        cidrIpv4: this.domainSecurityGroupId ? undefined : "0.0.0.0/0",
        description: "HTTPS to OpenSearch",
      });
    }
    props.role.addToPolicy({
      sid: "FirehoseVpcNetworkInterfaces",
      actions: [...VPC_DELIVERY_ACTIONS],
      resources: ["*"],
      wildcardReason:
        "the ec2:Describe* actions have no resource-level permissions, and Firehose creates and deletes its network interfaces itself, so their ARNs are unknown beforehand",
    });
  }
}
