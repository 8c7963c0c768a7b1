import { describe, expect, test } from "vitest";
import { Label } from "../shared/label";
import { constructTree, synth, testStack } from "../shared/testing";
import { AlertTopic } from "./alert-topic";

const label = new Label({ namespace: "acme", environment: "dev", name: "iops-events", attributes: ["processor", "alerts"] });

describe("AlertTopic", () => {
  test("creates a topic encrypted with the AWS-managed key, refusing plain-HTTP publication", () => {
    const stack = testStack();
    new AlertTopic(stack, "Alerts", { label });
    const out = synth(stack);
    expect(out.only("aws_sns_topic")).toEqual({ name: "acme-dev-iops-events-processor-alerts", kms_master_key_id: "alias/aws/sns" });
    expect(JSON.parse(out.only("aws_sns_topic_policy").policy).Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: ["sns:Publish"],
        Resource: expect.stringMatching(/^\$\{aws_sns_topic\.Alerts_[0-9A-F]+\.arn\}$/),
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
    expect(out.count("aws_sns_topic_subscription")).toBe(0);
  });

  test("subscribes each e-mail address and takes a customer key", () => {
    const stack = testStack();
    const topic = new AlertTopic(stack, "Alerts", { label, kmsMasterKeyId: "arn:aws:kms:eu-west-1:111122223333:key/k", emailSubscriptions: ["a@example.com", "b@example.com"] });
    const out = synth(stack);
    expect(out.only("aws_sns_topic").kms_master_key_id).toBe("arn:aws:kms:eu-west-1:111122223333:key/k");
    expect(Object.values(out.resources("aws_sns_topic_subscription")).map((s) => [s.protocol, s.endpoint])).toEqual([
      ["email", "a@example.com"],
      ["email", "b@example.com"],
    ]);
    expect(topic.metrics.metricNumberOfNotificationsFailed()).toEqual({
      namespace: "AWS/SNS", metricName: "NumberOfNotificationsFailed", dimensions: { TopicName: "acme-dev-iops-events-processor-alerts" }, statistic: "Sum", periodSeconds: 300, label: "NumberOfNotificationsFailed",
    });
  });

  test("fails when a subscriber is not an e-mail address", () => {
    expect(() => new AlertTopic(testStack(), "Alerts", { label, emailSubscriptions: ["oncall"] })).toThrow(/emailSubscriptions must hold e-mail addresses \(local@domain.tld\), got "oncall"/);
  });

  test("fails when an address is listed twice, in any case", () => {
    expect(() => new AlertTopic(testStack(), "Alerts", { label, emailSubscriptions: ["oncall@example.com", "OnCall@example.com"] })).toThrow(/emailSubscriptions lists "OnCall@example.com" twice/);
  });

  test("keeps its construct ids", () => {
    const stack = testStack();
    new AlertTopic(stack, "Alerts", { label, emailSubscriptions: ["a@example.com"] });
    expect(constructTree(stack)).toEqual(["test/Alerts", "test/Alerts/Policy", "test/Alerts/Resource", "test/Alerts/a@example.com"]);
  });
});
