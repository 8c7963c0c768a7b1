import { describe, expect, test } from "vitest";
import { DomainMetrics } from "./metrics";

describe("DomainMetrics", () => {
  const metrics = new DomainMetrics("acme-prod-logs", "111122223333");
  const dimensions = { DomainName: "acme-prod-logs", ClientId: "111122223333" };

  test("each helper has the official name, AWS/ES, both dimensions and its documented statistic and period", () => {
    const specs = [
      metrics.metricClusterStatusRed(),
      metrics.metricClusterStatusYellow(),
      metrics.metricFreeStorageSpace(),
      metrics.metricClusterIndexWritesBlocked(),
      metrics.metricCPUUtilization(),
      metrics.metricJVMMemoryPressure(),
      metrics.metricAutomatedSnapshotFailure(),
    ];
    expect(specs.map((s) => [s.metricName, s.statistic, s.periodSeconds])).toEqual([
      ["ClusterStatus.red", "Maximum", 60],
      ["ClusterStatus.yellow", "Maximum", 60],
      ["FreeStorageSpace", "Minimum", 60],
      ["ClusterIndexWritesBlocked", "Maximum", 300],
      ["CPUUtilization", "Maximum", 900],
      ["JVMMemoryPressure", "Maximum", 300],
      ["AutomatedSnapshotFailure", "Maximum", 60],
    ]);
    for (const spec of specs) {
      expect(spec.namespace).toBe("AWS/ES");
      expect(spec.dimensions).toEqual(dimensions);
    }
  });

  test("options override statistic, period and label", () => {
    expect(metrics.metricFreeStorageSpace({ statistic: "Average", periodSeconds: 300, label: "free" })).toEqual({
      namespace: "AWS/ES",
      metricName: "FreeStorageSpace",
      dimensions,
      statistic: "Average",
      periodSeconds: 300,
      label: "free",
    });
  });
});
