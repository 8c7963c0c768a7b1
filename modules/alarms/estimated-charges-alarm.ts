import { Construct } from "constructs";
import { Token, type TerraformProvider } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { AwsLocation } from "../shared/arn";
import type { Label } from "../shared/label";
import { type MetricSpec, metricSpec } from "../shared/metric";
import { assertIntegerInRange, assertNumberInRange } from "../shared/validate";
import type { AlarmDefinition } from "./alarm-definition";
import type { IAlarmTopic } from "./alarm-topic";
import { PipelineAlarms } from "./pipeline-alarms";
import { severityAlarms } from "./thresholds";

/** The only region AWS publishes billing metrics in. */
export const BILLING_REGION = "us-east-1";

/**
 * `AWS/Billing` `EstimatedCharges` in USD for the whole account: month-to-date, reset on the first of
 * each month, published a few times a day. Default statistic Maximum, period 6 hours.
 */
export function estimatedChargesMetric(): MetricSpec {
  return metricSpec({
    namespace: "AWS/Billing",
    metricName: "EstimatedCharges",
    dimensions: { Currency: "USD" },
    statistic: "Maximum",
    periodSeconds: 21_600,
    label: "Estimated charges (USD)",
  });
}

/**
 * Alarms on month-to-date charges: critical at the budget, warning at `warningPercent` of it
 * (1 of 1 six-hour periods; missing data ignored: the metric is published only a few times a day).
 */
export function estimatedChargesAlarms(monthlyBudgetUsd: number, warningPercent: number | false = 80): AlarmDefinition[] {
  assertNumberInRange("monthlyBudgetUsd", monthlyBudgetUsd, 1, 1_000_000_000, "USD");
  if (warningPercent !== false) assertIntegerInRange("warningPercent", warningPercent, 1, 99, "percent");
  return severityAlarms(
    {
      name: "estimated-charges",
      metric: estimatedChargesMetric(),
      comparison: "GreaterThanThreshold",
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "ignore",
      describe: (usd) => `month-to-date estimated charges above ${usd} USD (monthly budget ${monthlyBudgetUsd} USD).`,
    },
    {
      critical: monthlyBudgetUsd,
      warning: warningPercent === false ? undefined : Math.round(monthlyBudgetUsd * warningPercent) / 100,
    },
  );
}

/** Props for {@link EstimatedChargesAlarm}. */
export interface EstimatedChargesAlarmProps {
  /**
   * Naming context: alarms `label.with(severity, "estimated-charges").id("cloudWatchAlarm")`,
   * topic `label.with("alarms").id("snsTopic")` (in us-east-1).
   */
  readonly label: Label;
  /** The account (for the topic's `aws:SourceAccount` conditions). */
  readonly location: AwsLocation;
  /**
   * An AWS provider configured for us-east-1 (e.g. `new AwsProvider(stack, "billing", { region: "us-east-1", alias: "billing" })`).
   * Billing metrics exist only in us-east-1, and an alarm can only watch metrics and notify topics of its
   * own region, so the alarm and its topic are created there. The account must also have "Receive
   * Billing Alerts" enabled (Billing preferences, by the root user or with billing access), or the metric
   * never appears and the alarm stays INSUFFICIENT_DATA.
   */
  readonly provider: TerraformProvider;
  /** The monthly budget in USD: the critical threshold. */
  readonly monthlyBudgetUsd: number;
  /**
   * Warning threshold as a percentage of the budget; `false` for no warning alarm.
   * @default 80
   */
  readonly warningPercent?: number | false;
  /**
   * A topic in us-east-1 to notify.
   * @default - an encrypted {@link AlarmTopic} is created in us-east-1
   */
  readonly topic?: IAlarmTopic;
  /**
   * @default []
   */
  readonly emailSubscriptions?: readonly string[];
}

/** A month-to-date estimated-charges alarm for the account, created in us-east-1. */
export class EstimatedChargesAlarm extends Construct {
  /** ARN of the topic the alarms notify (in us-east-1). */
  readonly topicArn: string;
  /** Alarm ARNs: warning (unless turned off), then critical. */
  readonly alarmArns: readonly string[];

  constructor(scope: Construct, id: string, props: EstimatedChargesAlarmProps) {
    super(scope, id);
    if (props.provider instanceof AwsProvider) {
      const region = props.provider.region;
      if (region === undefined || (!Token.isUnresolved(region) && region !== BILLING_REGION)) {
        throw new Error(`provider must be configured for region ${BILLING_REGION} (billing metrics exist only there), got ${region ?? "no region"}`);
      }
    }
    const topicArn = props.topic?.topicArn;
    if (topicArn !== undefined && !Token.isUnresolved(topicArn) && topicArn.split(":")[3] !== BILLING_REGION) {
      throw new Error(`topic must be in ${BILLING_REGION}, where the alarm is, got ${topicArn}`);
    }
    const alarms = new PipelineAlarms(this, "Resource", {
      label: props.label,
      location: props.location,
      topic: props.topic,
      emailSubscriptions: props.emailSubscriptions,
      provider: props.provider,
      alarms: estimatedChargesAlarms(props.monthlyBudgetUsd, props.warningPercent),
    });
    this.topicArn = alarms.topicArn;
    this.alarmArns = alarms.alarmArns;
  }
}
