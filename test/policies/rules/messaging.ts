import type { Rule } from "../engine";

const isSet = (value: unknown) => typeof value === "string" && value !== "";

/** CKV_AWS_27: queue messages are encrypted at rest, by KMS or SQS-managed keys, said explicitly. */
export const sqsQueueEncrypted: Rule = {
  id: "CKV_AWS_27",
  title: "SQS queue is encrypted at rest",
  resourceTypes: ["aws_sqs_queue"],
  check(queue) {
    if (isSet(queue.kms_master_key_id) || queue.sqs_managed_sse_enabled === true) return undefined;
    return "neither kms_master_key_id nor sqs_managed_sse_enabled = true is set";
  },
};

/** CKV_AWS_26: topic messages are encrypted at rest with KMS. */
export const snsTopicEncrypted: Rule = {
  id: "CKV_AWS_26",
  title: "SNS topic is encrypted at rest with KMS",
  resourceTypes: ["aws_sns_topic"],
  check(topic) {
    return isSet(topic.kms_master_key_id) ? undefined : "kms_master_key_id is not set";
  },
};

/** The SQS and SNS rules. */
export const messagingRules: readonly Rule[] = [sqsQueueEncrypted, snsTopicEncrypted];
