import { describe, expect, test } from "vitest";
import { Label } from "../shared/label";
import { constructTree, synth, testStack } from "../shared/testing";
import type { DashboardWidget } from "./dashboard-body";
import { percentOf } from "./metric-math";
import { PipelineDashboard, type PipelineDashboardProps } from "./pipeline-dashboard";
import { spec, stream } from "./test-metrics";

const label = new Label({ namespace: "acme", environment: "prod", name: "orders" });
const lambda = (name: string, statistic: "Sum" | "Average" | "Maximum" = "Sum") => spec("AWS/Lambda", name, { FunctionName: "enrich" }, statistic);

const widgets: DashboardWidget[] = [
  { title: "Throughput", metrics: [stream("IncomingRecords", "Sum")], leftAxisLabel: "records" },
  { title: "Latency p99", metrics: [stream("PutRecords.Latency", "Average")], stat: "p99" },
  {
    title: "Errors",
    metrics: [percentOf(lambda("Errors"), lambda("Invocations"), "Errors (%)"), percentOf(lambda("Throttles"), lambda("Invocations"), "Throttles (%)")],
  },
  { title: "Consumer lag", metrics: [lambda("IteratorAge", "Maximum")], width: 24 },
];

function body(overrides: Partial<PipelineDashboardProps> = {}) {
  const stack = testStack();
  new PipelineDashboard(stack, "Dashboard", { label, region: "eu-west-1", widgets, ...overrides });
  const dashboard = synth(stack).only("aws_cloudwatch_dashboard");
  return { name: dashboard.dashboard_name as string, body: JSON.parse(dashboard.dashboard_body) as { widgets: any[] }, stack };
}

describe("PipelineDashboard", () => {
  test("lays out metric widgets two per row from the specs", () => {
    const { name, body: dashboard } = body();
    expect(name).toBe("acme-prod-orders");
    expect(dashboard.widgets.map((w) => [w.type, w.x, w.y, w.width, w.height, w.properties.title])).toEqual([
      ["metric", 0, 0, 12, 6, "Throughput"],
      ["metric", 12, 0, 12, 6, "Latency p99"],
      ["metric", 0, 6, 12, 6, "Errors"],
      ["metric", 0, 12, 24, 6, "Consumer lag"],
    ]);
    expect(dashboard.widgets[0].properties).toEqual({
      title: "Throughput",
      view: "timeSeries",
      stacked: false,
      region: "eu-west-1",
      metrics: [["AWS/Kinesis", "IncomingRecords", "StreamName", "orders", { stat: "Sum", period: 60, label: "IncomingRecords" }]],
      yAxis: { left: { label: "records", showUnits: false } },
    });
    expect(dashboard.widgets[1].properties.metrics).toEqual([["AWS/Kinesis", "PutRecords.Latency", "StreamName", "orders", { stat: "p99", period: 60, label: "PutRecords.Latency" }]]);
  });

  test("renders expressions with ids unique within the widget and their inputs hidden", () => {
    const metrics = body().body.widgets[2].properties.metrics;
    expect(metrics).toEqual([
      [{ expression: "IF(m0_total > 0, 100 * FILL(m0_part, 0) / m0_total, 0)", label: "Errors (%)", id: "e0", period: 60 }],
      ["AWS/Lambda", "Errors", "FunctionName", "enrich", { id: "m0_part", stat: "Sum", period: 60, visible: false }],
      ["AWS/Lambda", "Invocations", "FunctionName", "enrich", { id: "m0_total", stat: "Sum", period: 60, visible: false }],
      [{ expression: "IF(m1_total > 0, 100 * FILL(m1_part, 0) / m1_total, 0)", label: "Throttles (%)", id: "e1", period: 60 }],
      ["AWS/Lambda", "Throttles", "FunctionName", "enrich", { id: "m1_part", stat: "Sum", period: 60, visible: false }],
      ["AWS/Lambda", "Invocations", "FunctionName", "enrich", { id: "m1_total", stat: "Sum", period: 60, visible: false }],
    ]);
  });

  test("puts alarm status widgets on top, 100 alarms each", () => {
    const alarmArns = Array.from({ length: 101 }, (_, i) => `arn:aws:cloudwatch:eu-west-1:111122223333:alarm:a${i}`);
    const { body: dashboard } = body({ alarmArns, dashboardName: "Orders_Prod-1" });
    expect(dashboard.widgets[0]).toEqual({ type: "alarm", x: 0, y: 0, width: 24, height: 26, properties: { title: "Alarms", alarms: alarmArns.slice(0, 100) } });
    expect(dashboard.widgets[1]).toEqual({ type: "alarm", x: 0, y: 26, width: 24, height: 2, properties: { title: "Alarms", alarms: [alarmArns[100]] } });
    expect(dashboard.widgets[2]).toMatchObject({ type: "metric", x: 0, y: 28 });
  });

  test("pins the construct tree", () => {
    expect(constructTree(body().stack)).toEqual(["test/Dashboard", "test/Dashboard/Resource"]);
  });

  test("fails when the dashboard name has characters CloudWatch refuses", () => {
    expect(() => body({ dashboardName: "orders dashboard" })).toThrow(/dashboardName must be 1 to 255 characters of A-Z, a-z, 0-9, - and _, got "orders dashboard"/);
    expect(() => body({ dashboardName: "x".repeat(256) })).toThrow(/dashboardName must be 1 to 255 characters/);
  });
  test("fails when a widget has no metrics or no title", () => {
    expect(() => body({ widgets: [{ title: "Empty", metrics: [] }] })).toThrow(/widget "Empty" must have 1 to 500 metrics, got 0/);
    expect(() => body({ widgets: [{ title: " ", metrics: [stream("IncomingRecords")] }] })).toThrow(/widgets need a non-empty title/);
  });
  test("fails when a widget is wider than the grid", () => {
    expect(() => body({ widgets: [{ title: "Wide", metrics: [stream("IncomingRecords")], width: 25 }] })).toThrow(/widget "Wide" width must be a whole number between 1 and 24, got 25/);
  });
  test("fails when a widget metric has an invalid period", () => {
    expect(() => body({ widgets: [{ title: "Odd", metrics: [{ ...stream("IncomingRecords"), periodSeconds: 45 }] }] })).toThrow(/periodSeconds must be 10, 20, 30 or a multiple of 60, got 45/);
  });
  test("fails when there is nothing to show", () => {
    expect(() => body({ widgets: [] })).toThrow(/widgets must hold at least one widget when there are no alarmArns/);
  });
  test("fails when there are more than 500 widgets", () => {
    const many = Array.from({ length: 501 }, (_, i) => ({ title: `w${i}`, metrics: [stream("IncomingRecords")] }));
    expect(() => body({ widgets: many })).toThrow(/a dashboard holds at most 500 widgets, got 501/);
  });
});
