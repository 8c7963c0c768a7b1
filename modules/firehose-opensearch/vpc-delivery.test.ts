import { describe, expect, test } from "vitest";
import { Label } from "../shared/label";
import { TEST_LOCATION, synth, testStack } from "../shared/testing";
import { OpenSearchDestination } from "./destination";
import { FirehoseOpenSearch, type FirehoseOpenSearchProps } from "./firehose-opensearch";
import { VPC_DELIVERY_ACTIONS } from "./vpc-delivery";

const label = new Label({ namespace: "acme", environment: "prod", name: "logs" });

function build(overrides: Partial<FirehoseOpenSearchProps>) {
  const stack = testStack();
  new FirehoseOpenSearch(stack, "Search", { label, location: TEST_LOCATION, ...overrides });
  return synth(stack);
}

describe("FirehoseOpenSearch VPC delivery", () => {
  test("a created domain: both in the VPC, HTTPS only between their security groups", () => {
    const out = build({ vpc: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] } });
    const groups = out.resources("aws_security_group");
    const firehoseKey = Object.keys(groups).find((k) => k.startsWith("Search_Vpc_SecurityGroup_"))!;
    const domainKey = Object.keys(groups).find((k) => k.startsWith("Search_Vpc_DomainSecurityGroup_"))!;
    expect(groups[firehoseKey]).toMatchObject({ name: "acme-prod-logs-firehose", vpc_id: "vpc-1" });
    expect(groups[domainKey]).toMatchObject({ name: "acme-prod-logs-domain", vpc_id: "vpc-1" });
    expect(out.only("aws_vpc_security_group_ingress_rule")).toEqual({
      security_group_id: `\${aws_security_group.${domainKey}.id}`,
      referenced_security_group_id: `\${aws_security_group.${firehoseKey}.id}`,
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      description: "HTTPS from Firehose",
    });
    expect(out.only("aws_vpc_security_group_egress_rule")).toEqual({
      security_group_id: `\${aws_security_group.${firehoseKey}.id}`,
      referenced_security_group_id: `\${aws_security_group.${domainKey}.id}`,
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      description: "HTTPS to OpenSearch",
    });
    expect(out.only("aws_opensearch_domain").vpc_options).toEqual({
      subnet_ids: ["subnet-a", "subnet-b"],
      security_group_ids: [`\${aws_security_group.${domainKey}.id}`],
    });
    expect(out.only("aws_kinesis_firehose_delivery_stream").opensearch_configuration.vpc_config).toEqual({
      role_arn: expect.stringMatching(/^\$\{aws_iam_role\.Search_Role_[A-F0-9]+\.arn\}$/),
      subnet_ids: ["subnet-a", "subnet-b"],
      security_group_ids: [`\${aws_security_group.${firehoseKey}.id}`],
    });
  });

  test("the ENI actions AWS requires, on * because they have no resource-level permissions", () => {
    const out = build({ vpc: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] } });
    expect(out.statementsWithAction("ec2:CreateNetworkInterface")).toEqual([
      { Sid: "FirehoseVpcNetworkInterfaces", Effect: "Allow", Action: [...VPC_DELIVERY_ACTIONS], Resource: ["*"] },
    ]);
    expect(VPC_DELIVERY_ACTIONS).toEqual([
      "ec2:DescribeVpcs",
      "ec2:DescribeVpcAttribute",
      "ec2:DescribeSubnets",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeNetworkInterfaces",
      "ec2:CreateNetworkInterface",
      "ec2:CreateNetworkInterfacePermission",
      "ec2:DeleteNetworkInterface",
    ]);
  });

  test("given security groups and domain subnets: one ingress rule per group, nothing created for Firehose", () => {
    const out = build({
      vpc: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b", "subnet-c"], securityGroupIds: ["sg-1", "sg-2"] },
      destination: OpenSearchDestination.newDomain({ instanceCount: 3, vpcSubnetIds: ["subnet-a", "subnet-b", "subnet-c"] }),
    });
    expect(Object.keys(out.resources("aws_security_group"))).toEqual([expect.stringMatching(/^Search_Vpc_DomainSecurityGroup_/)]);
    const ingress = out.only("aws_vpc_security_group_ingress_rule");
    expect(ingress.for_each).toBe('${toset(["sg-1", "sg-2"])}');
    expect(ingress.referenced_security_group_id).toBe("${each.value}");
    expect(out.count("aws_vpc_security_group_egress_rule")).toBe(0);
    expect(out.only("aws_opensearch_domain").cluster_config.zone_awareness_config).toEqual({ availability_zone_count: 3 });
    expect(out.only("aws_kinesis_firehose_delivery_stream").opensearch_configuration.vpc_config.security_group_ids).toEqual(["sg-1", "sg-2"]);
  });

  test("an existing domain: Firehose's group may send HTTPS anywhere, no domain group", () => {
    const out = build({
      vpc: { vpcId: "vpc-1", subnetIds: ["subnet-a"] },
      destination: OpenSearchDestination.existingDomain("arn:aws:es:eu-west-1:111122223333:domain/shared", "vpc-shared.eu-west-1.es.amazonaws.com"),
    });
    expect(out.count("aws_security_group")).toBe(1);
    expect(out.count("aws_vpc_security_group_ingress_rule")).toBe(0);
    expect(out.only("aws_vpc_security_group_egress_rule")).toMatchObject({ cidr_ipv4: "0.0.0.0/0", from_port: 443, to_port: 443, ip_protocol: "tcp" });
  });
});
