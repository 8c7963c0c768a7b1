import type { Rule } from "../engine";
import { alarmRules } from "./alarms";
import { apiRules } from "./api";
import { dynamoDbRules } from "./dynamodb";
import { eventSourceMappingRules } from "./event-source-mapping";
import { firehoseRules } from "./firehose";
import { iamRules } from "./iam";
import { kinesisRules } from "./kinesis";
import { kmsRules } from "./kms";
import { lambdaRules } from "./lambda";
import { logRules } from "./logs";
import { messagingRules } from "./messaging";
import { openSearchRules } from "./opensearch";
import { s3Rules } from "./s3";

/** Every policy rule, run over every synthesized stack. */
export const ALL_RULES: readonly Rule[] = [
  ...kinesisRules,
  ...s3Rules,
  ...lambdaRules,
  ...eventSourceMappingRules,
  ...openSearchRules,
  ...logRules,
  ...kmsRules,
  ...messagingRules,
  ...dynamoDbRules,
  ...firehoseRules,
  ...iamRules,
  ...apiRules,
  ...alarmRules,
];
