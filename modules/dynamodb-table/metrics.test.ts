import { describe, expect, test } from "vitest";
import { TableMetrics } from "./metrics";

describe("TableMetrics", () => {
  const metrics = new TableMetrics("devices");

  test("per-operation metrics carry TableName and Operation", () => {
    expect(metrics.metricThrottledRequests("PutItem")).toEqual({
      namespace: "AWS/DynamoDB",
      metricName: "ThrottledRequests",
      dimensions: { TableName: "devices", Operation: "PutItem" },
      statistic: "Sum",
      periodSeconds: 60,
      label: "ThrottledRequests",
    });
    expect(metrics.metricSuccessfulRequestLatency("Query")).toMatchObject({ statistic: "Average", dimensions: { TableName: "devices", Operation: "Query" } });
    expect(metrics.metricSystemErrors("GetItem").dimensions).toEqual({ TableName: "devices", Operation: "GetItem" });
  });

  test("capacity metrics are table-level sums", () => {
    expect(metrics.metricConsumedReadCapacityUnits()).toMatchObject({ metricName: "ConsumedReadCapacityUnits", statistic: "Sum", dimensions: { TableName: "devices" } });
    expect(metrics.metricConsumedWriteCapacityUnits({ periodSeconds: 300 })).toMatchObject({ metricName: "ConsumedWriteCapacityUnits", periodSeconds: 300 });
  });

  test("UserErrors is account-wide: DynamoDB publishes it without a table dimension", () => {
    expect(metrics.metricUserErrors()).toMatchObject({ metricName: "UserErrors", dimensions: {}, statistic: "Sum" });
  });

  test("totals sum each operation, filling gaps with zero", () => {
    const total = metrics.metricSystemErrorsTotal(["GetItem", "PutItem"]);
    expect(total.expression).toBe("FILL(m0, 0) + FILL(m1, 0)");
    expect(total.metrics.m1!.dimensions).toEqual({ TableName: "devices", Operation: "PutItem" });
    expect(Object.keys(metrics.metricThrottledRequestsTotal().metrics)).toHaveLength(8);
    expect(() => metrics.metricThrottledRequestsTotal([])).toThrow(/operations must name at least one operation for ThrottledRequests, got \[\]/);
  });
});
