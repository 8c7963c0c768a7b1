import { Construct } from "constructs";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import type { Label } from "../shared/label";
import { assertMatches } from "../shared/validate";
import { type DashboardWidget, assertWidgets, dashboardBody } from "./dashboard-body";

/** Props for {@link PipelineDashboard}. */
export interface PipelineDashboardProps {
  /** Naming context; the dashboard is named `label.id("cloudWatchDashboard")`. */
  readonly label: Label;
  /** The region the metrics live in (metric widgets must name it). */
  readonly region: string;
  /**
   * Graphs, e.g. throughput, latency p99, batch processing time, errors, consumer lag.
   */
  readonly widgets: readonly DashboardWidget[];
  /**
   * Alarms for the status widgets across the top, e.g. `pipelineAlarms.alarmArns`.
   * @default - no alarm status widget
   */
  readonly alarmArns?: readonly string[];
  /**
   * @default - `label.id("cloudWatchDashboard")`
   */
  readonly dashboardName?: string;
}

/** A CloudWatch dashboard for one pipeline, built from metric specs. */
export class PipelineDashboard extends Construct {
  /** The dashboard name a label gives: `label.id("cloudWatchDashboard")`. */
  static dashboardNameOf(label: Label): string {
    return label.id("cloudWatchDashboard");
  }

  /** The dashboard's name: `label.id("cloudWatchDashboard")` unless given. */
  readonly dashboardName: string;
  /** ARN of the dashboard. */
  readonly dashboardArn: string;

  constructor(scope: Construct, id: string, props: PipelineDashboardProps) {
    super(scope, id);
    const name = props.dashboardName ?? PipelineDashboard.dashboardNameOf(props.label);
    assertMatches("dashboardName", name, /^[A-Za-z0-9_-]{1,255}$/, "1 to 255 characters of A-Z, a-z, 0-9, - and _");
    const alarmArns = props.alarmArns ?? [];
    if (props.widgets.length === 0 && alarmArns.length === 0) throw new Error("widgets must hold at least one widget when there are no alarmArns");
    assertWidgets(props.widgets, alarmArns.length);
    const dashboard = new CloudwatchDashboard(this, "Resource", {
      dashboardName: name,
      dashboardBody: JSON.stringify(dashboardBody({ region: props.region, widgets: props.widgets, alarmArns })),
    });
    this.dashboardName = dashboard.dashboardName;
    this.dashboardArn = dashboard.dashboardArn;
  }
}
