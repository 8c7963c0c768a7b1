import type { Rule } from "../engine";

/** CKV_AWS_319: an alarm's actions are enabled, so it notifies when it fires. */
export const alarmActionsEnabled: Rule = {
  id: "CKV_AWS_319",
  title: "CloudWatch alarm has its actions enabled",
  resourceTypes: ["aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm"],
  check(alarm) {
    return alarm.actions_enabled === false ? "actions_enabled is false: the alarm notifies no one" : undefined;
  },
};

/** The CloudWatch alarm rules. */
export const alarmRules: readonly Rule[] = [alarmActionsEnabled];
