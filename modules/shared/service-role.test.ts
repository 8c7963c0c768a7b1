import { describe, expect, test } from "vitest";
import { Label } from "./label";
import { ServiceRole } from "./service-role";
import { synth, testStack } from "./testing";

const label = new Label({ namespace: "acme", environment: "dev", name: "logs", attributes: ["processor"] });

describe("ServiceRole", () => {
  test("trusts one service, limited to the source account", () => {
    const stack = testStack();
    new ServiceRole(stack, "Role", { label, servicePrincipal: "lambda.amazonaws.com", sourceAccount: "111122223333" });
    const role = synth(stack).only("aws_iam_role");
    expect(role.name).toBe("acme-dev-logs-processor");
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
        },
      ],
    });
  });

  test("renders granted statements into one inline policy, and none when nothing is granted", () => {
    const empty = testStack();
    const unused = new ServiceRole(empty, "Role", { label, servicePrincipal: "lambda.amazonaws.com" });
    expect(synth(empty).count("aws_iam_role_policy")).toBe(0);
    expect(unused.policyResource).toBeUndefined();

    const stack = testStack();
    const role = new ServiceRole(stack, "Role", { label, servicePrincipal: "lambda.amazonaws.com" });
    role.addToPolicy({ actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:eu-west-1:111122223333:q"] });
    role.addToPolicy({ sid: "Logs", actions: ["logs:PutLogEvents"], resources: ["arn:aws:logs:eu-west-1:111122223333:log-group:g:*"] });
    expect(role.policyResource?.node.path).toBe("test/Role/Policy");
    expect(synth(stack).rolePolicyStatements()).toEqual([
      { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ["arn:aws:sqs:eu-west-1:111122223333:q"] },
      { Sid: "Logs", Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: ["arn:aws:logs:eu-west-1:111122223333:log-group:g:*"] },
    ]);
  });

  test("fails when a grant uses a wildcard action", () => {
    const role = new ServiceRole(testStack(), "Role", { label, servicePrincipal: "lambda.amazonaws.com" });
    expect(() => role.addToPolicy({ actions: ["kinesis:*"], resources: ["arn:aws:kinesis:eu-west-1:1:stream/s"] })).toThrow(
      /policy actions must be listed one by one, got "kinesis:\*"/,
    );
  });

  test("fails when a wildcard resource has no reason", () => {
    const role = new ServiceRole(testStack(), "Role", { label, servicePrincipal: "lambda.amazonaws.com" });
    expect(() => role.addToPolicy({ actions: ["xray:PutTraceSegments"], resources: ["*"] })).toThrow(/needs a wildcardReason/);
    role.addToPolicy({ actions: ["xray:PutTraceSegments"], resources: ["*"], wildcardReason: "X-Ray has no resource-level permissions" });
  });
});
