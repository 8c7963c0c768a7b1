import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { providerTargetSettings } from "../provider-settings";
import { BILLING_REGION, EstimatedChargesAlarm } from "../../modules/alarms";
import type { EnvironmentConfig } from "../../envs/schema/environment";
import type { DeploymentMode } from "../deployment";
import { PlatformStack } from "../platform-stack";

/** The pipeline name of environment-wide stacks: `<env>-platform-<component>`. */
export const PLATFORM_PIPELINE = "platform";

/** Props of {@link BudgetStack}. */
export interface BudgetStackProps {
  readonly env: EnvironmentConfig;
  readonly mode: DeploymentMode;
}

/**
 * The environment's monthly estimated-charges alarm. Billing metrics exist only in us-east-1, so
 * the alarm and its topic use a second provider there (the account must have billing alerts on).
 */
export class BudgetStack extends PlatformStack {
  readonly alarm: EstimatedChargesAlarm;

  constructor(scope: Construct, props: BudgetStackProps) {
    super(scope, { env: props.env, mode: props.mode, pipeline: PLATFORM_PIPELINE, component: "budget" });
    const billing = new AwsProvider(this, "billing", {
      alias: "billing",
      region: BILLING_REGION,
      defaultTags: this.provider.defaultTags,
      ...providerTargetSettings(props.mode, props.env.accountId),
    });
    this.alarm = new EstimatedChargesAlarm(this, "EstimatedCharges", {
      label: this.label,
      location: this.location,
      provider: billing,
      monthlyBudgetUsd: props.env.notifications.monthlyBudgetUsd!,
      emailSubscriptions: props.env.notifications.emails,
    });
    new TerraformOutput(this, "alarms_estimated_charges_topic_arn", { value: this.alarm.topicArn, description: "Topic the estimated-charges alarm notifies" });
  }
}
