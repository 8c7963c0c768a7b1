import { describe, expect, test } from "vitest";
import { Label } from "../shared/label";
import { TEST_LOCATION, testStack } from "../shared/testing";
import { FirehoseOpenSearch } from "./firehose-opensearch";
import { OpenSearchDeliveryMetrics } from "./metrics";

describe("OpenSearchDeliveryMetrics", () => {
  const metrics = new OpenSearchDeliveryMetrics("acme-prod-logs");

  test("each helper has the official name, AWS/Firehose, the stream dimension and its documented statistic and period", () => {
    const specs = [
      metrics.metricDeliveryToAmazonOpenSearchServiceDataFreshness(),
      metrics.metricDeliveryToAmazonOpenSearchServiceSuccess(),
      metrics.metricDeliveryToAmazonOpenSearchServiceRecords(),
      metrics.metricDeliveryToAmazonOpenSearchServiceBytes(),
      metrics.metricDeliveryToAmazonOpenSearchServerlessDataFreshness(),
      metrics.metricDeliveryToAmazonOpenSearchServerlessSuccess(),
      metrics.metricDeliveryToAmazonOpenSearchServerlessRecords(),
      metrics.metricDeliveryToS3Success(),
      metrics.metricDeliveryToS3DataFreshness(),
      metrics.metricIncomingRecords(),
      metrics.metricDataReadFromKinesisStreamRecords(),
      metrics.metricKinesisMillisBehindLatest(),
      metrics.metricThrottledRecords(),
    ];
    expect(specs.map((s) => [s.metricName, s.statistic, s.periodSeconds])).toEqual([
      ["DeliveryToAmazonOpenSearchService.DataFreshness", "Maximum", 300],
      ["DeliveryToAmazonOpenSearchService.Success", "Average", 300],
      ["DeliveryToAmazonOpenSearchService.Records", "Sum", 300],
      ["DeliveryToAmazonOpenSearchService.Bytes", "Sum", 300],
      ["DeliveryToAmazonOpenSearchServerless.DataFreshness", "Maximum", 300],
      ["DeliveryToAmazonOpenSearchServerless.Success", "Average", 300],
      ["DeliveryToAmazonOpenSearchServerless.Records", "Sum", 300],
      ["DeliveryToS3.Success", "Average", 300],
      ["DeliveryToS3.DataFreshness", "Maximum", 300],
      ["IncomingRecords", "Sum", 300],
      ["DataReadFromKinesisStream.Records", "Sum", 300],
      ["KinesisMillisBehindLatest", "Maximum", 300],
      ["ThrottledRecords", "Sum", 300],
    ]);
    for (const spec of specs) {
      expect(spec.namespace).toBe("AWS/Firehose");
      expect(spec.dimensions).toEqual({ DeliveryStreamName: "acme-prod-logs" });
    }
  });

  test("options override statistic, period and label", () => {
    expect(metrics.metricDeliveryToAmazonOpenSearchServiceSuccess({ statistic: "Minimum", periodSeconds: 60, label: "ok" })).toEqual({
      namespace: "AWS/Firehose",
      metricName: "DeliveryToAmazonOpenSearchService.Success",
      dimensions: { DeliveryStreamName: "acme-prod-logs" },
      statistic: "Minimum",
      periodSeconds: 60,
      label: "ok",
    });
  });

  test("the construct exposes the stream's and the created domain's metrics by name", () => {
    const delivery = new FirehoseOpenSearch(testStack(), "Search", { label: new Label({ namespace: "acme", environment: "prod", name: "logs" }), location: TEST_LOCATION });
    expect(delivery.metrics.metricDeliveryToS3Success().dimensions).toEqual({ DeliveryStreamName: "acme-prod-logs" });
    expect(delivery.domainMetrics?.metricClusterStatusRed().dimensions).toEqual({ DomainName: "acme-prod-logs", ClientId: "111122223333" });
  });
});
