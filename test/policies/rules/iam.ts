import { blocks, type Rule, type RuleContext, type TfResource } from "../engine";
import { isPublicPrincipal, parsePolicy, type Statement } from "../policy-document";

/**
 * Actions AWS only authorizes on `"Resource": "*"`: they have no resource type in the Service
 * Authorization Reference, so no ARN can scope them. Nothing else may use `*`.
 */
export const ACTIONS_ALLOWED_ON_ANY_RESOURCE: readonly string[] = [
  // X-Ray: sending segments and telemetry and reading sampling rules are account-wide calls.
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:GetSamplingStatisticSummaries",
  // CloudWatch: PutMetricData has no resource; scope it with a cloudwatch:namespace condition instead.
  "cloudwatch:PutMetricData",
  // EC2 network interfaces a Lambda, Firehose or OpenSearch in a VPC manages; Describe* has no resource,
  // and the services create and delete the interfaces before their ARNs exist (AWSLambdaVPCAccessExecutionRole).
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
  "ec2:DescribeVpcs",
  "ec2:DescribeSubnets",
  "ec2:DescribeSecurityGroups",
  "ec2:DescribeDhcpOptions",
  // Kinesis: listing streams has no resource (the Lambda Kinesis execution role needs it).
  "kinesis:ListStreams",
];

/** A policy-bearing attribute of a resource type. */
interface PolicyAttribute {
  readonly type: string;
  readonly attribute: string;
  /** Identity policies name their resources; resource policies apply to the resource they are attached to. */
  readonly identity: boolean;
}

const POLICY_ATTRIBUTES: readonly PolicyAttribute[] = [
  { type: "aws_iam_role_policy", attribute: "policy", identity: true },
  { type: "aws_iam_policy", attribute: "policy", identity: true },
  { type: "aws_iam_user_policy", attribute: "policy", identity: true },
  { type: "aws_iam_group_policy", attribute: "policy", identity: true },
  { type: "aws_iam_role", attribute: "assume_role_policy", identity: false },
  { type: "aws_s3_bucket_policy", attribute: "policy", identity: false },
  { type: "aws_sqs_queue_policy", attribute: "policy", identity: false },
  { type: "aws_sns_topic_policy", attribute: "policy", identity: false },
  { type: "aws_kms_key", attribute: "policy", identity: false },
  { type: "aws_opensearch_domain_policy", attribute: "access_policies", identity: false },
  { type: "aws_cloudwatch_log_resource_policy", attribute: "policy_document", identity: false },
];

const typesOf = (identityOnly: boolean) => [...new Set(POLICY_ATTRIBUTES.filter((p) => p.identity || !identityOnly).map((p) => p.type))];

/** Every policy document of the resource, labelled for the message; inline role policies included. */
function documents(resource: TfResource, context: RuleContext, identityOnly: boolean): { label: string; value: unknown }[] {
  const found = POLICY_ATTRIBUTES.filter((p) => p.type === context.self.type && (p.identity || !identityOnly) && resource[p.attribute] !== undefined).map(
    (p) => ({ label: p.attribute, value: resource[p.attribute] }),
  );
  if (context.self.type === "aws_iam_role") {
    blocks(resource.inline_policy).forEach((inline, i) => found.push({ label: `inline_policy[${i}]`, value: inline.policy }));
  }
  return found;
}

/** Runs `check` over every statement of every document; `undefined` when all pass. */
function checkStatements(resource: TfResource, context: RuleContext, identityOnly: boolean, check: (s: Statement) => string | undefined): string | undefined {
  const problems: string[] = [];
  for (const { label, value } of documents(resource, context, identityOnly)) {
    const parsed = parsePolicy(value, context);
    if ("error" in parsed) {
      problems.push(`${label}: ${parsed.error}`);
      continue;
    }
    parsed.statements.forEach((statement, i) => {
      const problem = check(statement);
      if (problem) problems.push(`${label} statement ${statement.sid ?? i}: ${problem}`);
    });
  }
  return problems.length > 0 ? problems.join("; ") : undefined;
}

const isWildcardAction = (action: string) => action === "*" || /^[A-Za-z0-9-]+:\*$/.test(action);

/** CKV_AWS_63 (and "service:*"): Allow statements list their actions. Deny may use wildcards: it only restricts. */
export const iamNoWildcardActions: Rule = {
  id: "CKV_AWS_63",
  title: 'IAM policy statements allow listed actions, never "*" or "service:*" or NotAction',
  resourceTypes: typesOf(false),
  check(resource, context) {
    return checkStatements(resource, context, false, (s) => {
      if (s.effect !== "Allow") return undefined;
      if (s.notActions.length > 0) return `Allow with NotAction ${s.notActions.join(", ")} grants every other action`;
      const wild = s.actions.filter(isWildcardAction);
      return wild.length > 0 ? `allows wildcard actions ${wild.join(", ")}` : undefined;
    });
  },
};

/** CKV_AWS_355: identity policies name resource ARNs; `*` only for actions that have no resource type. */
export const iamNoWildcardResources: Rule = {
  id: "CKV_AWS_355",
  title: 'IAM identity policy statements allow "Resource": "*" only for actions AWS cannot scope',
  resourceTypes: [...typesOf(true), "aws_iam_role"],
  check(resource, context) {
    return checkStatements(resource, context, true, (s) => {
      if (s.effect !== "Allow") return undefined;
      if (s.notResources.length > 0) return `Allow with NotResource ${s.notResources.join(", ")} grants every other resource`;
      if (!s.resources.includes("*")) return undefined;
      const scopable = s.actions.filter((action) => !ACTIONS_ALLOWED_ON_ANY_RESOURCE.includes(action));
      return scopable.length > 0 ? `allows ${scopable.join(", ")} on "*"; name the resource ARNs` : undefined;
    });
  },
};

/** CKV_AWS_60 / CKV_AWS_33: no trust or resource policy allows everyone without a condition narrowing it. */
export const iamNoPublicPrincipal: Rule = {
  id: "CKV_AWS_60",
  title: 'Trust and resource policies never allow Principal "*" without a condition',
  resourceTypes: typesOf(false).filter((type) => POLICY_ATTRIBUTES.some((p) => p.type === type && !p.identity)),
  check(resource, context) {
    return checkStatements(resource, context, false, (s) =>
      s.effect === "Allow" && isPublicPrincipal(s) && s.conditions.length === 0 ? 'allows Principal "*" without a condition' : undefined,
    );
  },
};

/** The IAM rules. */
export const iamRules: readonly Rule[] = [iamNoWildcardActions, iamNoWildcardResources, iamNoPublicPrincipal];
