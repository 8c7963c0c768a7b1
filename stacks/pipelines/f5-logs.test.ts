import { describe, expect, test } from "vitest";
import { buildEnvironment } from "../testing";

const ENVIRONMENTS = {
  dev: { environment: buildEnvironment("dev"), reservedConcurrency: 2 },
  staging: { environment: buildEnvironment("staging"), reservedConcurrency: 10 },
  prod: { environment: buildEnvironment("prod"), reservedConcurrency: 10 },
};
const PARTITIONS = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";

describe.each(Object.keys(ENVIRONMENTS) as (keyof typeof ENVIRONMENTS)[])("f5-logs in %s", (name) => {
  const { environment, reservedConcurrency } = ENVIRONMENTS[name];
  const stack = (component: string) => environment.stack("f5-logs", component);
  const streamName = `acme-${name}-f5-logs-stream`;
  const streamArn = environment.arn("kinesis", `stream/${streamName}`);

  test("stream: on-demand, 24 h retention, encrypted with the AWS-managed Kinesis key", () => {
    expect(stack("stream").resource("aws_kinesis_stream", "stream_resource")).toEqual({
      name: streamName,
      retention_period: 24,
      stream_mode_details: { stream_mode: "ON_DEMAND" },
      shard_level_metrics: ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords"],
      encryption_type: "KMS",
      kms_key_id: "alias/aws/kinesis",
    });
  });

  test("archive: Firehose from the stream into the raw bucket, 60 s or 5 MiB, GZIP, hourly partitions, errors by type", () => {
    const archive = stack("archive");
    const delivery = archive.resource("aws_kinesis_firehose_delivery_stream", "archive_resource");
    expect(delivery.name).toBe(`acme-${name}-f5-logs-archive`);
    expect(delivery.destination).toBe("extended_s3");
    expect(delivery.kinesis_source_configuration).toEqual({ kinesis_stream_arn: streamArn, role_arn: "${aws_iam_role.archive_role_resource.arn}" });
    expect(delivery.extended_s3_configuration).toMatchObject({
      bucket_arn: "${aws_s3_bucket.bucket_resource.arn}",
      buffering_interval: 60,
      buffering_size: 5,
      compression_format: "GZIP",
      prefix: `raw/${PARTITIONS}`,
      error_output_prefix: `errors/!{firehose:error-output-type}/${PARTITIONS}`,
    });
    expect(archive.resource("aws_s3_bucket", "bucket_resource").bucket).toBe(`acme-${name}-f5-logs-archive`);
  });

  test("archive: the delivery role writes only under the data and error prefixes, and reads only the stream", () => {
    const archive = stack("archive");
    expect(archive.statementWith("s3:PutObject")).toEqual({
      Effect: "Allow",
      Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
      Resource: ["${aws_s3_bucket.bucket_resource.arn}/raw/year=*", "${aws_s3_bucket.bucket_resource.arn}/errors/*"],
    });
    expect(archive.statementWith("kinesis:GetRecords")).toEqual({
      Effect: "Allow",
      Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
      Resource: [streamArn],
    });
  });

  test("log-filter: arm64 nodejs22.x handler reading the stream, kept lines in a log group retained 7 days", () => {
    const filter = stack("log-filter");
    const fn = filter.resource("aws_lambda_function", "processor_function_resource");
    expect(fn).toMatchObject({
      function_name: `acme-${name}-f5-logs-log-filter`,
      handler: "index.handler",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      memory_size: 256,
      timeout: 60,
      reserved_concurrent_executions: reservedConcurrency,
    });
    expect(fn.environment.variables.LOG_GROUP_NAME).toBe(`/streaming/acme-${name}-f5-logs-log-filter`);
    expect(filter.resource("aws_cloudwatch_log_group", "processor_output_log_group")).toEqual({
      name: `/streaming/acme-${name}-f5-logs-log-filter`,
      retention_in_days: 7,
    });
    expect(filter.statements("processor_function_service_role_policy")).toContainEqual({
      Sid: "WriteOutputLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: ["${aws_cloudwatch_log_group.processor_output_log_group.arn}:*"],
    });
  });

  test("log-filter: batches of 500 within 5 s, partial failures, bisect, bounded retries, on-failure bucket", () => {
    expect(stack("log-filter").resource("aws_lambda_event_source_mapping", "processor_event_source_resource")).toMatchObject({
      event_source_arn: streamArn,
      batch_size: 500,
      maximum_batching_window_in_seconds: 5,
      function_response_types: ["ReportBatchItemFailures"],
      bisect_batch_on_function_error: true,
      maximum_retry_attempts: 3,
      maximum_record_age_in_seconds: 3600,
      destination_config: { on_failure: { destination_arn: "${aws_s3_bucket.processor_event_source_on_failure_bucket_resource.arn}" } },
    });
  });

  describe("alarms", () => {
    const alarms = () => stack("alarms");
    const onTopic = { alarm_actions: ["${aws_sns_topic.alarms_topic_resource.arn}"], ok_actions: ["${aws_sns_topic.alarms_topic_resource.arn}"] };

    test("no incoming records for 10 minutes (missing data breaches)", () => {
      expect(alarms().alarm("warning_stream_no_incoming_records")).toMatchObject({
        ...onTopic,
        alarm_name: `acme-${name}-f5-logs-alarms-warning-stream-no-incoming-records`,
        namespace: "AWS/Kinesis",
        metric_name: "IncomingRecords",
        dimensions: { StreamName: streamName },
        statistic: "Sum",
        period: 60,
        evaluation_periods: 10,
        datapoints_to_alarm: 10,
        comparison_operator: "LessThanThreshold",
        threshold: 1,
        treat_missing_data: "breaching",
      });
    });

    test("stream iterator age over 5 minutes (300000 ms)", () => {
      expect(alarms().alarm("warning_stream_iterator_age")).toMatchObject({
        ...onTopic,
        namespace: "AWS/Kinesis",
        metric_name: "GetRecords.IteratorAgeMilliseconds",
        dimensions: { StreamName: streamName },
        statistic: "Maximum",
        comparison_operator: "GreaterThanThreshold",
        threshold: 300000,
      });
      expect(alarms().alarm("warning_log_filter_iterator_age")).toMatchObject({
        metric_name: "IteratorAge",
        dimensions: { FunctionName: `acme-${name}-f5-logs-log-filter` },
        threshold: 300000,
      });
    });

    test("write throttling over 1% of writes, by metric math over throttled and incoming records", () => {
      const ratio = alarms().alarm("critical_stream_write_throttle_ratio");
      expect(ratio).toMatchObject({ ...onTopic, comparison_operator: "GreaterThanThreshold", threshold: 1 });
      expect(ratio.metric_query).toEqual([
        {
          id: "expression",
          expression: "IF(FILL(incoming, 0) + FILL(throttled, 0) > 0, 100 * FILL(throttled, 0) / (FILL(incoming, 0) + FILL(throttled, 0)), 0)",
          label: "Throttled writes (%)",
          return_data: true,
        },
        {
          id: "throttled",
          metric: { namespace: "AWS/Kinesis", metric_name: "WriteProvisionedThroughputExceeded", dimensions: { StreamName: streamName }, period: 60, stat: "Sum" },
          return_data: false,
        },
        {
          id: "incoming",
          metric: { namespace: "AWS/Kinesis", metric_name: "IncomingRecords", dimensions: { StreamName: streamName }, period: 60, stat: "Sum" },
          return_data: false,
        },
      ]);
    });
  });
});
