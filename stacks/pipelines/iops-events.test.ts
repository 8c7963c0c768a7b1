import { describe, expect, test } from "vitest";
import { listEnvironments } from "../../envs/load";
import { buildEnvironment } from "../testing";

const PARTITIONS = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";
const PIPELINE = "iops-events";

/** What each environment that deploys iops-events declares, merged from the catalog and envs/<env>.yaml. */
const ENVIRONMENTS = Object.fromEntries(
  listEnvironments().flatMap((name) => {
    const environment = buildEnvironment(name);
    const pipeline = environment.env.pipelines.find((p) => p.name === PIPELINE);
    if (!pipeline) return [];
    const { api, stream, processors, archive } = pipeline;
    const lifecycle = archive!.lifecycle!;
    return [[name, {
      environment,
      shards: stream!.shardCount!,
      api: [api!.throttlingRateLimit!, api!.throttlingBurstLimit!, api!.reservedConcurrency!] as const,
      reservedConcurrency: processors!.find((p) => p.name === "processor")!.reservedConcurrency!,
      lifecycle: [lifecycle.infrequentAccessDays!, lifecycle.glacierDays!, lifecycle.expirationDays!] as const,
      kept: archive!.retainOnDelete!,
      // Subscriptions are named after the address, every character but letters and digits an underscore.
      emails: environment.env.notifications.emails.map((email) => email.replace(/[^A-Za-z0-9]/g, "_")).sort(),
    }]];
  }),
);

test("iops-events is deployed by at least one environment", () => {
  expect(Object.keys(ENVIRONMENTS).length).toBeGreaterThan(0);
});

describe.each(Object.keys(ENVIRONMENTS))(`${PIPELINE} in %s`, (name) => {
  const { environment, shards, api: [rateLimit, burstLimit, ingestConcurrency], reservedConcurrency, lifecycle, kept, emails } = ENVIRONMENTS[name]!;
  const stack = (component: string) => environment.stack(PIPELINE, component);
  const streamName = `acme-${name}-iops-events-stream`;
  const streamArn = environment.arn("kinesis", `stream/${streamName}`);
  const functionName = `acme-${name}-iops-events-processor`;
  const tableName = `acme-${name}-iops-events-tables-events`;

  test(`stream: provisioned with ${shards} shard(s), 24 h, encrypted`, () => {
    expect(stack("stream").resource("aws_kinesis_stream", "stream_resource")).toEqual({
      name: streamName,
      shard_count: shards,
      retention_period: 24,
      stream_mode_details: { stream_mode: "PROVISIONED" },
      shard_level_metrics: ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords"],
      encryption_type: "KMS",
      kms_key_id: "alias/aws/kinesis",
    });
  });

  test("stream: a producer and a consumer policy for outside producers and consumers, with their ARNs as outputs", () => {
    const streamStack = stack("stream");
    const policies = Object.values(streamStack.resources("aws_iam_policy")).map((p) => [p.name, JSON.parse(p.policy).Statement]);
    // The stream is created in this stack, so the policies name it by reference.
    const arn = "${aws_kinesis_stream.stream_resource.arn}";
    expect(policies.sort()).toEqual([
      [
        `${streamName}-consumer`,
        [{ Effect: "Allow", Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"], Resource: [arn] }],
      ],
      [`${streamName}-producer`, [{ Effect: "Allow", Action: ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"], Resource: [arn] }]],
    ]);
    expect(streamStack.raw.output.kinesis_ingest_producer_policy_arn.value).toBe("${aws_iam_policy.access_policies_producer.arn}");
    expect(streamStack.raw.output.kinesis_ingest_consumer_policy_arn.value).toBe("${aws_iam_policy.access_policies_consumer.arn}");
  });

  test("api: seed 001's POST /prod/metrics, IAM-authorized, to a function allowed to put records on the stream only", () => {
    const api = stack("api");
    const routes = Object.values(api.resources("aws_apigatewayv2_route")).map((route) => [route.route_key, route.authorization_type]);
    expect(routes.sort()).toEqual([["POST /metrics", "AWS_IAM"], ["POST /metrics/batch", "AWS_IAM"]]);
    expect(Object.values(api.resources("aws_apigatewayv2_stage")).map((stage) => stage.name)).toEqual(["prod"]);
    expect(api.raw.output.http_ingest_api_events_url.value).toBe("${aws_apigatewayv2_api.api_resource.api_endpoint}/prod/metrics");
    expect(api.resource("aws_lambda_function", "api_function_resource").environment.variables).toEqual({
      NODE_OPTIONS: "--enable-source-maps",
      STREAM_NAME: streamName,
      // Refused requests are reported to the processor's malformed-data topic, and counted under the function's name.
      MALFORMED_TOPIC_ARN: environment.arn("sns", `acme-${name}-iops-events-processor-alerts`),
      POWERTOOLS_SERVICE_NAME: `acme-${name}-iops-events-api`,
      POWERTOOLS_METRICS_NAMESPACE: "StreamingPlatform",
    });
    expect(api.statementWith("sns:Publish")).toEqual({ Sid: "PublishMalformed", Effect: "Allow", Action: ["sns:Publish"], Resource: [environment.arn("sns", `acme-${name}-iops-events-processor-alerts`)] });
    expect(stack("processor").resource("aws_sns_topic", "alerts_resource").name).toBe(`acme-${name}-iops-events-processor-alerts`);
    expect(api.statementWith("kinesis:PutRecords")).toEqual({
      Effect: "Allow",
      Action: ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"],
      Resource: [streamArn],
    });
  });

  test(`api: stage throttled at ${rateLimit} requests/s (burst ${burstLimit}), ingest with ${ingestConcurrency} reserved executions`, () => {
    expect(Object.values(stack("api").resources("aws_apigatewayv2_stage"))[0]).toMatchObject({ default_route_settings: { throttling_rate_limit: rateLimit, throttling_burst_limit: burstLimit } });
    expect(stack("api").resource("aws_lambda_function", "api_function_resource").reserved_concurrent_executions).toBe(ingestConcurrency);
  });

  test("api: its own alarms on the 5xx rate and the ingest function, built from the API's generated id", () => {
    const alarms = Object.values(stack("api").resources("aws_cloudwatch_metric_alarm")).map((alarm) => [alarm.alarm_name, alarm.comparison_operator, alarm.threshold]);
    expect(alarms).toEqual([
      [`acme-${name}-iops-events-api-critical-api-5xx-rate`, "GreaterThanThreshold", 1],
      [`acme-${name}-iops-events-api-critical-ingest-error-rate`, "GreaterThanThreshold", 1],
      [`acme-${name}-iops-events-api-warning-ingest-errors`, "GreaterThanThreshold", 0],
      [`acme-${name}-iops-events-api-warning-ingest-throttles`, "GreaterThanThreshold", 0],
    ]);
    const rate = Object.values(stack("api").resources("aws_cloudwatch_metric_alarm")).find((alarm) => alarm.alarm_name.endsWith("api-5xx-rate"))!;
    const queries = rate.metric_query as Array<{ id: string; metric?: { metric_name: string; dimensions: Record<string, string> } }>;
    expect(queries.filter((q) => q.metric).map((q) => [q.metric!.metric_name, q.metric!.dimensions])).toEqual([
      // The stage seed 001 calls: API Gateway publishes its metrics under the stage's name.
      ["5xx", { ApiId: "${aws_apigatewayv2_api.api_resource.id}", Stage: "prod" }],
      ["Count", { ApiId: "${aws_apigatewayv2_api.api_resource.id}", Stage: "prod" }],
    ]);
  });

  test(`processor: 512 MB, 300 s, ${reservedConcurrency} reserved executions, nodejs22.x on arm64`, () => {
    expect(stack("processor").resource("aws_lambda_function", "processor_function_resource")).toMatchObject({
      function_name: functionName,
      handler: "index.handler",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      memory_size: 512,
      timeout: 300,
      reserved_concurrent_executions: reservedConcurrency,
    });
  });

  test("processor: batches of 100 from TRIM_HORIZON, partial batch failures, bisect, 3 retries, 1 h record age, on-failure S3 bucket", () => {
    const processor = stack("processor");
    expect(processor.resource("aws_lambda_event_source_mapping", "processor_event_source_resource")).toMatchObject({
      event_source_arn: streamArn,
      function_name: "${aws_lambda_function.processor_function_resource.arn}",
      starting_position: "TRIM_HORIZON",
      batch_size: 100,
      function_response_types: ["ReportBatchItemFailures"],
      bisect_batch_on_function_error: true,
      maximum_retry_attempts: 3,
      maximum_record_age_in_seconds: 3600,
      destination_config: { on_failure: { destination_arn: "${aws_s3_bucket.processor_event_source_on_failure_bucket_resource.arn}" } },
    });
    expect(processor.resource("aws_s3_bucket", "processor_event_source_on_failure_bucket_resource")).toMatchObject({ bucket: `${functionName}-failed` });
  });

  test("processor: environment names the derived table, the malformed topic, the malformed-record queue and the retention", () => {
    expect(stack("processor").resource("aws_lambda_function", "processor_function_resource").environment.variables).toEqual({
      NODE_OPTIONS: "--enable-source-maps",
      EVENTS_TABLE_NAME: tableName,
      MALFORMED_TOPIC_ARN: "${aws_sns_topic.alerts_resource.arn}",
      DEAD_LETTER_QUEUE_URL: "${aws_sqs_queue.processor_dead_letter_store_resource.url}",
      POWERTOOLS_SERVICE_NAME: functionName,
      POWERTOOLS_METRICS_NAMESPACE: "StreamingPlatform",
      // The table's TTL deletes events this many days after they were written (expires_at).
      EVENTS_RETENTION_DAYS: "90",
    });
    expect(stack("tables").resource("aws_dynamodb_table", "events_resource")).toMatchObject({
      name: tableName,
      hash_key: "pk",
      range_key: "sk",
      ttl: { attribute_name: "expires_at", enabled: true },
      server_side_encryption: { enabled: true },
    });
  });

  test("processor: writes the table, publishes to the topic and sends to its queues, nothing more", () => {
    const statements = stack("processor").statements("processor_function_service_role_policy");
    expect(statements).toContainEqual({ Effect: "Allow", Action: ["dynamodb:BatchWriteItem"], Resource: [environment.arn("dynamodb", `table/${tableName}`)] });
    expect(statements).toContainEqual({ Sid: "PublishAlerts", Effect: "Allow", Action: ["sns:Publish"], Resource: ["${aws_sns_topic.alerts_resource.arn}"] });
    expect(statements).toContainEqual({
      Sid: "KeepMalformedRecords",
      Effect: "Allow",
      Action: ["sqs:SendMessage"],
      Resource: ["${aws_sqs_queue.processor_dead_letter_store_resource.arn}"],
    });
    expect(statements.map((statement) => statement.Sid ?? statement.Action[0])).toEqual([
      "WriteOwnLogs", "WriteTraces", "dynamodb:BatchWriteItem", "PublishAlerts", "KeepMalformedRecords", "kinesis:DescribeStream", "s3:ListBucket", "s3:PutObject", "kms:GenerateDataKey",
    ]);
  });

  test("malformed-data topic: encrypted, TLS only, the environment's e-mail subscribers", () => {
    const processor = stack("processor");
    expect(processor.resource("aws_sns_topic", "alerts_resource")).toEqual({ name: `${functionName}-alerts`, kms_master_key_id: "alias/aws/sns" });
    expect(JSON.parse(processor.resource("aws_sns_topic_policy", "alerts_policy").policy).Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: ["sns:Publish"],
        Resource: "${aws_sns_topic.alerts_resource.arn}",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
    expect(Object.keys(processor.resources("aws_sns_topic_subscription")).sort()).toEqual(emails.map((email) => `alerts_${email}`));
  });

  test("archive: 5 MiB / 300 s, GZIP, events/ partitions, errors by type", () => {
    const delivery = stack("archive").resource("aws_kinesis_firehose_delivery_stream", "archive_resource");
    expect(delivery.kinesis_source_configuration.kinesis_stream_arn).toBe(streamArn);
    expect(delivery.extended_s3_configuration).toMatchObject({
      buffering_size: 5,
      buffering_interval: 300,
      compression_format: "GZIP",
      prefix: `events/${PARTITIONS}`,
      error_output_prefix: `errors/!{firehose:error-output-type}/${PARTITIONS}`,
    });
  });

  test(`archive: lifecycle IA ${lifecycle[0]} / Glacier ${lifecycle[1]} / expiry ${lifecycle[2]} days, bucket ${kept ? "kept" : "not kept"} on stack deletion`, () => {
    const archive = stack("archive");
    const [rule] = archive.resource("aws_s3_bucket_lifecycle_configuration", "bucket_lifecycle").rule;
    expect(rule).toMatchObject({
      id: "tiering-and-expiration",
      status: "Enabled",
      transition: [
        { days: lifecycle[0], storage_class: "STANDARD_IA" },
        { days: lifecycle[1], storage_class: "GLACIER" },
      ],
      expiration: [{ days: lifecycle[2] }],
    });
    expect(archive.resource("aws_s3_bucket", "bucket_resource")).toEqual({
      bucket: `acme-${name}-iops-events-archive`,
      force_destroy: false,
      ...(kept ? { lifecycle: { prevent_destroy: true } } : {}),
    });
  });

  describe("alarms", () => {
    const alarm = (suffix: string) => stack("alarms").alarm(suffix);

    test("iterator age over 60 s on the stream and on the processor", () => {
      expect(alarm("warning_stream_iterator_age")).toMatchObject({ metric_name: "GetRecords.IteratorAgeMilliseconds", dimensions: { StreamName: streamName }, threshold: 60000 });
      expect(alarm("warning_processor_iterator_age")).toMatchObject({ metric_name: "IteratorAge", dimensions: { FunctionName: functionName }, threshold: 60000 });
    });

    test("any write throughput exceeded", () => {
      expect(alarm("warning_stream_write_throttles")).toMatchObject({
        namespace: "AWS/Kinesis",
        metric_name: "WriteProvisionedThroughputExceeded",
        dimensions: { StreamName: streamName },
        statistic: "Sum",
        comparison_operator: "GreaterThanThreshold",
        threshold: 0,
      });
    });

    test("processor errors: any failed invocation, and more than 1% failed", () => {
      expect(alarm("warning_processor_errors")).toMatchObject({ namespace: "AWS/Lambda", metric_name: "Errors", dimensions: { FunctionName: functionName }, threshold: 0 });
      expect(alarm("critical_processor_error_rate")).toMatchObject({ comparison_operator: "GreaterThanThreshold", threshold: 1 });
    });

    test("malformed rate over 5%: events the processor found malformed plus those the API refused, among all sent", () => {
      const rate = alarm("critical_processor_malformed_rate");
      expect(rate).toMatchObject({ comparison_operator: "GreaterThanThreshold", threshold: 5 });
      const variables = stack("processor").resource("aws_lambda_function", "processor_function_resource").environment.variables;
      const metric = (metricName: string) => ({
        namespace: variables.POWERTOOLS_METRICS_NAMESPACE,
        metric_name: metricName,
        dimensions: { service: variables.POWERTOOLS_SERVICE_NAME },
        period: 300,
        stat: "Sum",
      });
      const ingest = stack("api").resource("aws_lambda_function", "api_function_resource").environment.variables.POWERTOOLS_SERVICE_NAME;
      const ingestMetric = (metricName: string) => ({ ...metric(metricName), dimensions: { service: ingest } });
      expect(rate.metric_query).toEqual([
        {
          id: "expression",
          expression: "IF((FILL(total0, 0) + FILL(total1, 0)) > 0, 100 * (FILL(part0, 0) + FILL(part1, 0)) / (FILL(total0, 0) + FILL(total1, 0)), 0)",
          label: "Failed malformed events (%)",
          return_data: true,
        },
        { id: "part0", metric: metric("EventsMalformed"), return_data: false },
        { id: "part1", metric: ingestMetric("EventsMalformed"), return_data: false },
        { id: "total0", metric: metric("EventsReceived"), return_data: false },
        { id: "total1", metric: ingestMetric("EventsRefused"), return_data: false },
      ]);
    });
  });
});
