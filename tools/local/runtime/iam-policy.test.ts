import { describe, expect, it } from "vitest";
import { evaluatePolicies, wildcardMatch, type PolicyDocument } from "./iam-policy";

const STREAM = "arn:aws:kinesis:eu-west-1:111111111111:stream/acme-dev-events";
const allow = (Action: string | string[], Resource: string | string[], Condition?: Record<string, Record<string, string | string[]>>): PolicyDocument => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource, ...(Condition ? { Condition } : {}) }] });

describe("evaluatePolicies", () => {
  it("allows an action granted on the resource's ARN, and only there", () => {
    const policies = [allow(["kinesis:PutRecords"], STREAM)];
    expect(evaluatePolicies(policies, "kinesis:PutRecords", STREAM)).toBe("allow");
    expect(evaluatePolicies(policies, "kinesis:PutRecords", `${STREAM}-other`)).toBe("implicit-deny");
    expect(evaluatePolicies(policies, "kinesis:PutRecord", STREAM)).toBe("implicit-deny");
  });

  it("matches actions case-insensitively with wildcards, resources case-sensitively", () => {
    expect(evaluatePolicies([allow("Kinesis:Get*", STREAM)], "kinesis:GetRecords", STREAM)).toBe("allow");
    expect(evaluatePolicies([allow("kinesis:*", "arn:aws:kinesis:*:111111111111:stream/acme-dev-*")], "kinesis:ListShards", STREAM)).toBe("allow");
    expect(evaluatePolicies([allow("kinesis:*", STREAM.toUpperCase())], "kinesis:ListShards", STREAM)).toBe("implicit-deny");
  });

  it("lets an explicit Deny win over any Allow", () => {
    const policies: PolicyDocument[] = [allow("kinesis:*", "*"), { Statement: { Effect: "Deny", Action: "kinesis:DeleteStream", Resource: STREAM } }];
    expect(evaluatePolicies(policies, "kinesis:DeleteStream", STREAM)).toBe("explicit-deny");
    expect(evaluatePolicies(policies, "kinesis:PutRecords", STREAM)).toBe("allow");
  });

  it("applies NotAction and NotResource", () => {
    expect(evaluatePolicies([{ Statement: [{ Effect: "Allow", NotAction: "kinesis:Delete*", Resource: "*" }] }], "kinesis:DeleteStream", STREAM)).toBe("implicit-deny");
    expect(evaluatePolicies([{ Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", NotResource: STREAM }] }], "sqs:SendMessage", "arn:aws:sqs:eu-west-1:111111111111:q")).toBe("allow");
  });

  it("does not apply an Allow whose condition key the request lacks, unless IfExists", () => {
    const aliases = { "ForAnyValue:StringLike": { "kms:ResourceAliases": "alias/acme-*" } };
    expect(evaluatePolicies([allow("kms:Decrypt", "*", aliases)], "kms:Decrypt", "arn:aws:kms:eu-west-1:111111111111:key/k")).toBe("implicit-deny");
    expect(evaluatePolicies([allow("kms:Decrypt", "*", { StringLikeIfExists: { "kms:ViaService": "kinesis.*" } })], "kms:Decrypt", "arn:aws:kms:eu-west-1:111111111111:key/k")).toBe("allow");
    expect(evaluatePolicies([allow("s3:GetObject", "*", { Bool: { "aws:SecureTransport": "true" } })], "s3:GetObject", "arn:aws:s3:::b/k", { "aws:SecureTransport": "true" })).toBe("allow");
  });

  it("wildcardMatch treats regex characters literally", () => {
    expect(wildcardMatch("arn:aws:logs:*:log-group:/aws/lambda/fn:*", "arn:aws:logs:eu-west-1:1:log-group:/aws/lambda/fn:*")).toBe(true);
    expect(wildcardMatch("a.b", "axb")).toBe(false);
    expect(wildcardMatch("queue-?", "queue-1")).toBe(true);
  });
});
