import { Construct } from "constructs";
import { Lazy, Token } from "cdktf";
import { OpensearchDomain } from "@cdktf/provider-aws/lib/opensearch-domain";
import { OpensearchDomainPolicy } from "@cdktf/provider-aws/lib/opensearch-domain-policy";
import type { AwsLocation } from "../shared/arn";
import type { Label } from "../shared/label";
import type { MetricOptions, MetricSpec } from "../shared/metric";
import type { Grantee } from "../shared/policy";
import { assertLogRetentionDays } from "../shared/validate";
import {
  ADMIN_HTTP_ACTIONS,
  DEFAULT_DEDICATED_MASTER_COUNT,
  DEFAULT_DOMAIN_LOG_RETENTION_DAYS,
  DEFAULT_EBS_VOLUME_SIZE_GIB,
  DEFAULT_ENGINE_VERSION,
  DEFAULT_INSTANCE_COUNT,
  DEFAULT_INSTANCE_TYPE,
  TLS_SECURITY_POLICY,
  WRITER_DESCRIBE_ACTIONS,
  WRITER_HTTP_ACTIONS,
} from "./defaults";
import { DomainLogs, domainArn } from "./domain-logs";
import { assertDomainName, assertDomainSizing } from "./domain-rules";
import { DomainMetrics } from "./metrics";

/** Sizing and access options of a domain, chosen per environment. */
export interface OpenSearchDomainOptions {
  /**
   * The IAM principal (role) that is the fine-grained access control master user: it maps other
   * principals to OpenSearch roles. The internal user database stays off, so no password exists.
   */
  readonly masterUserArn: string;
  /**
   * `OpenSearch_<major>.<minor>`.
   * @default "OpenSearch_2.19"
   */
  readonly engineVersion?: string;
  /**
   * @default "r6g.large.search"
   */
  readonly instanceType?: string;
  /**
   * Data nodes; with zone awareness a multiple of `availabilityZoneCount`.
   * @default 2
   */
  readonly instanceCount?: number;
  /**
   * 1 (zone awareness off), 2 or 3.
   * @default - 2 when instanceCount is 2 or more and even, 3 when it is a multiple of 3 only, else 1
   */
  readonly availabilityZoneCount?: number;
  /**
   * Turns dedicated master nodes on.
   * @default - no dedicated master nodes
   */
  readonly dedicatedMasterType?: string;
  /**
   * 3 or 5; used only with `dedicatedMasterType`.
   * @default 3
   */
  readonly dedicatedMasterCount?: number;
  /**
   * gp3 volume per data node, at least 10 GiB (the maximum depends on the instance type).
   * @default 20
   */
  readonly ebsVolumeSizeGiB?: number;
  /**
   * Retention of the slow, application and audit log groups, a value CloudWatch Logs accepts.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * Places the domain in a VPC: one subnet per Availability Zone.
   * @default - a public endpoint, still limited by the access policy and fine-grained access control
   */
  readonly vpcSubnetIds?: readonly string[];
  /**
   * Security groups of the domain's network interfaces; used only with `vpcSubnetIds`.
   * @default - the VPC's default security group
   */
  readonly vpcSecurityGroupIds?: readonly string[];
}

/** Props for {@link OpenSearchDomain}. */
export interface OpenSearchDomainProps extends OpenSearchDomainOptions {
  /** Naming context; the domain is named `label.id("openSearchDomain")`. */
  readonly label: Label;
  /** Where the domain lives: its ARN must be known before it exists, for the log resource policy. */
  readonly location: AwsLocation;
}

/**
 * An OpenSearch Service domain that is secure by construction: encryption at rest and node-to-node,
 * HTTPS only with {@link TLS_SECURITY_POLICY}, fine-grained access control with an IAM master user,
 * an access policy naming its principals (never `*`), and slow, application and audit logs in
 * CloudWatch with retention. None of these can be turned off.
 */
export class OpenSearchDomain extends Construct {
  /** The domain name a label gives: `label.id("openSearchDomain")`. */
  static domainNameOf(label: Label): string {
    return label.id("openSearchDomain");
  }

  /** The domain ARN a label gives, for a stack that refers to it by name. */
  static domainArnOf(label: Label, location: AwsLocation): string {
    return domainArn(location, OpenSearchDomain.domainNameOf(label));
  }

  /** `label.id("openSearchDomain")` */
  readonly domainName: string;
  readonly domainArn: string;
  /** The HTTPS endpoint host name, without scheme. */
  readonly domainEndpoint: string;
  /** Metric helpers for this domain (AWS/ES, DomainName + ClientId). */
  readonly metrics: DomainMetrics;
  private readonly writerArns: string[] = [];

  constructor(scope: Construct, id: string, props: OpenSearchDomainProps) {
    super(scope, id);
    const domainName = OpenSearchDomain.domainNameOf(props.label);
    assertDomainName(domainName);
    const instanceCount = props.instanceCount ?? DEFAULT_INSTANCE_COUNT;
    const availabilityZoneCount = props.availabilityZoneCount ?? defaultAvailabilityZoneCount(instanceCount);
    const sizing = {
      engineVersion: props.engineVersion ?? DEFAULT_ENGINE_VERSION,
      instanceType: props.instanceType ?? DEFAULT_INSTANCE_TYPE,
      instanceCount,
      availabilityZoneCount,
      dedicatedMasterType: props.dedicatedMasterType,
      dedicatedMasterCount: props.dedicatedMasterCount ?? DEFAULT_DEDICATED_MASTER_COUNT,
      ebsVolumeSizeGiB: props.ebsVolumeSizeGiB ?? DEFAULT_EBS_VOLUME_SIZE_GIB,
      vpcSubnetIds: props.vpcSubnetIds,
    };
    assertDomainSizing(sizing);
    const logRetentionDays = props.logRetentionDays ?? DEFAULT_DOMAIN_LOG_RETENTION_DAYS;
    assertLogRetentionDays("logRetentionDays", logRetentionDays);

    const logs = new DomainLogs(this, "Logs", { domainName, location: props.location, retentionDays: logRetentionDays });
    const zoneAware = availabilityZoneCount > 1;
    const domain = new OpensearchDomain(this, "Resource", {
      domainName,
      engineVersion: sizing.engineVersion,
      clusterConfig: {
        instanceType: sizing.instanceType,
        instanceCount,
        zoneAwarenessEnabled: zoneAware,
        zoneAwarenessConfig: zoneAware ? { availabilityZoneCount } : undefined,
        dedicatedMasterEnabled: sizing.dedicatedMasterType !== undefined,
        dedicatedMasterType: sizing.dedicatedMasterType,
        dedicatedMasterCount: sizing.dedicatedMasterType !== undefined ? sizing.dedicatedMasterCount : undefined,
      },
      ebsOptions: { ebsEnabled: true, volumeType: "gp3", volumeSize: sizing.ebsVolumeSizeGiB },
      encryptAtRest: { enabled: true },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: TLS_SECURITY_POLICY },
      advancedSecurityOptions: {
        enabled: true,
        anonymousAuthEnabled: false,
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: props.masterUserArn },
      },
      softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
      logPublishingOptions: [...logs.logGroupArns].map(([logType, cloudwatchLogGroupArn]) => ({
        logType,
        cloudwatchLogGroupArn,
        enabled: true,
      })),
      vpcOptions: props.vpcSubnetIds
        ? {
            subnetIds: [...props.vpcSubnetIds],
            securityGroupIds: props.vpcSecurityGroupIds ? [...props.vpcSecurityGroupIds] : undefined,
          }
        : undefined,
      dependsOn: [logs.resourcePolicy],
    });
    this.domainName = domain.domainName;
    this.domainArn = domain.arn;
    this.domainEndpoint = domain.endpoint;
    this.metrics = new DomainMetrics(domainName, props.location.accountId);

    new OpensearchDomainPolicy(this, "AccessPolicy", {
      domainName: domain.domainName,
      accessPolicies: Lazy.stringValue({ produce: () => this.renderAccessPolicy(props.masterUserArn) }),
    });
  }

  /**
   * Lets `grantee` write documents: the IAM statement Firehose needs (describe the domain, GET/POST/PUT
   * on the domain and its paths) and the grantee's role as a writer principal in the access policy.
   */
  grantWrite(grantee: Grantee): void {
    grantee.addToPolicy({
      sid: "OpenSearchDomainWrite",
      actions: [...WRITER_DESCRIBE_ACTIONS, ...WRITER_HTTP_ACTIONS],
      resources: [this.domainArn, `${this.domainArn}/*`],
    });
    this.writerArns.push(grantee.roleArn);
  }

  private renderAccessPolicy(masterUserArn: string): string {
    const resource = `${this.domainArn}/*`;
    const statements: Record<string, unknown>[] = [
      { Sid: "Administrators", Effect: "Allow", Principal: { AWS: [masterUserArn] }, Action: [...ADMIN_HTTP_ACTIONS], Resource: resource },
    ];
    if (this.writerArns.length > 0) {
      statements.push({ Sid: "Writers", Effect: "Allow", Principal: { AWS: [...this.writerArns] }, Action: [...WRITER_HTTP_ACTIONS], Resource: resource });
    }
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
  }
}

/** Zone awareness whenever the node count allows it: two zones for even counts, three for odd multiples of 3. */
export function defaultAvailabilityZoneCount(instanceCount: number): number {
  if (Token.isUnresolved(instanceCount)) return 1;
  if (instanceCount >= 2 && instanceCount % 2 === 0) return 2;
  if (instanceCount >= 3 && instanceCount % 3 === 0) return 3;
  return 1;
}
