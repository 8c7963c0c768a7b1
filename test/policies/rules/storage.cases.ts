import { patch, type Resources, type RuleCase, stackOf } from "../fixtures";
import { alarmActionsEnabled } from "./alarms";
import { dynamoDbKmsEncryption, dynamoDbPointInTimeRecovery } from "./dynamodb";
import { kinesisStreamEncrypted } from "./kinesis";
import { kmsKeyRotation } from "./kms";
import { logGroupRetention } from "./logs";
import { snsTopicEncrypted, sqsQueueEncrypted } from "./messaging";

/** One compliant resource of each of these services. */
const resources: Resources = {
  aws_kinesis_stream: { stream_resource: { name: "acme-dev-stream", encryption_type: "KMS", kms_key_id: "alias/aws/kinesis" } },
  aws_kms_key: { stream_key: { enable_key_rotation: true }, signing_key: { customer_master_key_spec: "RSA_2048", key_usage: "SIGN_VERIFY" } },
  aws_sqs_queue: { dlq: { name: "dlq", kms_master_key_id: "${aws_kms_key.stream_key.arn}" } },
  aws_sns_topic: { alerts: { name: "alerts", kms_master_key_id: "alias/aws/sns" } },
  aws_dynamodb_table: { lookup: { name: "lookup", point_in_time_recovery: { enabled: true }, server_side_encryption: { enabled: true } } },
  aws_cloudwatch_log_group: { logs: { name: "/aws/lambda/x", retention_in_days: 14 } },
  aws_cloudwatch_metric_alarm: { iterator_age: { alarm_name: "iterator-age", alarm_actions: ["${aws_sns_topic.alerts.arn}"] } },
};

const changed = (type: string, name: string, changes: Record<string, unknown>) => stackOf(patch(resources, type, name, changes));

/** Cases of the Kinesis, KMS, SQS, SNS, DynamoDB, CloudWatch Logs and alarm rules. */
export const storageCases: readonly RuleCase[] = [
  {
    rule: kinesisStreamEncrypted,
    passing: stackOf(resources),
    failing: [
      { title: "unencrypted", stack: changed("aws_kinesis_stream", "stream_resource", { encryption_type: "NONE", kms_key_id: undefined }), address: "unit:aws_kinesis_stream.stream_resource", reason: /encryption_type must be "KMS", got "NONE"/ },
      { title: "KMS without a key", stack: changed("aws_kinesis_stream", "stream_resource", { kms_key_id: undefined }), address: "unit:aws_kinesis_stream.stream_resource", reason: /kms_key_id is not set/ },
    ],
  },
  {
    rule: kmsKeyRotation,
    passing: stackOf(resources),
    failing: [{ title: "a symmetric key without rotation", stack: changed("aws_kms_key", "stream_key", { enable_key_rotation: undefined }), address: "unit:aws_kms_key.stream_key", reason: /enable_key_rotation must be true, got undefined/ }],
  },
  {
    rule: sqsQueueEncrypted,
    passing: changed("aws_sqs_queue", "dlq", { kms_master_key_id: undefined, sqs_managed_sse_enabled: true }),
    failing: [{ title: "unencrypted", stack: changed("aws_sqs_queue", "dlq", { kms_master_key_id: undefined }), address: "unit:aws_sqs_queue.dlq", reason: /neither kms_master_key_id nor sqs_managed_sse_enabled/ }],
  },
  {
    rule: snsTopicEncrypted,
    passing: stackOf(resources),
    failing: [{ title: "unencrypted", stack: changed("aws_sns_topic", "alerts", { kms_master_key_id: undefined }), address: "unit:aws_sns_topic.alerts", reason: /kms_master_key_id is not set/ }],
  },
  {
    rule: dynamoDbPointInTimeRecovery,
    passing: stackOf(resources),
    failing: [{ title: "without PITR", stack: changed("aws_dynamodb_table", "lookup", { point_in_time_recovery: { enabled: false } }), address: "unit:aws_dynamodb_table.lookup", reason: /point_in_time_recovery.enabled must be true/ }],
  },
  {
    rule: dynamoDbKmsEncryption,
    passing: stackOf(resources),
    failing: [{ title: "without SSE", stack: changed("aws_dynamodb_table", "lookup", { server_side_encryption: undefined }), address: "unit:aws_dynamodb_table.lookup", reason: /server_side_encryption.enabled must be true/ }],
  },
  {
    rule: logGroupRetention,
    passing: stackOf(resources),
    failing: [
      { title: "never expiring", stack: changed("aws_cloudwatch_log_group", "logs", { retention_in_days: 0 }), address: "unit:aws_cloudwatch_log_group.logs", reason: /must be set above 0 \(events never expire\), got 0/ },
      { title: "without retention", stack: changed("aws_cloudwatch_log_group", "logs", { retention_in_days: undefined }), address: "unit:aws_cloudwatch_log_group.logs", reason: /got undefined/ },
      { title: "with a value CloudWatch refuses", stack: changed("aws_cloudwatch_log_group", "logs", { retention_in_days: 10 }), address: "unit:aws_cloudwatch_log_group.logs", reason: /must be one of 1, 3, 5, .*, got 10/ },
    ],
  },
  {
    rule: alarmActionsEnabled,
    passing: stackOf(resources),
    failing: [{ title: "with actions disabled", stack: changed("aws_cloudwatch_metric_alarm", "iterator_age", { actions_enabled: false }), address: "unit:aws_cloudwatch_metric_alarm.iterator_age", reason: /actions_enabled is false/ }],
  },
];
