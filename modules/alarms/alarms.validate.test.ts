import { describe, expect, test } from "vitest";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { validateStack } from "../../test/terraform";
import { Label } from "../shared/label";
import { TEST_LOCATION, testStack } from "../shared/testing";
import { consumerAlarms } from "./consumer-alarms";
import { deliveryStreamAlarms } from "./delivery-stream-alarms";
import { domainAlarms } from "./domain-alarms";
import { EstimatedChargesAlarm } from "./estimated-charges-alarm";
import { flinkAlarms } from "./flink-alarms";
import { functionAlarms } from "./function-alarms";
import { percentOf } from "./metric-math";
import { PipelineAlarms } from "./pipeline-alarms";
import { PipelineDashboard } from "./pipeline-dashboard";
import { deadLetterQueueAlarms } from "./queue-alarms";
import { streamAlarms } from "./stream-alarms";
import { spec, stream } from "./test-metrics";

describe("alarms terraform validate", () => {
  test("a stack with every factory, the estimated-charges alarm and the dashboard is valid Terraform", async () => {
    const stack = testStack();
    const label = new Label({ namespace: "acme", environment: "prod", name: "orders" });
    const lambda = (name: string) => spec("AWS/Lambda", name, { FunctionName: "enrich" });
    const firehose = (name: string) => spec("AWS/Firehose", name, { DeliveryStreamName: "archive" }, "Average", 300);
    const es = (name: string) => spec("AWS/ES", name, { DomainName: "search", ClientId: "111122223333" });
    const flink = (name: string) => spec("AWS/KinesisAnalytics", name, { Application: "orders" });
    const alarms = new PipelineAlarms(stack, "Alarms", {
      label,
      location: TEST_LOCATION,
      emailSubscriptions: ["ops@example.com"],
      alarms: [
        ...streamAlarms(
          { iteratorAge: stream("GetRecords.IteratorAgeMilliseconds"), writeThrottles: stream("WriteProvisionedThroughputExceeded"), incomingRecords: stream("IncomingRecords") },
          { retentionHours: 48, thresholds: { noIncomingRecordsMinutes: { warning: 10 } } },
        ),
        ...deliveryStreamAlarms({ dataFreshness: firehose("DeliveryToS3.DataFreshness"), deliverySuccess: firehose("DeliveryToS3.Success") }),
        ...functionAlarms({ errors: lambda("Errors"), invocations: lambda("Invocations"), throttles: lambda("Throttles"), iteratorAge: lambda("IteratorAge") }),
        ...deadLetterQueueAlarms({
          visibleMessages: spec("AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: "dlq" }),
          oldestMessageAge: spec("AWS/SQS", "ApproximateAgeOfOldestMessage", { QueueName: "dlq" }),
        }),
        ...domainAlarms(
          {
            clusterStatusRed: es("ClusterStatus.red"),
            clusterStatusYellow: es("ClusterStatus.yellow"),
            freeStorageSpace: es("FreeStorageSpace"),
            clusterIndexWritesBlocked: es("ClusterIndexWritesBlocked"),
          },
          { volumeSizeGiB: 100 },
        ),
        ...flinkAlarms({
          millisBehindLatest: flink("millisBehindLatest"),
          downtime: flink("downtime"),
          numberOfFailedCheckpoints: flink("numberOfFailedCheckpoints"),
          lastCheckpointDuration: flink("lastCheckpointDuration"),
        }).map((alarm) => ({ ...alarm, okActions: false, actionsEnabled: false })),
        ...consumerAlarms({ millisBehindLatest: spec("AWS/Kinesis", "SubscribeToShardEvent.MillisBehindLatest", { StreamName: "orders", ConsumerName: "enrich" }) }),
        {
          name: "put-latency",
          description: "p99 put latency above 1 s.",
          metric: stream("PutRecords.Latency", "p99"),
          comparison: "GreaterThanThreshold",
          threshold: 1000,
          severity: "warning",
          evaluationPeriods: 5,
          datapointsToAlarm: 3,
          treatMissingData: "notBreaching",
        },
      ],
    });
    new PipelineAlarms(stack, "GivenTopic", {
      label: label.with("given"),
      location: TEST_LOCATION,
      topic: { topicArn: "arn:aws:sns:eu-west-1:111122223333:ops" },
      emailSubscriptions: ["oncall@example.com"],
      alarms: functionAlarms({ errors: lambda("Errors"), invocations: lambda("Invocations"), throttles: lambda("Throttles") }, { prefix: "other" }),
    });
    new EstimatedChargesAlarm(stack, "Charges", {
      label: label.with("billing"),
      location: TEST_LOCATION,
      provider: new AwsProvider(stack, "billing", { region: "us-east-1", alias: "billing" }),
      monthlyBudgetUsd: 300,
      emailSubscriptions: ["finance@example.com"],
    });
    new PipelineDashboard(stack, "Dashboard", {
      label,
      region: "eu-west-1",
      alarmArns: alarms.alarmArns,
      widgets: [
        { title: "Throughput", metrics: [stream("IncomingRecords", "Sum")] },
        { title: "Latency p99", metrics: [stream("PutRecords.Latency")], stat: "p99" },
        { title: "Errors", metrics: [percentOf(lambda("Errors"), lambda("Invocations"), "Errors (%)")] },
      ],
    });
    const result = await validateStack(stack, "alarms");
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
