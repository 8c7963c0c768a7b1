import { type AlarmableMetric, type MetricSpec, type MetricStatistic, isMathExpression } from "../shared/metric";
import { assertAlarmMetric } from "./alarm-metric";

/** One graph on the dashboard. */
export interface DashboardWidget {
  /** e.g. `Throughput`, `Latency p99`, `Batch processing time`, `Errors`, `Consumer lag`. */
  readonly title: string;
  /** Metric specs or metric-math expressions, one line each (at most 500). */
  readonly metrics: readonly AlarmableMetric[];
  /**
   * Statistic for every plain metric of the widget, e.g. `p99` for latency.
   * @default - each metric's own statistic
   */
  readonly stat?: MetricStatistic;
  /**
   * Label of the left Y axis, e.g. `ms`, `records`.
   * @default - no axis label
   */
  readonly leftAxisLabel?: string;
  /**
   * Width in grid columns (the dashboard is 24 wide).
   * @default 12
   */
  readonly width?: number;
}

/** The parts of the dashboard body. */
export interface DashboardBodyInput {
  readonly region: string;
  readonly widgets: readonly DashboardWidget[];
  readonly alarmArns: readonly string[];
}

/** Most widgets and lines CloudWatch accepts per dashboard, per widget, per alarm status widget. */
export const DASHBOARD_LIMITS = { widgets: 500, metricsPerWidget: 500, alarmsPerStatusWidget: 100 } as const;

const GRID_WIDTH = 24;
const WIDGET_HEIGHT = 6;

type MetricLine = (string | Record<string, unknown>)[] | [Record<string, unknown>];

function metricLine(spec: MetricSpec, options: Record<string, unknown>): MetricLine {
  const dimensions = Object.entries(spec.dimensions).flatMap(([name, value]) => [name, value]);
  return [spec.namespace, spec.metricName, ...dimensions, options];
}

/**
 * The lines of one widget. Expression ids are renamed per widget (`e0`, `m0_part`, ...) so two
 * expressions built from the same helper never clash; their input metrics are drawn invisibly.
 */
function widgetLines(widget: DashboardWidget): MetricLine[] {
  return widget.metrics.flatMap((metric, index): MetricLine[] => {
    if (!isMathExpression(metric)) {
      return [metricLine(metric, { stat: widget.stat ?? metric.statistic, period: metric.periodSeconds, label: metric.label ?? metric.metricName })];
    }
    let expression = metric.expression;
    const inputs: MetricLine[] = [];
    for (const [id, spec] of Object.entries(metric.metrics)) {
      const renamed = `m${index}_${id}`;
      expression = expression.replace(new RegExp(`\\b${id}\\b`, "g"), renamed);
      inputs.push(metricLine(spec, { id: renamed, stat: spec.statistic, period: spec.periodSeconds, visible: false }));
    }
    return [[{ expression, label: metric.label, id: `e${index}`, period: metric.periodSeconds }], ...inputs];
  });
}

/** Fails on widgets CloudWatch would refuse: no title, no metrics, too many lines, bad widths. */
export function assertWidgets(widgets: readonly DashboardWidget[], alarmCount: number): void {
  const statusWidgets = Math.ceil(alarmCount / DASHBOARD_LIMITS.alarmsPerStatusWidget);
  if (widgets.length + statusWidgets > DASHBOARD_LIMITS.widgets) {
    throw new Error(`a dashboard holds at most ${DASHBOARD_LIMITS.widgets} widgets, got ${widgets.length + statusWidgets}`);
  }
  for (const widget of widgets) {
    if (widget.title.trim().length === 0) throw new Error("widgets need a non-empty title");
    const where = `widget "${widget.title}"`;
    if (widget.metrics.length === 0 || widget.metrics.length > DASHBOARD_LIMITS.metricsPerWidget) {
      throw new Error(`${where} must have 1 to ${DASHBOARD_LIMITS.metricsPerWidget} metrics, got ${widget.metrics.length}`);
    }
    const width = widget.width ?? 12;
    if (!Number.isInteger(width) || width < 1 || width > GRID_WIDTH) {
      throw new Error(`${where} width must be a whole number between 1 and ${GRID_WIDTH}, got ${width}`);
    }
    widget.metrics.forEach((metric) => assertAlarmMetric(where, metric));
  }
}

/**
 * The dashboard body: alarm status widgets across the top (100 alarms each), then the graphs left to
 * right, wrapping at 24 columns.
 */
export function dashboardBody(input: DashboardBodyInput): { widgets: Record<string, unknown>[] } {
  const widgets: Record<string, unknown>[] = [];
  let y = 0;
  for (let start = 0; start < input.alarmArns.length; start += DASHBOARD_LIMITS.alarmsPerStatusWidget) {
    const alarms = input.alarmArns.slice(start, start + DASHBOARD_LIMITS.alarmsPerStatusWidget);
    const height = Math.max(2, Math.ceil(alarms.length / 4) + 1);
    widgets.push({ type: "alarm", x: 0, y, width: GRID_WIDTH, height, properties: { title: "Alarms", alarms } });
    y += height;
  }
  let x = 0;
  for (const widget of input.widgets) {
    const width = widget.width ?? 12;
    if (x + width > GRID_WIDTH) {
      x = 0;
      y += WIDGET_HEIGHT;
    }
    const properties: Record<string, unknown> = {
      title: widget.title,
      view: "timeSeries",
      stacked: false,
      region: input.region,
      metrics: widgetLines(widget),
    };
    if (widget.leftAxisLabel) properties.yAxis = { left: { label: widget.leftAxisLabel, showUnits: false } };
    widgets.push({ type: "metric", x, y, width, height: WIDGET_HEIGHT, properties });
    x += width;
  }
  return { widgets };
}
