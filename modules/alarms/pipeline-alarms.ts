import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { AwsLocation } from "../shared/arn";
import type { Label } from "../shared/label";
import { type AlarmDefinition, type Severity, assertAlarmDefinition } from "./alarm-definition";
import { alarmMetricProperties } from "./alarm-metric";
import { AlarmTopic, type IAlarmTopic, assertEmails } from "./alarm-topic";

/** Props for {@link PipelineAlarms}. */
export interface PipelineAlarmsProps {
  /**
   * Naming context; resource names are derived from it: alarms `label.with(severity, name).id("cloudWatchAlarm")`
   * (`<label>-<severity>-<name>`), the topic `label.with("alarms").id("snsTopic")`.
   */
  readonly label: Label;
  /** The account and region the alarms live in (for the topic's `aws:SourceAccount` conditions). */
  readonly location: AwsLocation;
  /**
   * The topic alarms notify. A given topic's policy is left alone: it must already let
   * `cloudwatch.amazonaws.com` publish, and if it is encrypted, use a customer-managed key whose policy
   * lets CloudWatch use it.
   * @default - an {@link AlarmTopic} is created: SNS topic encrypted with a customer-managed KMS key (rotation on)
   * that CloudWatch may use (the AWS-managed `alias/aws/sns` key refuses CloudWatch), a topic policy letting
   * only this account's CloudWatch publish, TLS only
   */
  readonly topic?: IAlarmTopic;
  /**
   * E-mail addresses subscribed to the topic (given or created); each must confirm by mail.
   * @default []
   */
  readonly emailSubscriptions?: readonly string[];
  /** The alarms, usually from the factories (`streamAlarms`, `functionAlarms`, ...). */
  readonly alarms: readonly AlarmDefinition[];
  /**
   * The provider (region) alarms and topic are created with: an alarm watches metrics of its own region
   * and notifies a topic in its own region.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * CloudWatch alarms for one pipeline, built only from metric specs, with one naming scheme
 * (`<label>-<severity>-<name>`) and one topic for alarm and OK notifications.
 */
export class PipelineAlarms extends Construct {
  /** The name of the topic the module creates for a label: `label.with("alarms").id("snsTopic")`. */
  static topicNameOf(label: Label): string {
    return AlarmTopic.topicNameOf(topicLabel(label));
  }

  /** The ARN of the topic the module creates for a label. */
  static topicArnOf(label: Label, location: AwsLocation): string {
    return AlarmTopic.topicArnOf(topicLabel(label), location);
  }

  /** ARN of the topic alarms notify. */
  readonly topicArn: string;
  /** Alarm ARNs in the order the definitions were given, for a dashboard's alarm status widget. */
  readonly alarmArns: readonly string[];
  /** Alarm names in the order the definitions were given. */
  readonly alarmNames: readonly string[];

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    const emails = props.emailSubscriptions ?? [];
    assertEmails("emailSubscriptions", emails);
    const names = new Set<string>();
    for (const definition of props.alarms) {
      assertAlarmDefinition(definition);
      const key = `${definition.severity}-${definition.name}`;
      if (names.has(key)) throw new Error(`alarms must have unique names per severity, got "${definition.name}" twice as ${definition.severity}`);
      names.add(key);
    }

    let topicArn: string;
    if (props.topic) {
      topicArn = props.topic.topicArn;
      const subscriptions = new Construct(this, "Subscriptions");
      for (const email of emails) {
        new SnsTopicSubscription(subscriptions, email, { provider: props.provider, topicArn, protocol: "email", endpoint: email });
      }
    } else {
      topicArn = new AlarmTopic(this, "Topic", {
        label: topicLabel(props.label),
        location: props.location,
        emailSubscriptions: emails,
        provider: props.provider,
      }).topicArn;
    }

    const scopes = new Map<Severity, Construct>();
    const arns: string[] = [];
    const alarmNames: string[] = [];
    for (const definition of props.alarms) {
      const severityScope = scopes.get(definition.severity) ?? new Construct(this, severityId(definition.severity));
      scopes.set(definition.severity, severityScope);
      const alarm = new CloudwatchMetricAlarm(severityScope, definition.name, {
        provider: props.provider,
        alarmName: alarmName(props.label, definition),
        alarmDescription: definition.description,
        comparisonOperator: definition.comparison,
        threshold: definition.threshold,
        evaluationPeriods: definition.evaluationPeriods,
        datapointsToAlarm: definition.datapointsToAlarm,
        treatMissingData: definition.treatMissingData,
        actionsEnabled: definition.actionsEnabled ?? true,
        alarmActions: [topicArn],
        okActions: definition.okActions === false ? [] : [topicArn],
        ...alarmMetricProperties(definition.metric),
      });
      arns.push(alarm.arn);
      alarmNames.push(alarm.alarmName);
    }
    this.topicArn = topicArn;
    this.alarmArns = arns;
    this.alarmNames = alarmNames;
  }
}

/** The created topic is named from the pipeline's label plus `alarms`. */
function topicLabel(label: Label): Label {
  return label.with("alarms");
}

/** `<label>-<severity>-<name>`, cut to CloudWatch's 255 characters with a stable hash. */
export function alarmName(label: Label, definition: Pick<AlarmDefinition, "severity" | "name">): string {
  return label.with(definition.severity, definition.name).id("cloudWatchAlarm");
}

const SEVERITY_IDS: Readonly<Record<Severity, string>> = { warning: "Warning", critical: "Critical" };

function severityId(severity: Severity): string {
  return SEVERITY_IDS[severity];
}
