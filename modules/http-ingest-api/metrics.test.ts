import { describe, expect, test } from "vitest";
import { ApiMetrics } from "./metrics";

describe("ApiMetrics", () => {
  test("each metric with its default statistic and period, by API id and stage", () => {
    const metrics = new ApiMetrics("a1b2c3d4e5");
    const api = (metricName: string, statistic: string) => ({
      namespace: "AWS/ApiGateway",
      metricName,
      dimensions: { ApiId: "a1b2c3d4e5", Stage: "$default" },
      statistic,
      periodSeconds: 60,
      label: metricName,
    });
    expect(metrics.metric4xx()).toEqual(api("4xx", "Sum"));
    expect(metrics.metric5xx()).toEqual(api("5xx", "Sum"));
    expect(metrics.metricLatency()).toEqual(api("Latency", "p99"));
    expect(metrics.metricIntegrationLatency()).toEqual(api("IntegrationLatency", "p99"));
    expect(metrics.metricCount()).toEqual(api("Count", "Sum"));
  });

  test("another stage and options", () => {
    expect(new ApiMetrics("a1b2c3d4e5", "v1").metric5xx({ periodSeconds: 300 })).toMatchObject({
      dimensions: { ApiId: "a1b2c3d4e5", Stage: "v1" },
      periodSeconds: 300,
    });
  });
});
