import { Construct } from "constructs";
import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import type { AwsLocation } from "../shared/arn";
import type { Label } from "../shared/label";
import { assertOneOf } from "../shared/validate";
import { VPC_ENDPOINT_SERVICES, type VpcEndpointService } from "./defaults";

/** Interface VPC endpoints for producers inside a VPC, so their traffic to Kinesis stays private. */
export interface StreamVpcEndpointsOptions {
  readonly vpcId: string;
  /** One subnet per Availability Zone the producers run in. */
  readonly subnetIds: readonly string[];
  /**
   * Security groups for the endpoints' network interfaces.
   * @default - a security group is created that allows HTTPS (443) from `ingressCidrBlocks`, or from
   *   `ingressSecurityGroupIds`, or else from the VPC's primary CIDR block (read at plan time)
   */
  readonly securityGroupIds?: readonly string[];
  /**
   * CIDR blocks allowed to reach the endpoints on 443 when the module creates the security group.
   * @default - the VPC's primary CIDR block, unless `ingressSecurityGroupIds` is given
   */
  readonly ingressCidrBlocks?: readonly string[];
  /**
   * Producers' security groups allowed to reach the endpoints on 443 when the module creates the security group.
   * @default - none
   */
  readonly ingressSecurityGroupIds?: readonly string[];
  /**
   * @default ["kinesis-streams"]
   */
  readonly services?: readonly VpcEndpointService[];
}

/** Props for {@link StreamVpcEndpoints}. */
export interface StreamVpcEndpointsProps extends StreamVpcEndpointsOptions {
  readonly label: Label;
  readonly location: AwsLocation;
  /**
   * @default - no extra tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

const SERVICE_SUFFIX: Record<VpcEndpointService, string> = {
  "kinesis-streams": "kinesis-streams",
  firehose: "kinesis-firehose",
};

const CONSTRUCT_IDS: Record<VpcEndpointService, string> = {
  "kinesis-streams": "KinesisStreams",
  firehose: "Firehose",
};

/** `com.amazonaws.<region>.<service>`; China regions prefix `cn.`. */
export function endpointServiceName(location: AwsLocation, service: VpcEndpointService): string {
  const prefix = location.partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws";
  return `${prefix}.${location.region}.${SERVICE_SUFFIX[service]}`;
}

/**
 * Interface endpoints with private DNS (the SDKs' default hostnames resolve to the endpoints, so
 * producers need no configuration) and a security group admitting only HTTPS from inside.
 */
export class StreamVpcEndpoints extends Construct {
  /** Endpoint ids by service. */
  readonly endpointIds: Partial<Record<VpcEndpointService, string>> = {};
  /** The security group the module created, if any. */
  readonly securityGroupId?: string;

  constructor(scope: Construct, id: string, props: StreamVpcEndpointsProps) {
    super(scope, id);
    const services = props.services ?? ["kinesis-streams"];
    if (services.length === 0) throw new Error("vpcEndpoints.services must name at least one service, got []");
    for (const service of services) assertOneOf("vpcEndpoints.services", service, VPC_ENDPOINT_SERVICES);
    if (new Set(services).size !== services.length) {
      throw new Error(`vpcEndpoints.services must not repeat a service, got ${services.join(", ")}`);
    }
    if (props.subnetIds.length === 0) throw new Error("vpcEndpoints.subnetIds must name at least one subnet, got []");
    if (props.securityGroupIds && (props.ingressCidrBlocks || props.ingressSecurityGroupIds)) {
      throw new Error("vpcEndpoints.ingressCidrBlocks and ingressSecurityGroupIds apply only when securityGroupIds is not given");
    }

    let securityGroupIds = props.securityGroupIds ? [...props.securityGroupIds] : undefined;
    if (!securityGroupIds) {
      const group = this.createSecurityGroup(props);
      this.securityGroupId = group.id;
      securityGroupIds = [group.id];
    }

    for (const service of services) {
      const endpoint = new VpcEndpoint(this, CONSTRUCT_IDS[service], {
        vpcId: props.vpcId,
        vpcEndpointType: "Interface",
        serviceName: endpointServiceName(props.location, service),
        subnetIds: [...props.subnetIds],
        securityGroupIds,
        privateDnsEnabled: true,
        tags: { ...props.tags, Name: props.label.with(service).id(255) },
      });
      this.endpointIds[service] = endpoint.id;
    }
  }

  private createSecurityGroup(props: StreamVpcEndpointsProps): SecurityGroup {
    const cidrBlocks =
      props.ingressCidrBlocks ??
      (props.ingressSecurityGroupIds ? [] : [new DataAwsVpc(this, "Vpc", { id: props.vpcId }).cidrBlock]);
    const sourceGroups = props.ingressSecurityGroupIds ? [...props.ingressSecurityGroupIds] : [];
    return new SecurityGroup(this, "SecurityGroup", {
      name: props.label.with("vpce").id("securityGroup"),
      description: "HTTPS from inside the VPC to the Kinesis interface endpoints",
      vpcId: props.vpcId,
      ingress: [
        {
          description: "HTTPS from producers",
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: [...cidrBlocks],
          securityGroups: sourceGroups,
          ipv6CidrBlocks: [],
          prefixListIds: [],
          selfAttribute: false,
        },
      ],
      // No egress rule: endpoint interfaces only answer connections, which security groups allow statefully.
      egress: [],
      tags: { ...props.tags, Name: props.label.with("vpce").id("securityGroup") },
    });
  }
}
