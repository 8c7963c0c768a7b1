import { block, type Rule } from "../engine";

/** CKV_AWS_28: point-in-time recovery is on, so the table can be restored to any second of the window. */
export const dynamoDbPointInTimeRecovery: Rule = {
  id: "CKV_AWS_28",
  title: "DynamoDB table has point-in-time recovery enabled",
  resourceTypes: ["aws_dynamodb_table"],
  check(table) {
    return block(table.point_in_time_recovery)?.enabled === true ? undefined : "point_in_time_recovery.enabled must be true";
  },
};

/** The table is encrypted with a KMS key (AWS-managed or customer), not only the AWS-owned default. */
export const dynamoDbKmsEncryption: Rule = {
  id: "PLATFORM_DYNAMODB_SSE",
  title: "DynamoDB table has KMS server-side encryption enabled",
  resourceTypes: ["aws_dynamodb_table"],
  check(table) {
    return block(table.server_side_encryption)?.enabled === true ? undefined : "server_side_encryption.enabled must be true";
  },
};

/** The DynamoDB rules. */
export const dynamoDbRules: readonly Rule[] = [dynamoDbPointInTimeRecovery, dynamoDbKmsEncryption];
