import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { type AwsLocation, arnOf } from "../shared/arn";
import { policyDocument } from "../shared/policy";

/** `arn:<partition>:es:<region>:<account>:domain/<name>`. */
export function domainArn(location: AwsLocation, domainName: string): string {
  return arnOf(location, "es", `domain/${domainName}`);
}

/** The log types a domain publishes, with the suffix of their log group name. */
export const DOMAIN_LOG_TYPES = {
  INDEX_SLOW_LOGS: { constructId: "IndexSlowLogs", suffix: "index-slow-logs" },
  SEARCH_SLOW_LOGS: { constructId: "SearchSlowLogs", suffix: "search-slow-logs" },
  ES_APPLICATION_LOGS: { constructId: "ApplicationLogs", suffix: "application-logs" },
  AUDIT_LOGS: { constructId: "AuditLogs", suffix: "audit-logs" },
} as const;

/** One of the OpenSearch log types. */
export type DomainLogType = keyof typeof DOMAIN_LOG_TYPES;

/** Props for {@link DomainLogs}. */
export interface DomainLogsProps {
  readonly domainName: string;
  readonly location: AwsLocation;
  readonly retentionDays: number;
  /**
   * @default - all of {@link DOMAIN_LOG_TYPES}
   */
  readonly logTypes?: readonly DomainLogType[];
}

/**
 * The CloudWatch log groups a domain publishes to, named `/aws/opensearch/domains/<domainName>/<type>`,
 * and the resource policy that lets OpenSearch write to exactly those groups on behalf of exactly that
 * domain. CloudWatch Logs allows only 10 resource policies per account and Region.
 */
export class DomainLogs extends Construct {
  /** The log group ARN of each published log type. */
  readonly logGroupArns: ReadonlyMap<DomainLogType, string>;
  /** The resource policy; the domain must depend on it, since OpenSearch checks it on creation. */
  readonly resourcePolicy: CloudwatchLogResourcePolicy;

  constructor(scope: Construct, id: string, props: DomainLogsProps) {
    super(scope, id);
    const arns = new Map<DomainLogType, string>();
    for (const logType of props.logTypes ?? (Object.keys(DOMAIN_LOG_TYPES) as DomainLogType[])) {
      const { constructId, suffix } = DOMAIN_LOG_TYPES[logType];
      const group = new CloudwatchLogGroup(this, constructId, {
        name: `/aws/opensearch/domains/${props.domainName}/${suffix}`,
        retentionInDays: props.retentionDays,
      });
      arns.set(logType, group.arn);
    }
    this.logGroupArns = arns;
    // The domain ARN is built from its name, not read from the domain: the policy must exist before it.
    const arn = domainArn(props.location, props.domainName);
    const document = policyDocument([
      {
        sid: "OpenSearchPublishLogs",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [...arns.values()].map((arn) => `${arn}:*`),
      },
    ]);
    const [statement] = document.Statement;
    this.resourcePolicy = new CloudwatchLogResourcePolicy(this, "ResourcePolicy", {
      policyName: `${props.domainName}-opensearch-logs`,
      policyDocument: JSON.stringify({
        Version: document.Version,
        Statement: [
          {
            ...statement,
            Principal: { Service: "es.amazonaws.com" },
            Condition: {
              StringEquals: { "aws:SourceAccount": props.location.accountId },
              ArnLike: { "aws:SourceArn": arn },
            },
          },
        ],
      }),
    });
  }
}
