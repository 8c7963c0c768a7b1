import { describe, expect, test } from "vitest";
import { ConsumerMetrics, StreamMetrics } from "./metrics";

describe("StreamMetrics", () => {
  const metrics = new StreamMetrics("orders");

  test("iterator age is the Maximum over 60 s", () => {
    expect(metrics.metricGetRecordsIteratorAgeMilliseconds()).toEqual({
      namespace: "AWS/Kinesis",
      metricName: "GetRecords.IteratorAgeMilliseconds",
      dimensions: { StreamName: "orders" },
      statistic: "Maximum",
      periodSeconds: 60,
      label: "GetRecords.IteratorAgeMilliseconds",
    });
  });

  test.each([
    ["metricIncomingRecords", "IncomingRecords", "Sum"],
    ["metricIncomingBytes", "IncomingBytes", "Sum"],
    ["metricWriteProvisionedThroughputExceeded", "WriteProvisionedThroughputExceeded", "Sum"],
    ["metricReadProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "Sum"],
    ["metricPutRecordsThrottledRecords", "PutRecords.ThrottledRecords", "Sum"],
    ["metricPutRecordsTotalRecords", "PutRecords.TotalRecords", "Sum"],
    ["metricPutRecordsFailedRecords", "PutRecords.FailedRecords", "Sum"],
    ["metricGetRecordsSuccess", "GetRecords.Success", "Average"],
  ] as const)("%s is %s, %s", (method, metricName, statistic) => {
    expect(metrics[method]()).toMatchObject({ metricName, statistic, periodSeconds: 60, dimensions: { StreamName: "orders" } });
  });

  test("options override statistic, period and label", () => {
    expect(metrics.metricIncomingRecords({ statistic: "Average", periodSeconds: 300, label: "in" })).toMatchObject({
      statistic: "Average",
      periodSeconds: 300,
      label: "in",
    });
  });

  test("the throttle ratio divides throttled by total records", () => {
    const ratio = metrics.metricPutRecordsThrottledPercent({ periodSeconds: 300 });
    expect(ratio.expression).toBe("100 * throttled / total");
    expect(ratio.periodSeconds).toBe(300);
    expect(ratio.metrics.throttled!.metricName).toBe("PutRecords.ThrottledRecords");
    expect(ratio.metrics.total!.metricName).toBe("PutRecords.TotalRecords");
    expect(ratio.metrics.total!.periodSeconds).toBe(300);
  });
});

describe("ConsumerMetrics", () => {
  test("MillisBehindLatest is the Maximum over 60 s with both dimensions", () => {
    expect(new ConsumerMetrics("orders", "analytics").metricSubscribeToShardEventMillisBehindLatest()).toEqual({
      namespace: "AWS/Kinesis",
      metricName: "SubscribeToShardEvent.MillisBehindLatest",
      dimensions: { StreamName: "orders", ConsumerName: "analytics" },
      statistic: "Maximum",
      periodSeconds: 60,
      label: "SubscribeToShardEvent.MillisBehindLatest",
    });
  });
});
