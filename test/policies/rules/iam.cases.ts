import { patch, policyJson, type Resources, type RuleCase, stackOf } from "../fixtures";
import { iamNoPublicPrincipal, iamNoWildcardActions, iamNoWildcardResources } from "./iam";

const ROLE_POLICY = "unit:aws_iam_role_policy.processor_policy";
const STREAM_ARN = "arn:aws:kinesis:eu-west-1:111111111111:stream/acme-dev-stream";

const trust = policyJson({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" });
const readStream = { Effect: "Allow", Action: ["kinesis:GetRecords", "kinesis:GetShardIterator"], Resource: [STREAM_ARN] };
const traces = { Sid: "WriteTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" };

/** A least-privilege role, a TLS-only bucket policy (Deny s3:* is allowed) and a key policy. */
const resources: Resources = {
  aws_iam_role: { processor_role: { assume_role_policy: trust } },
  aws_iam_role_policy: { processor_policy: { role: "${aws_iam_role.processor_role.id}", policy: policyJson(readStream, traces) } },
  aws_s3_bucket_policy: {
    tls: { policy: policyJson({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }) },
  },
  aws_iam_policy: { from_document: { policy: "${data.aws_iam_policy_document.producer.json}" } },
};

const producerDocument = (actions: string[], resources: string[]) => ({
  aws_iam_policy_document: { producer: { statement: [{ effect: "Allow", actions, resources }] } },
});

const rolePolicy = (...statements: Record<string, unknown>[]) => stackOf(patch(resources, "aws_iam_role_policy", "processor_policy", { policy: policyJson(...statements) }), producerDocument(["kinesis:PutRecords"], [STREAM_ARN]));
const passing = stackOf(resources, producerDocument(["kinesis:PutRecords"], [STREAM_ARN]));

/** Cases of the IAM rules. */
export const iamCases: readonly RuleCase[] = [
  {
    rule: iamNoWildcardActions,
    passing,
    failing: [
      { title: "allowing kinesis:*", stack: rolePolicy({ ...readStream, Action: ["kinesis:*"] }), address: ROLE_POLICY, reason: /statement 0: allows wildcard actions kinesis:\*/ },
      { title: "allowing *", stack: rolePolicy(readStream, { ...traces, Action: "*" }), address: ROLE_POLICY, reason: /statement WriteTraces: allows wildcard actions \*/ },
      { title: "allowing NotAction", stack: rolePolicy({ Effect: "Allow", NotAction: "iam:*", Resource: [STREAM_ARN] }), address: ROLE_POLICY, reason: /Allow with NotAction iam:\*/ },
      {
        title: "in a policy document data source",
        stack: stackOf(resources, producerDocument(["firehose:*"], [STREAM_ARN])),
        address: "unit:aws_iam_policy.from_document",
        reason: /allows wildcard actions firehose:\*/,
      },
      {
        title: "in a trust policy",
        stack: stackOf(patch(resources, "aws_iam_role", "processor_role", { assume_role_policy: trust.replace('"sts:AssumeRole"', '"sts:*"') }), producerDocument(["kinesis:PutRecords"], [STREAM_ARN])),
        address: "unit:aws_iam_role.processor_role",
        reason: /assume_role_policy statement 0: allows wildcard actions sts:\*/,
      },
    ],
  },
  {
    rule: iamNoWildcardResources,
    passing,
    failing: [
      { title: "allowing a scopable action on *", stack: rolePolicy({ ...traces, Action: ["xray:PutTraceSegments", "kinesis:PutRecords"] }), address: ROLE_POLICY, reason: /allows kinesis:PutRecords on "\*"/ },
      { title: "allowing NotResource", stack: rolePolicy({ Effect: "Allow", Action: "kinesis:PutRecords", NotResource: STREAM_ARN }), address: ROLE_POLICY, reason: /Allow with NotResource/ },
      {
        title: "in an inline role policy",
        stack: stackOf(patch(resources, "aws_iam_role", "processor_role", { inline_policy: [{ name: "x", policy: policyJson({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) }] }), producerDocument(["kinesis:PutRecords"], [STREAM_ARN])),
        address: "unit:aws_iam_role.processor_role",
        reason: /inline_policy\[0\] statement 0: allows s3:GetObject on "\*"/,
      },
      { title: "when the policy cannot be read", stack: stackOf(patch(resources, "aws_iam_role_policy", "processor_policy", { policy: "${file(\"p.json\")}" }), producerDocument(["kinesis:PutRecords"], [STREAM_ARN])), address: ROLE_POLICY, reason: /not a literal JSON document/ },
    ],
  },
  {
    rule: iamNoPublicPrincipal,
    passing,
    failing: [
      {
        title: "in a trust policy",
        stack: stackOf(patch(resources, "aws_iam_role", "processor_role", { assume_role_policy: policyJson({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }) })),
        address: "unit:aws_iam_role.processor_role",
        reason: /assume_role_policy statement 0: allows Principal "\*" without a condition/,
      },
      {
        title: "in a queue policy",
        stack: stackOf({ ...resources, aws_sqs_queue_policy: { dlq: { policy: policyJson({ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:eu-west-1:1:q" }) } } }),
        address: "unit:aws_sqs_queue_policy.dlq",
        reason: /allows Principal "\*" without a condition/,
      },
    ],
  },
];
