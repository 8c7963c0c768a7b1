import { describe, expect, test } from "vitest";
import type { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Label } from "../shared/label";
import { TEST_LOCATION, constructTree, synth, testStack } from "../shared/testing";
import type { AlarmDefinition } from "./alarm-definition";
import { PipelineAlarms, type PipelineAlarmsProps } from "./pipeline-alarms";
import { spec, stream } from "./test-metrics";

const label = new Label({ namespace: "acme", environment: "prod", name: "orders" });

const iteratorAge: AlarmDefinition = {
  name: "stream-iterator-age",
  description: "Consumers are behind.",
  metric: stream("GetRecords.IteratorAgeMilliseconds", "Maximum"),
  comparison: "GreaterThanThreshold",
  threshold: 60_000,
  severity: "warning",
  evaluationPeriods: 5,
  datapointsToAlarm: 3,
  treatMissingData: "ignore",
};

function make(overrides: Partial<PipelineAlarmsProps> = {}): { stack: TerraformStack; alarms: PipelineAlarms } {
  const stack = testStack();
  const alarms = new PipelineAlarms(stack, "Alarms", { label, location: TEST_LOCATION, alarms: [iteratorAge], ...overrides });
  return { stack, alarms };
}

const TOPIC = /^\$\{aws_sns_topic\.Alarms_Topic_[0-9A-F]+\.arn\}$/;

describe("PipelineAlarms", () => {
  test("renders a plain-metric alarm with the naming scheme, M of N, missing-data choice and alarm + OK actions", () => {
    const { stack, alarms } = make();
    const alarm = synth(stack).only("aws_cloudwatch_metric_alarm");
    expect(alarm).toEqual({
      alarm_name: "acme-prod-orders-warning-stream-iterator-age",
      alarm_description: "Consumers are behind.",
      namespace: "AWS/Kinesis",
      metric_name: "GetRecords.IteratorAgeMilliseconds",
      dimensions: { StreamName: "orders" },
      statistic: "Maximum",
      period: 60,
      comparison_operator: "GreaterThanThreshold",
      threshold: 60000,
      evaluation_periods: 5,
      datapoints_to_alarm: 3,
      treat_missing_data: "ignore",
      actions_enabled: true,
      alarm_actions: [expect.stringMatching(TOPIC)],
      ok_actions: [expect.stringMatching(TOPIC)],
    });
    expect(alarms.alarmArns).toHaveLength(1);
    expect(alarms.topicArn).toMatch(/TOKEN/);
  });

  test("renders percentiles as extended_statistic", () => {
    const latency = { ...iteratorAge, name: "put-latency", metric: stream("PutRecords.Latency", "p99") };
    const alarm = synth(make({ alarms: [latency] }).stack).only("aws_cloudwatch_metric_alarm");
    expect(alarm.extended_statistic).toBe("p99");
    expect(alarm.statistic).toBeUndefined();
  });

  test("renders metric math as metric_query with return_data on the expression only", () => {
    const ratio: AlarmDefinition = {
      ...iteratorAge,
      name: "error-rate",
      severity: "critical",
      threshold: 5,
      treatMissingData: "notBreaching",
      metric: {
        expression: "100 * errors / total",
        label: "Errors (%)",
        periodSeconds: 300,
        metrics: {
          errors: spec("AWS/Lambda", "Errors", { FunctionName: "f" }, "Sum", 300),
          total: spec("AWS/Lambda", "Invocations", { FunctionName: "f" }, "Sum", 300),
        },
      },
    };
    const alarm = synth(make({ alarms: [ratio] }).stack).only("aws_cloudwatch_metric_alarm");
    expect(alarm.namespace).toBeUndefined();
    expect(alarm.period).toBeUndefined();
    expect(alarm.alarm_name).toBe("acme-prod-orders-critical-error-rate");
    expect(alarm.metric_query).toEqual([
      { id: "expression", expression: "100 * errors / total", label: "Errors (%)", return_data: true },
      {
        id: "errors",
        return_data: false,
        metric: { namespace: "AWS/Lambda", metric_name: "Errors", dimensions: { FunctionName: "f" }, period: 300, stat: "Sum" },
      },
      {
        id: "total",
        return_data: false,
        metric: { namespace: "AWS/Lambda", metric_name: "Invocations", dimensions: { FunctionName: "f" }, period: 300, stat: "Sum" },
      },
    ]);
  });

  test("okActions false and actionsEnabled false are honoured", () => {
    const alarm = synth(make({ alarms: [{ ...iteratorAge, okActions: false, actionsEnabled: false }] }).stack).only("aws_cloudwatch_metric_alarm");
    expect(alarm.ok_actions).toEqual([]);
    expect(alarm.actions_enabled).toBe(false);
    expect(alarm.alarm_actions).toEqual([expect.stringMatching(TOPIC)]);
  });

  test("creates an SNS topic encrypted with a rotated customer-managed key CloudWatch may use", () => {
    const out = synth(make().stack);
    const key = out.only("aws_kms_key");
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    const statements = JSON.parse(key.policy).Statement;
    expect(statements[1]).toEqual({
      Sid: "CloudWatchAlarmsPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
    });
    expect(statements[0].Principal).toEqual({ AWS: "arn:aws:iam::111122223333:root" });
    expect(statements[0].Action).not.toContain("kms:*");
    expect(out.only("aws_kms_alias").name).toBe("alias/acme-prod-orders-alarms");
    const topic = out.only("aws_sns_topic");
    expect(topic).toEqual({ name: "acme-prod-orders-alarms", kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.Alarms_Topic_Key_[0-9A-F]+\.arn\}$/) });
  });

  test("the topic policy lets only this account's CloudWatch publish, over TLS only", () => {
    const policy = synth(make().stack).only("aws_sns_topic_policy");
    expect(policy.arn).toMatch(TOPIC);
    expect(JSON.parse(policy.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CloudWatchAlarmsPublish",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "sns:Publish",
          Resource: expect.stringMatching(TOPIC),
          Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
        },
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "sns:Publish",
          Resource: expect.stringMatching(TOPIC),
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    });
  });

  test("subscribes e-mail addresses to the created topic", () => {
    const subscriptions = Object.values(synth(make({ emailSubscriptions: ["ops@example.com", "oncall@example.com"] }).stack).resources("aws_sns_topic_subscription"));
    expect(subscriptions.sort((a, b) => a.endpoint.localeCompare(b.endpoint))).toEqual([
      { topic_arn: expect.stringMatching(TOPIC), protocol: "email", endpoint: "oncall@example.com" },
      { topic_arn: expect.stringMatching(TOPIC), protocol: "email", endpoint: "ops@example.com" },
    ]);
  });

  test("uses a given topic: no topic, key or policy created; subscriptions go to it", () => {
    const topicArn = "arn:aws:sns:eu-west-1:111122223333:ops";
    const { stack, alarms } = make({ topic: { topicArn }, emailSubscriptions: ["ops@example.com"] });
    const out = synth(stack);
    expect(out.count("aws_sns_topic")).toBe(0);
    expect(out.count("aws_kms_key")).toBe(0);
    expect(out.count("aws_sns_topic_policy")).toBe(0);
    expect(out.only("aws_sns_topic_subscription")).toEqual({ topic_arn: topicArn, protocol: "email", endpoint: "ops@example.com" });
    expect(out.only("aws_cloudwatch_metric_alarm").alarm_actions).toEqual([topicArn]);
    expect(alarms.topicArn).toBe(topicArn);
  });

  test("creates everything with the given provider", () => {
    const stack = testStack();
    const provider = new AwsProvider(stack, "east", { region: "us-east-1", alias: "east" });
    new PipelineAlarms(stack, "Alarms", { label, location: TEST_LOCATION, alarms: [iteratorAge], emailSubscriptions: ["ops@example.com"], provider });
    const out = synth(stack);
    for (const type of ["aws_cloudwatch_metric_alarm", "aws_sns_topic", "aws_sns_topic_policy", "aws_sns_topic_subscription", "aws_kms_key", "aws_kms_alias"]) {
      expect(out.only(type).provider, type).toBe("aws.east");
    }
  });

  test("cuts long names to 255 characters with a stable hash", () => {
    const long = { ...iteratorAge, name: "a".repeat(250) };
    const name = synth(make({ alarms: [long] }).stack).only("aws_cloudwatch_metric_alarm").alarm_name as string;
    expect(name).toHaveLength(255);
    expect(name).toMatch(/^acme-prod-orders-warning-a+-[0-9a-f]{6}$/);
  });

  test("pins the construct tree", () => {
    const critical = { ...iteratorAge, severity: "critical" as const, threshold: 300_000 };
    expect(constructTree(make({ alarms: [iteratorAge, critical], emailSubscriptions: ["ops@example.com"] }).stack)).toEqual([
      "test/Alarms",
      "test/Alarms/Critical",
      "test/Alarms/Critical/stream-iterator-age",
      "test/Alarms/Topic",
      "test/Alarms/Topic/Key",
      "test/Alarms/Topic/KeyAlias",
      "test/Alarms/Topic/Policy",
      "test/Alarms/Topic/Resource",
      "test/Alarms/Topic/Subscriptions",
      "test/Alarms/Topic/Subscriptions/ops@example.com",
      "test/Alarms/Warning",
      "test/Alarms/Warning/stream-iterator-age",
    ]);
  });
});

describe("PipelineAlarms validation", () => {
  const fails = (definition: Partial<AlarmDefinition>) => () => make({ alarms: [{ ...iteratorAge, ...definition }] });

  test("fails when two alarms share a name and severity", () => {
    expect(() => make({ alarms: [iteratorAge, iteratorAge] })).toThrow(/alarms must have unique names per severity, got "stream-iterator-age" twice as warning/);
  });
  test("fails when a name is not kebab-case", () => {
    expect(fails({ name: "Iterator_Age" })).toThrow(/alarm "Iterator_Age" name must be kebab-case .*, got "Iterator_Age"/);
  });
  test("fails when datapointsToAlarm exceeds evaluationPeriods", () => {
    expect(fails({ evaluationPeriods: 3, datapointsToAlarm: 4 })).toThrow(/datapointsToAlarm must be a whole number between 1 and 3 \(M of N: at most evaluationPeriods\), got 4/);
  });
  test("fails when the evaluation range exceeds one day for sub-hour periods", () => {
    expect(fails({ evaluationPeriods: 1441, datapointsToAlarm: 1 })).toThrow(/evaluationPeriods must be a whole number between 1 and 1440 \(periods of 60 s cover at most 24 h\), got 1441/);
  });
  test("fails when the evaluation range exceeds seven days for hourly periods", () => {
    const hourly = stream("IncomingRecords", "Sum");
    expect(fails({ metric: { ...hourly, periodSeconds: 3600 }, evaluationPeriods: 169, datapointsToAlarm: 1 })).toThrow(
      /evaluationPeriods must be a whole number between 1 and 168 \(periods of 3600 s cover at most 168 h\), got 169/,
    );
  });
  test("fails when the period is not 10, 20, 30 or a multiple of 60", () => {
    expect(fails({ metric: { ...iteratorAge.metric, periodSeconds: 90 } })).toThrow(/periodSeconds must be 10, 20, 30 or a multiple of 60, got 90/);
  });
  test("fails when the statistic is unknown", () => {
    expect(fails({ metric: { ...iteratorAge.metric, statistic: "Median" as never } })).toThrow(/statistic must be one of Average, Sum, Minimum, Maximum, SampleCount or a percentile p0 to p100, got Median/);
  });
  test("fails when treatMissingData is not a CloudWatch value", () => {
    expect(fails({ treatMissingData: "zero" as never })).toThrow(/treatMissingData must be one of breaching, notBreaching, ignore, missing, got zero/);
  });
  test("fails when the comparison is not a static-threshold operator", () => {
    expect(fails({ comparison: "LessThanLowerThreshold" as never })).toThrow(/comparison must be one of GreaterThanThreshold, .*, got LessThanLowerThreshold/);
  });
  test("fails when the description is empty or longer than 1024 characters", () => {
    expect(fails({ description: "" })).toThrow(/description must be 1 to 1024 characters, got 0/);
    expect(fails({ description: "x".repeat(1025) })).toThrow(/description must be 1 to 1024 characters, got 1025/);
  });
  test("fails when the threshold is not a finite number", () => {
    expect(fails({ threshold: Number.NaN })).toThrow(/threshold must be a finite number, got NaN/);
  });
  const math = (expression: string, metrics: Record<string, ReturnType<typeof stream>>, periodSeconds = 60) => ({ expression, metrics, label: "x", periodSeconds });
  test("fails when a metric-math id starts with an upper-case letter", () => {
    expect(fails({ metric: math("100 * Errors", { Errors: stream("A") }) })).toThrow(/metric id must be a lower-case letter followed by letters, digits or _, got "Errors"/);
  });
  test("fails when a metric-math id is reserved", () => {
    expect(fails({ metric: math("expression * 2", { expression: stream("A") }) })).toThrow(/metric id "expression" is reserved/);
  });
  test("fails when the expression does not use a metric", () => {
    expect(fails({ metric: math("a * 2", { a: stream("A"), b: stream("B") }) })).toThrow(/expression "a \* 2" does not use metric id "b"/);
  });
  test("fails when an expression has no metrics", () => {
    expect(fails({ metric: math("1", {}) })).toThrow(/expression "1" needs at least one metric/);
  });
  test("fails when an expression's metrics have another period", () => {
    expect(fails({ metric: math("a + b", { a: stream("A"), b: { ...stream("B"), periodSeconds: 300 } }) })).toThrow(
      /metric b periodSeconds must equal the expression's 60, got 300/,
    );
  });
  test("fails when an alarm expression uses more than 10 metrics", () => {
    const metrics = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`m${i}`, stream(`M${i}`)]));
    expect(fails({ metric: math(Object.keys(metrics).join(" + "), metrics) })).toThrow(/expression may use at most 10 metrics in an alarm, got 11/);
  });
  test("fails when an e-mail subscription is not an address, or repeats", () => {
    expect(() => make({ emailSubscriptions: ["ops"] })).toThrow(/emailSubscriptions must hold e-mail addresses \(local@domain.tld\), got "ops"/);
    expect(() => make({ emailSubscriptions: ["ops@example.com", "OPS@example.com"] })).toThrow(/emailSubscriptions lists "OPS@example.com" twice/);
  });
});
