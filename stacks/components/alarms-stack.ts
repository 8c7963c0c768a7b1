import type { Construct } from "constructs";
import { PipelineAlarms, PipelineDashboard } from "../../modules/alarms";
import { ComponentStack, type ComponentStackProps } from "../component-stack";
import { pipelineMonitoring } from "../alarms/pipeline-monitoring";

/** The pipeline's CloudWatch alarms (with their encrypted topic and e-mail subscribers) and dashboard. */
export class AlarmsStack extends ComponentStack {
  readonly alarms: PipelineAlarms;
  readonly dashboard?: PipelineDashboard;

  constructor(scope: Construct, props: ComponentStackProps) {
    super(scope, props);
    const monitoring = pipelineMonitoring(this.env, this.pipelineConfig);
    this.alarms = new PipelineAlarms(this, "Alarms", {
      label: this.label,
      location: this.location,
      alarms: monitoring.alarms,
      emailSubscriptions: this.env.notifications.emails,
    });
    this.output("alarms_topic_arn", this.alarms.topicArn, "SNS topic the pipeline's alarms notify");
    if (props.pipelineConfig.alarms!.dashboard) {
      this.dashboard = new PipelineDashboard(this, "Dashboard", {
        label: this.label,
        region: this.env.region,
        widgets: monitoring.widgets,
        alarmArns: this.alarms.alarmArns,
      });
      this.output("alarms_dashboard_name", this.dashboard.dashboardName, "CloudWatch dashboard of the pipeline");
    }
  }
}
