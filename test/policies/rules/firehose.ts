import { block, type Rule } from "../engine";

/** Where each `destination` keeps its settings. */
const DESTINATION_BLOCKS: Readonly<Record<string, string>> = {
  extended_s3: "extended_s3_configuration",
  opensearch: "opensearch_configuration",
  opensearchserverless: "opensearchserverless_configuration",
  elasticsearch: "elasticsearch_configuration",
  http_endpoint: "http_endpoint_configuration",
  redshift: "redshift_configuration",
  splunk: "splunk_configuration",
  snowflake: "snowflake_configuration",
  iceberg: "iceberg_configuration",
};

/** Nested S3 configurations (backup of failed or all records) that log their own delivery errors. */
const BACKUP_BLOCKS = ["s3_configuration", "s3_backup_configuration"];

function loggingProblem(where: string, config: Record<string, unknown>): string | undefined {
  const logging = block(config.cloudwatch_logging_options);
  if (logging?.enabled !== true) return `${where}.cloudwatch_logging_options.enabled must be true`;
  if (!logging.log_group_name || !logging.log_stream_name) return `${where}.cloudwatch_logging_options needs log_group_name and log_stream_name`;
  return undefined;
}

/** Delivery errors (to the destination and to the S3 backup) are logged, so a failing stream says why. */
export const firehoseErrorLogging: Rule = {
  id: "PLATFORM_FIREHOSE_ERROR_LOGGING",
  title: "Firehose delivery stream logs delivery errors to CloudWatch",
  resourceTypes: ["aws_kinesis_firehose_delivery_stream"],
  check(stream) {
    const key = DESTINATION_BLOCKS[String(stream.destination)];
    if (key === undefined) return `unknown destination ${JSON.stringify(stream.destination)}`;
    const config = block(stream[key]);
    if (config === undefined) return `${key} is missing`;
    const problems = [loggingProblem(key, config)];
    for (const backup of BACKUP_BLOCKS) {
      const nested = block(config[backup]);
      if (nested !== undefined) problems.push(loggingProblem(`${key}.${backup}`, nested));
    }
    const found = problems.filter((p): p is string => p !== undefined);
    return found.length > 0 ? found.join("; ") : undefined;
  },
};

/** The Firehose rules. */
export const firehoseRules: readonly Rule[] = [firehoseErrorLogging];
