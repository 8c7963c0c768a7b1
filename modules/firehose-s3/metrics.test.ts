import { describe, expect, test } from "vitest";
import { DeliveryStreamMetrics } from "./metrics";

const metrics = new DeliveryStreamMetrics("acme-dev-iops-archive");
const dimensions = { DeliveryStreamName: "acme-dev-iops-archive" };

describe("DeliveryStreamMetrics", () => {
  test.each([
    ["metricDeliveryToS3DataFreshness", "DeliveryToS3.DataFreshness", "Maximum"],
    ["metricDeliveryToS3Success", "DeliveryToS3.Success", "Average"],
    ["metricDeliveryToS3Records", "DeliveryToS3.Records", "Sum"],
    ["metricDeliveryToS3Bytes", "DeliveryToS3.Bytes", "Sum"],
    ["metricDeliveryToS3ObjectCount", "DeliveryToS3.ObjectCount", "Sum"],
    ["metricIncomingRecords", "IncomingRecords", "Sum"],
    ["metricIncomingBytes", "IncomingBytes", "Sum"],
    ["metricIncomingPutRequests", "IncomingPutRequests", "Sum"],
    ["metricThrottledRecords", "ThrottledRecords", "Sum"],
    ["metricBytesPerSecondLimit", "BytesPerSecondLimit", "Maximum"],
    ["metricRecordsPerSecondLimit", "RecordsPerSecondLimit", "Maximum"],
    ["metricDataReadFromKinesisStreamRecords", "DataReadFromKinesisStream.Records", "Sum"],
    ["metricDataReadFromKinesisStreamBytes", "DataReadFromKinesisStream.Bytes", "Sum"],
    ["metricKinesisMillisBehindLatest", "KinesisMillisBehindLatest", "Maximum"],
    ["metricThrottledGetRecords", "ThrottledGetRecords", "Sum"],
    ["metricExecuteProcessingSuccess", "ExecuteProcessing.Success", "Average"],
    ["metricExecuteProcessingDuration", "ExecuteProcessing.Duration", "Average"],
    ["metricSucceedProcessingRecords", "SucceedProcessing.Records", "Sum"],
    ["metricPartitionCount", "PartitionCount", "Maximum"],
    ["metricPartitionCountExceeded", "PartitionCountExceeded", "Maximum"],
    ["metricJQProcessingDuration", "JQProcessing.Duration", "Maximum"],
  ] as const)("%s is %s (%s over 300 s)", (method, metricName, statistic) => {
    expect(metrics[method]()).toEqual({ namespace: "AWS/Firehose", metricName, dimensions, statistic, periodSeconds: 300, label: metricName });
  });

  test("applies overrides", () => {
    expect(metrics.metricDeliveryToS3DataFreshness({ statistic: "p99", periodSeconds: 60, label: "Freshness" })).toEqual({
      namespace: "AWS/Firehose",
      metricName: "DeliveryToS3.DataFreshness",
      dimensions,
      statistic: "p99",
      periodSeconds: 60,
      label: "Freshness",
    });
    expect(metrics.metric("BackupToS3.Success")).toMatchObject({ metricName: "BackupToS3.Success", statistic: "Average", periodSeconds: 300 });
  });

  test("expresses incoming bytes as a percentage of the direct-PUT quota", () => {
    expect(metrics.metricIncomingBytesPercentOfLimit({ periodSeconds: 60 })).toEqual({
      expression: "100 * (incomingBytes / 60) / bytesPerSecondLimit",
      metrics: {
        incomingBytes: { namespace: "AWS/Firehose", metricName: "IncomingBytes", dimensions, statistic: "Sum", periodSeconds: 60, label: "IncomingBytes" },
        bytesPerSecondLimit: { namespace: "AWS/Firehose", metricName: "BytesPerSecondLimit", dimensions, statistic: "Maximum", periodSeconds: 60, label: "BytesPerSecondLimit" },
      },
      label: "Incoming bytes (% of limit)",
      periodSeconds: 60,
    });
  });
});
