import { describe, expect, test } from "vitest";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Label } from "../shared/label";
import { TEST_LOCATION, constructTree, synth, testStack } from "../shared/testing";
import { EstimatedChargesAlarm, type EstimatedChargesAlarmProps } from "./estimated-charges-alarm";

const label = new Label({ namespace: "acme", environment: "prod", name: "billing" });

function make(overrides: Partial<EstimatedChargesAlarmProps> = {}, region = "us-east-1") {
  const stack = testStack();
  const provider = new AwsProvider(stack, "billing", { region, alias: "billing" });
  new EstimatedChargesAlarm(stack, "Charges", { label, location: TEST_LOCATION, provider, monthlyBudgetUsd: 300, ...overrides });
  return stack;
}

describe("EstimatedChargesAlarm", () => {
  test("alarms on USD estimated charges, Maximum over 6 h, in us-east-1: warning at 80%, critical at the budget", () => {
    const alarms = Object.values(synth(make({ emailSubscriptions: ["finance@example.com"] })).resources("aws_cloudwatch_metric_alarm"));
    const common = {
      provider: "aws.billing",
      namespace: "AWS/Billing",
      metric_name: "EstimatedCharges",
      dimensions: { Currency: "USD" },
      statistic: "Maximum",
      period: 21600,
      comparison_operator: "GreaterThanThreshold",
      evaluation_periods: 1,
      datapoints_to_alarm: 1,
      treat_missing_data: "ignore",
      actions_enabled: true,
      alarm_actions: [expect.stringMatching(/^\$\{aws_sns_topic\.Charges_Topic_[0-9A-F]+\.arn\}$/)],
      ok_actions: [expect.stringMatching(/^\$\{aws_sns_topic\.Charges_Topic_[0-9A-F]+\.arn\}$/)],
    };
    expect(alarms.sort((a, b) => a.threshold - b.threshold)).toEqual([
      {
        ...common,
        alarm_name: "acme-prod-billing-warning-estimated-charges",
        alarm_description: "WARNING: month-to-date estimated charges above 240 USD (monthly budget 300 USD).",
        threshold: 240,
      },
      {
        ...common,
        alarm_name: "acme-prod-billing-critical-estimated-charges",
        alarm_description: "CRITICAL: month-to-date estimated charges above 300 USD (monthly budget 300 USD).",
        threshold: 300,
      },
    ]);
    const out = synth(make({ emailSubscriptions: ["finance@example.com"] }));
    expect(out.only("aws_sns_topic").provider).toBe("aws.billing");
    expect(out.only("aws_sns_topic_subscription")).toMatchObject({ provider: "aws.billing", endpoint: "finance@example.com" });
  });

  test("warningPercent false leaves only the critical alarm; a given us-east-1 topic is used", () => {
    const topicArn = "arn:aws:sns:us-east-1:111122223333:finance";
    const out = synth(make({ warningPercent: false, topic: { topicArn } }));
    expect(out.only("aws_cloudwatch_metric_alarm")).toMatchObject({ threshold: 300, alarm_actions: [topicArn] });
    expect(out.count("aws_sns_topic")).toBe(0);
  });

  test("pins the construct tree", () => {
    expect(constructTree(make({ warningPercent: 50 })).filter((path) => !path.endsWith("/billing"))).toEqual([
      "test/Charges",
      "test/Charges/Resource",
      "test/Charges/Resource/Critical",
      "test/Charges/Resource/Critical/estimated-charges",
      "test/Charges/Resource/Topic",
      "test/Charges/Resource/Topic/Key",
      "test/Charges/Resource/Topic/KeyAlias",
      "test/Charges/Resource/Topic/Policy",
      "test/Charges/Resource/Topic/Resource",
      "test/Charges/Resource/Topic/Subscriptions",
      "test/Charges/Resource/Warning",
      "test/Charges/Resource/Warning/estimated-charges",
    ]);
  });

  test("fails when the provider is not in us-east-1", () => {
    expect(() => make({}, "eu-west-1")).toThrow(/provider must be configured for region us-east-1 \(billing metrics exist only there\), got eu-west-1/);
  });
  test("fails when the topic is in another region", () => {
    expect(() => make({ topic: { topicArn: "arn:aws:sns:eu-west-1:111122223333:ops" } })).toThrow(/topic must be in us-east-1, where the alarm is, got arn:aws:sns:eu-west-1/);
  });
  test("fails when the budget is not positive", () => {
    expect(() => make({ monthlyBudgetUsd: 0 })).toThrow(/monthlyBudgetUsd must be between 1 and 1000000000 USD, got 0/);
  });
  test("fails when warningPercent is outside 1-99", () => {
    expect(() => make({ warningPercent: 100 })).toThrow(/warningPercent must be a whole number between 1 and 99 percent, got 100/);
  });
});
