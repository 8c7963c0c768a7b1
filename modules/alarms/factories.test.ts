import { describe, expect, test } from "vitest";
import { isMathExpression } from "../shared/metric";
import type { AlarmDefinition } from "./alarm-definition";
import { consumerAlarms } from "./consumer-alarms";
import { deliveryStreamAlarms } from "./delivery-stream-alarms";
import { domainAlarms } from "./domain-alarms";
import { errorRateAlarms } from "./error-rate-alarms";
import { flinkAlarms } from "./flink-alarms";
import { functionAlarms } from "./function-alarms";
import { deadLetterQueueAlarms } from "./queue-alarms";
import { streamAlarms } from "./stream-alarms";
import { spec, stream } from "./test-metrics";

/** One line per alarm: what decides when it fires. */
function summary(alarms: AlarmDefinition[]) {
  return alarms.map((a) => ({
    name: a.name,
    severity: a.severity,
    comparison: a.comparison,
    threshold: a.threshold,
    mOfN: `${a.datapointsToAlarm}/${a.evaluationPeriods}`,
    missing: a.treatMissingData,
    stat: isMathExpression(a.metric) ? a.metric.expression : `${a.metric.metricName}:${a.metric.statistic}:${a.metric.periodSeconds}`,
  }));
}

const streamMetrics = {
  iteratorAge: stream("GetRecords.IteratorAgeMilliseconds", "Average"),
  writeThrottles: stream("WriteProvisionedThroughputExceeded", "Average"),
  incomingRecords: { ...stream("IncomingRecords", "Average"), periodSeconds: 300 },
};

describe("streamAlarms", () => {
  test("defaults: iterator age > 60 s, > 50% of retention, throttling > 0 and > 1%, no quiet alarm", () => {
    expect(summary(streamAlarms(streamMetrics))).toEqual([
      { name: "stream-iterator-age", severity: "warning", comparison: "GreaterThanThreshold", threshold: 60000, mOfN: "3/5", missing: "ignore", stat: "GetRecords.IteratorAgeMilliseconds:Maximum:60" },
      { name: "stream-iterator-age-retention", severity: "critical", comparison: "GreaterThanThreshold", threshold: 43_200_000, mOfN: "3/5", missing: "ignore", stat: "GetRecords.IteratorAgeMilliseconds:Maximum:60" },
      { name: "stream-write-throttles", severity: "warning", comparison: "GreaterThanThreshold", threshold: 0, mOfN: "3/5", missing: "notBreaching", stat: "WriteProvisionedThroughputExceeded:Sum:60" },
      {
        name: "stream-write-throttle-ratio",
        severity: "critical",
        comparison: "GreaterThanThreshold",
        threshold: 1,
        mOfN: "3/5",
        missing: "notBreaching",
        stat: "IF(FILL(incoming, 0) + FILL(throttled, 0) > 0, 100 * FILL(throttled, 0) / (FILL(incoming, 0) + FILL(throttled, 0)), 0)",
      },
    ]);
  });

  test("the throttle ratio sums both counts over one period", () => {
    const ratio = streamAlarms(streamMetrics).find((a) => a.name === "stream-write-throttle-ratio")!;
    expect(ratio.metric).toEqual({
      expression: expect.any(String),
      label: "Throttled writes (%)",
      periodSeconds: 60,
      metrics: {
        throttled: { ...streamMetrics.writeThrottles, statistic: "Sum" },
        incoming: { ...streamMetrics.incomingRecords, statistic: "Sum", periodSeconds: 60 },
      },
    });
    expect(ratio.description).toBe("CRITICAL: more than 1% of write attempts throttled on 3 of 5 periods of 60 s: the stream is under-provisioned.");
  });

  test("retention-relative age follows retentionHours; prefix names the alarms; {} turns a kind off", () => {
    const alarms = streamAlarms(streamMetrics, {
      prefix: "input-stream",
      retentionHours: 168,
      thresholds: { iteratorAgeSeconds: {}, writeThrottledRecords: {}, writeThrottleRatioPercent: {}, iteratorAgeRetentionPercent: { warning: 25, critical: 75 } },
    });
    expect(summary(alarms).map((a) => [a.name, a.severity, a.threshold])).toEqual([
      ["input-stream-iterator-age-retention", "warning", 151_200_000],
      ["input-stream-iterator-age-retention", "critical", 453_600_000],
    ]);
  });

  test("no incoming records for N minutes: one-minute sums, all N breaching, silence is breaching", () => {
    const alarms = streamAlarms(streamMetrics, { thresholds: { noIncomingRecordsMinutes: { warning: 10, critical: 30 } } });
    expect(summary(alarms.filter((a) => a.name === "stream-no-incoming-records"))).toEqual([
      { name: "stream-no-incoming-records", severity: "warning", comparison: "LessThanThreshold", threshold: 1, mOfN: "10/10", missing: "breaching", stat: "IncomingRecords:Sum:60" },
      { name: "stream-no-incoming-records", severity: "critical", comparison: "LessThanThreshold", threshold: 1, mOfN: "30/30", missing: "breaching", stat: "IncomingRecords:Sum:60" },
    ]);
  });

  test("M of N can be overridden per kind", () => {
    const [alarm] = streamAlarms(streamMetrics, { thresholds: { iteratorAgeSeconds: { critical: 120, evaluationPeriods: 10, datapointsToAlarm: 8 } } });
    expect(alarm).toMatchObject({ severity: "critical", threshold: 120_000, evaluationPeriods: 10, datapointsToAlarm: 8 });
  });

  test("fails when retentionHours is outside 24-8760", () => {
    expect(() => streamAlarms(streamMetrics, { retentionHours: 12 })).toThrow(/retentionHours must be a whole number between 24 and 8760, got 12/);
  });
  test("fails when the quiet window is longer than a day", () => {
    expect(() => streamAlarms(streamMetrics, { thresholds: { noIncomingRecordsMinutes: { warning: 1441 } } })).toThrow(
      /noIncomingRecordsMinutes.warning must be a whole number between 1 and 1440, got 1441/,
    );
  });
});

const firehose = (name: string) => spec("AWS/Firehose", name, { DeliveryStreamName: "orders-archive" }, "Average", 300);

describe("deliveryStreamAlarms", () => {
  test("defaults: freshness > 15 min / > 1 h, success ratio < 1 / < 0.95", () => {
    const alarms = deliveryStreamAlarms({ dataFreshness: firehose("DeliveryToS3.DataFreshness"), deliverySuccess: firehose("DeliveryToS3.Success") });
    expect(summary(alarms)).toEqual([
      { name: "delivery-stream-data-freshness", severity: "warning", comparison: "GreaterThanThreshold", threshold: 900, mOfN: "3/3", missing: "ignore", stat: "DeliveryToS3.DataFreshness:Maximum:300" },
      { name: "delivery-stream-data-freshness", severity: "critical", comparison: "GreaterThanThreshold", threshold: 3600, mOfN: "3/3", missing: "ignore", stat: "DeliveryToS3.DataFreshness:Maximum:300" },
      { name: "delivery-stream-delivery-failures", severity: "warning", comparison: "LessThanThreshold", threshold: 1, mOfN: "3/3", missing: "notBreaching", stat: "DeliveryToS3.Success:Average:300" },
      { name: "delivery-stream-delivery-failures", severity: "critical", comparison: "LessThanThreshold", threshold: 0.95, mOfN: "3/3", missing: "notBreaching", stat: "DeliveryToS3.Success:Average:300" },
    ]);
  });
});

const lambda = (name: string) => spec("AWS/Lambda", name, { FunctionName: "enrich" }, "Average");

describe("functionAlarms and errorRateAlarms", () => {
  test("defaults: errors > 0, error rate > 5%, throttles > 0, iterator age > 60 s", () => {
    const alarms = functionAlarms({ errors: lambda("Errors"), invocations: lambda("Invocations"), throttles: lambda("Throttles"), iteratorAge: lambda("IteratorAge") });
    expect(summary(alarms)).toEqual([
      { name: "function-errors", severity: "warning", comparison: "GreaterThanThreshold", threshold: 0, mOfN: "3/5", missing: "notBreaching", stat: "Errors:Sum:60" },
      { name: "function-error-rate", severity: "critical", comparison: "GreaterThanThreshold", threshold: 5, mOfN: "3/5", missing: "notBreaching", stat: "IF(total > 0, 100 * FILL(part, 0) / total, 0)" },
      { name: "function-throttles", severity: "warning", comparison: "GreaterThanThreshold", threshold: 0, mOfN: "3/5", missing: "notBreaching", stat: "Throttles:Sum:60" },
      { name: "function-iterator-age", severity: "warning", comparison: "GreaterThanThreshold", threshold: 60000, mOfN: "3/5", missing: "ignore", stat: "IteratorAge:Maximum:60" },
    ]);
  });

  test("no iterator-age alarm for a function that does not read a stream", () => {
    const alarms = functionAlarms({ errors: lambda("Errors"), invocations: lambda("Invocations"), throttles: lambda("Throttles") });
    expect(alarms.map((a) => a.name)).not.toContain("function-iterator-age");
  });

  test("a generic error rate over any two counts", () => {
    const [alarm] = errorRateAlarms(
      { errors: spec("AWS/ApiGateway", "5XXError", { ApiName: "ingest" }, "Average"), total: spec("AWS/ApiGateway", "Count", { ApiName: "ingest" }, "SampleCount") },
      { name: "api-error-rate", what: "requests", thresholds: { warning: 2 } },
    );
    expect(alarm).toEqual({
      name: "api-error-rate",
      description: "WARNING: more than 2% of requests failed on 3 of 5 periods of 60 s.",
      metric: {
        expression: "IF(total > 0, 100 * FILL(part, 0) / total, 0)",
        label: "Failed requests (%)",
        periodSeconds: 60,
        metrics: {
          part: spec("AWS/ApiGateway", "5XXError", { ApiName: "ingest" }, "Sum"),
          total: spec("AWS/ApiGateway", "Count", { ApiName: "ingest" }, "Sum"),
        },
      },
      comparison: "GreaterThanThreshold",
      threshold: 2,
      severity: "warning",
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
    });
  });
});

describe("deadLetterQueueAlarms", () => {
  test("defaults: any message is critical; old messages warn at 3 days and are critical at 10", () => {
    const sqs = (name: string) => spec("AWS/SQS", name, { QueueName: "enrich-dlq" }, "Average", 300);
    const alarms = deadLetterQueueAlarms({ visibleMessages: sqs("ApproximateNumberOfMessagesVisible"), oldestMessageAge: sqs("ApproximateAgeOfOldestMessage") });
    expect(summary(alarms)).toEqual([
      { name: "dlq-depth", severity: "critical", comparison: "GreaterThanThreshold", threshold: 0, mOfN: "1/1", missing: "notBreaching", stat: "ApproximateNumberOfMessagesVisible:Maximum:300" },
      { name: "dlq-oldest-message-age", severity: "warning", comparison: "GreaterThanThreshold", threshold: 259200, mOfN: "1/1", missing: "notBreaching", stat: "ApproximateAgeOfOldestMessage:Maximum:300" },
      { name: "dlq-oldest-message-age", severity: "critical", comparison: "GreaterThanThreshold", threshold: 864000, mOfN: "1/1", missing: "notBreaching", stat: "ApproximateAgeOfOldestMessage:Maximum:300" },
    ]);
  });
});

describe("domainAlarms", () => {
  const es = (name: string) => spec("AWS/ES", name, { DomainName: "search", ClientId: "111122223333" }, "Average");
  const metrics = {
    clusterStatusRed: es("ClusterStatus.red"),
    clusterStatusYellow: es("ClusterStatus.yellow"),
    freeStorageSpace: es("FreeStorageSpace"),
    clusterIndexWritesBlocked: es("ClusterIndexWritesBlocked"),
  };
  test("defaults: red, yellow, free storage under 25% / 10% of the volume, writes blocked", () => {
    expect(summary(domainAlarms(metrics, { volumeSizeGiB: 100 }))).toEqual([
      { name: "domain-cluster-red", severity: "critical", comparison: "GreaterThanOrEqualToThreshold", threshold: 1, mOfN: "1/1", missing: "ignore", stat: "ClusterStatus.red:Maximum:60" },
      { name: "domain-cluster-yellow", severity: "warning", comparison: "GreaterThanOrEqualToThreshold", threshold: 1, mOfN: "5/5", missing: "ignore", stat: "ClusterStatus.yellow:Maximum:60" },
      { name: "domain-free-storage", severity: "warning", comparison: "LessThanThreshold", threshold: 25, mOfN: "1/1", missing: "ignore", stat: "100 * free / 102400" },
      { name: "domain-free-storage", severity: "critical", comparison: "LessThanThreshold", threshold: 10, mOfN: "1/1", missing: "ignore", stat: "100 * free / 102400" },
      { name: "domain-writes-blocked", severity: "critical", comparison: "GreaterThanOrEqualToThreshold", threshold: 1, mOfN: "1/1", missing: "ignore", stat: "ClusterIndexWritesBlocked:Maximum:60" },
    ]);
  });
  test("fails when volumeSizeGiB is below the EBS minimum", () => {
    expect(() => domainAlarms(metrics, { volumeSizeGiB: 5 })).toThrow(/volumeSizeGiB must be between 10 and 24576, got 5/);
  });
});

describe("flinkAlarms and consumerAlarms", () => {
  const flink = (name: string) => spec("AWS/KinesisAnalytics", name, { Application: "orders" }, "Average");
  test("defaults: processing lag over 1 and 5 minutes, downtime, new failed checkpoints, slow checkpoints", () => {
    const alarms = flinkAlarms({
      millisBehindLatest: flink("millisBehindLatest"),
      downtime: flink("downtime"),
      numberOfFailedCheckpoints: flink("numberOfFailedCheckpoints"),
      lastCheckpointDuration: flink("lastCheckpointDuration"),
    });
    expect(summary(alarms)).toEqual([
      { name: "flink-processing-lag", severity: "warning", comparison: "GreaterThanThreshold", threshold: 60000, mOfN: "3/5", missing: "ignore", stat: "millisBehindLatest:Maximum:60" },
      { name: "flink-processing-lag", severity: "critical", comparison: "GreaterThanThreshold", threshold: 300000, mOfN: "3/5", missing: "ignore", stat: "millisBehindLatest:Maximum:60" },
      { name: "flink-downtime", severity: "critical", comparison: "GreaterThanThreshold", threshold: 0, mOfN: "3/5", missing: "ignore", stat: "downtime:Maximum:60" },
      { name: "flink-failed-checkpoints", severity: "warning", comparison: "GreaterThanThreshold", threshold: 0, mOfN: "1/1", missing: "notBreaching", stat: "DIFF(failed)" },
      { name: "flink-checkpoint-duration", severity: "warning", comparison: "GreaterThanThreshold", threshold: 60000, mOfN: "3/5", missing: "ignore", stat: "lastCheckpointDuration:Maximum:60" },
    ]);
  });
  test("an enhanced fan-out consumer's lag", () => {
    const metric = spec("AWS/Kinesis", "SubscribeToShardEvent.MillisBehindLatest", { StreamName: "orders", ConsumerName: "enrich" }, "Average");
    expect(summary(consumerAlarms({ millisBehindLatest: metric }, { thresholds: { lagSeconds: { critical: 300 } } }))).toEqual([
      { name: "consumer-lag", severity: "critical", comparison: "GreaterThanThreshold", threshold: 300000, mOfN: "3/5", missing: "ignore", stat: "SubscribeToShardEvent.MillisBehindLatest:Maximum:60" },
    ]);
  });
});
