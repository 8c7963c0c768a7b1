import { describe, expect, test } from "vitest";
import { FunctionMetrics, QueueMetrics } from "./metrics";

const fn = new FunctionMetrics("acme-dev-iops-enricher");
const lambda = (metricName: string, statistic: string) => ({
  namespace: "AWS/Lambda",
  metricName,
  dimensions: { FunctionName: "acme-dev-iops-enricher" },
  statistic,
  periodSeconds: 60,
  label: metricName,
});

describe("FunctionMetrics", () => {
  test("each metric with its default statistic and period", () => {
    expect(fn.metricErrors()).toEqual(lambda("Errors", "Sum"));
    expect(fn.metricThrottles()).toEqual(lambda("Throttles", "Sum"));
    expect(fn.metricDuration()).toEqual(lambda("Duration", "p99"));
    expect(fn.metricInvocations()).toEqual(lambda("Invocations", "Sum"));
    expect(fn.metricIteratorAge()).toEqual(lambda("IteratorAge", "Maximum"));
    expect(fn.metricConcurrentExecutions()).toEqual(lambda("ConcurrentExecutions", "Maximum"));
  });

  test("options override statistic, period and label", () => {
    expect(fn.metricDuration({ statistic: "p50", periodSeconds: 300, label: "median" })).toEqual({
      ...lambda("Duration", "p50"),
      periodSeconds: 300,
      label: "median",
    });
  });
});

describe("QueueMetrics", () => {
  test("depth and age of the oldest message, by queue name", () => {
    const queue = new QueueMetrics("acme-dev-iops-enricher-dlq");
    const sqs = (metricName: string, statistic: string) => ({
      namespace: "AWS/SQS",
      metricName,
      dimensions: { QueueName: "acme-dev-iops-enricher-dlq" },
      statistic,
      periodSeconds: 60,
      label: metricName,
    });
    expect(queue.metricApproximateNumberOfMessagesVisible()).toEqual(sqs("ApproximateNumberOfMessagesVisible", "Maximum"));
    expect(queue.metricApproximateAgeOfOldestMessage()).toEqual(sqs("ApproximateAgeOfOldestMessage", "Maximum"));
    expect(queue.metricNumberOfMessagesSent()).toEqual(sqs("NumberOfMessagesSent", "Sum"));
  });
});
