import { type AwsLocation, arnOf } from "../shared/arn";
import type { Grantee } from "../shared/policy";
import { FLINK_LIMITS } from "./defaults";

/** Private subnets and security groups the application's network interfaces are placed in. */
export interface FlinkVpcConfig {
  /** 1 to 16 subnet ids, in the VPC of the security groups. */
  readonly subnetIds: readonly string[];
  /** 1 to 5 security group ids. */
  readonly securityGroupIds: readonly string[];
}

/** Fails on VPC settings the service refuses. */
export function assertVpcConfig(vpc: FlinkVpcConfig): void {
  if (vpc.subnetIds.length < 1 || vpc.subnetIds.length > FLINK_LIMITS.maxSubnets) {
    throw new Error(`vpc.subnetIds must hold 1 to ${FLINK_LIMITS.maxSubnets} subnets, got ${vpc.subnetIds.length}`);
  }
  if (vpc.securityGroupIds.length < 1 || vpc.securityGroupIds.length > FLINK_LIMITS.maxSecurityGroups) {
    throw new Error(`vpc.securityGroupIds must hold 1 to ${FLINK_LIMITS.maxSecurityGroups} security groups, got ${vpc.securityGroupIds.length}`);
  }
}

/** The EC2 permissions the service needs to place the application's network interfaces in the VPC. */
export function grantVpcAccess(grantee: Grantee, location: AwsLocation, vpc: FlinkVpcConfig): void {
  const networkInterfaces = arnOf(location, "ec2", "network-interface/*");
  grantee.addToPolicy({
    sid: "DescribeVpc",
    actions: ["ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces"],
    resources: ["*"],
    wildcardReason: "EC2 Describe* actions support no resource-level permissions",
  });
  grantee.addToPolicy({
    sid: "CreateNetworkInterfaces",
    actions: ["ec2:CreateNetworkInterface"],
    resources: [
      networkInterfaces,
      ...vpc.subnetIds.map((id) => arnOf(location, "ec2", `subnet/${id}`)),
      ...vpc.securityGroupIds.map((id) => arnOf(location, "ec2", `security-group/${id}`)),
    ],
  });
  grantee.addToPolicy({
    sid: "ManageNetworkInterfaces",
    actions: ["ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"],
    resources: [networkInterfaces],
  });
}
