import { describe, expect, test } from "vitest";
import { Label } from "../shared/label";
import { TEST_LOCATION, synth, testStack } from "../shared/testing";
import { KinesisIngest } from "./kinesis-ingest";
import { type StreamVpcEndpointsOptions, endpointServiceName } from "./vpc-endpoints";

const label = new Label({ namespace: "acme", environment: "prod", name: "iot" });

function build(vpcEndpoints: StreamVpcEndpointsOptions) {
  const stack = testStack();
  new KinesisIngest(stack, "Stream", { label, location: TEST_LOCATION, vpcEndpoints });
  return synth(stack);
}

describe("VPC endpoints", () => {
  test("a Kinesis Data Streams interface endpoint with private DNS and a 443-only group from the VPC CIDR", () => {
    const out = build({ vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] });
    const sgRef = expect.stringMatching(/^\$\{aws_security_group\..+\.id\}$/);
    expect(out.only("aws_vpc_endpoint")).toEqual({
      vpc_id: "vpc-1",
      vpc_endpoint_type: "Interface",
      service_name: "com.amazonaws.eu-west-1.kinesis-streams",
      subnet_ids: ["subnet-a", "subnet-b"],
      security_group_ids: [sgRef],
      private_dns_enabled: true,
      tags: { Name: "acme-prod-iot-kinesis-streams" },
    });
    const group = out.only("aws_security_group");
    expect(group.egress).toEqual([]);
    expect(group.ingress).toEqual([
      {
        description: "HTTPS from producers",
        protocol: "tcp",
        from_port: 443,
        to_port: 443,
        cidr_blocks: [expect.stringMatching(/^\$\{data\.aws_vpc\..+\.cidr_block\}$/)],
        security_groups: [],
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        self: false,
      },
    ]);
  });

  test("both services, and ingress from given producer groups without reading the VPC", () => {
    const out = build({ vpcId: "vpc-1", subnetIds: ["subnet-a"], services: ["kinesis-streams", "firehose"], ingressSecurityGroupIds: ["sg-producers"] });
    expect(Object.values(out.resources("aws_vpc_endpoint")).map((e) => e.service_name).sort()).toEqual([
      "com.amazonaws.eu-west-1.kinesis-firehose",
      "com.amazonaws.eu-west-1.kinesis-streams",
    ]);
    expect(out.json.data).toBeUndefined();
    expect(out.only("aws_security_group").ingress[0]).toMatchObject({ cidr_blocks: [], security_groups: ["sg-producers"] });
  });

  test("given security groups are used and none is created", () => {
    const out = build({ vpcId: "vpc-1", subnetIds: ["subnet-a"], securityGroupIds: ["sg-1"] });
    expect(out.count("aws_security_group")).toBe(0);
    expect(out.only("aws_vpc_endpoint").security_group_ids).toEqual(["sg-1"]);
  });

  test("China regions use the cn. prefix", () => {
    expect(endpointServiceName({ partition: "aws-cn", region: "cn-north-1", accountId: "1" }, "kinesis-streams")).toBe("cn.com.amazonaws.cn-north-1.kinesis-streams");
  });

  test("fails when a service is unknown, repeated or missing, or subnets are empty", () => {
    expect(() => build({ vpcId: "v", subnetIds: ["s"], services: ["sqs" as never] })).toThrow(/vpcEndpoints.services must be one of kinesis-streams, firehose, got sqs/);
    expect(() => build({ vpcId: "v", subnetIds: ["s"], services: ["firehose", "firehose"] })).toThrow(/must not repeat a service/);
    expect(() => build({ vpcId: "v", subnetIds: ["s"], services: [] })).toThrow(/vpcEndpoints.services must name at least one service, got \[\]/);
    expect(() => build({ vpcId: "v", subnetIds: [] })).toThrow(/vpcEndpoints.subnetIds must name at least one subnet, got \[\]/);
  });

  test("fails when ingress rules are given along with existing security groups", () => {
    expect(() => build({ vpcId: "v", subnetIds: ["s"], securityGroupIds: ["sg-1"], ingressCidrBlocks: ["10.0.0.0/16"] })).toThrow(
      /ingressCidrBlocks and ingressSecurityGroupIds apply only when securityGroupIds is not given/,
    );
  });
});
