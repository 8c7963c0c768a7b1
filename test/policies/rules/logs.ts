import type { Rule } from "../engine";

/** The retention values CloudWatch Logs accepts (PutRetentionPolicy); any other value fails at apply. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** CKV_AWS_66 (CKV_AWS_338 style without its one-year minimum): the log group expires its events. */
export const logGroupRetention: Rule = {
  id: "CKV_AWS_66",
  title: "CloudWatch log group has a retention CloudWatch accepts (not 0 = never expire)",
  resourceTypes: ["aws_cloudwatch_log_group"],
  check(group) {
    const days = group.retention_in_days;
    if (typeof days !== "number" || days <= 0) return `retention_in_days must be set above 0 (events never expire), got ${JSON.stringify(days)}`;
    return LOG_RETENTION_DAYS.includes(days) ? undefined : `retention_in_days must be one of ${LOG_RETENTION_DAYS.join(", ")}, got ${days}`;
  },
};

/** The CloudWatch Logs rules. */
export const logRules: readonly Rule[] = [logGroupRetention];
