import { describe, expect, test } from "vitest";
import { buildEnvironment } from "../testing";

const ENVIRONMENTS = {
  staging: { environment: buildEnvironment("staging"), dataNodes: 3, volumeGiB: 100 },
  prod: { environment: buildEnvironment("prod"), dataNodes: 6, volumeGiB: 500 },
};

describe.each(Object.keys(ENVIRONMENTS) as (keyof typeof ENVIRONMENTS)[])("blueprint in %s", (name) => {
  const { environment, dataNodes, volumeGiB } = ENVIRONMENTS[name];
  const stack = (component: string) => environment.stack("blueprint", component);
  const streamName = `acme-${name}-blueprint-stream`;
  const outputStreamName = `acme-${name}-blueprint-output-stream`;
  const streamArn = environment.arn("kinesis", `stream/${streamName}`);
  const outputStreamArn = environment.arn("kinesis", `stream/${outputStreamName}`);
  const functionName = `acme-${name}-blueprint-enrichment`;

  test("ingest stream: on-demand, 48 h, customer-managed key, no consumer of its own (the enrichment stack registers it)", () => {
    const streamStack = stack("stream");
    expect(streamStack.resource("aws_kinesis_stream", "stream_resource")).toEqual({
      name: streamName,
      retention_period: 48,
      stream_mode_details: { stream_mode: "ON_DEMAND" },
      shard_level_metrics: ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords"],
      encryption_type: "KMS",
      kms_key_id: "${aws_kms_key.stream_key_resource.arn}",
    });
    expect(streamStack.resources("aws_kinesis_stream_consumer")).toEqual({});
  });

  test("analytics: Flink reads the stream and writes the output stream, with checkpointing and snapshots", () => {
    const app = stack("analytics").resource("aws_kinesisanalyticsv2_application", "analytics_resource");
    expect(app).toMatchObject({ name: `acme-${name}-blueprint-analytics`, runtime_environment: "FLINK-1_20" });
    const config = app.application_configuration;
    expect(config.application_code_configuration).toEqual({
      code_content: { s3_content_location: { bucket_arn: `arn:aws:s3:::acme-${name}-artifacts`, file_key: "flink/windowed-aggregation-1.0.0.jar" } },
      code_content_type: "ZIPFILE",
    });
    expect(config.environment_properties.property_group).toEqual([
      { property_group_id: "InputStream0", property_map: { "aws.region": "eu-west-1", "stream.arn": streamArn, "stream.name": streamName } },
      { property_group_id: "OutputStream0", property_map: { "aws.region": "eu-west-1", "stream.arn": outputStreamArn, "stream.name": outputStreamName } },
      // Seed 003's 5-minute window, the schema's default.
      { property_group_id: "Aggregation", property_map: { "window.size.seconds": "300" } },
    ]);
    expect(config.flink_application_configuration.checkpoint_configuration).toEqual({
      configuration_type: "CUSTOM",
      checkpointing_enabled: true,
      checkpoint_interval: 60000,
      min_pause_between_checkpoints: 5000,
    });
    expect(config.flink_application_configuration.parallelism_configuration).toMatchObject({ parallelism: 2 });
    expect(config.application_snapshot_configuration).toEqual({ snapshots_enabled: true });
  });

  test("analytics: the role reads the stream and writes the output stream, keys scoped by alias", () => {
    const analytics = stack("analytics");
    expect(analytics.statementWith("kinesis:GetRecords").Resource).toEqual([streamArn]);
    expect(analytics.statementWith("kinesis:PutRecords").Resource).toEqual([outputStreamArn]);
    expect(analytics.statementWith("kms:GenerateDataKey").Condition).toEqual({
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": `alias/${outputStreamName}-stream` },
      StringEquals: { "kms:EncryptionContext:aws:kinesis:arn": outputStreamArn },
    });
    expect(analytics.statementWith("s3:GetObject").Resource).toEqual([`arn:aws:s3:::acme-${name}-artifacts/flink/windowed-aggregation-1.0.0.jar`]);
  });

  test("enrichment: enhanced fan-out through the stream's consumer, lookup table in, output stream out", () => {
    const enrichment = stack("enrichment");
    expect(enrichment.resource("aws_lambda_function", "processor_function_resource")).toMatchObject({
      function_name: functionName,
      memory_size: 1024,
      timeout: 120,
      reserved_concurrent_executions: 30,
    });
    const mapping = enrichment.resource("aws_lambda_event_source_mapping", "processor_event_source_resource");
    expect(mapping).toMatchObject({ batch_size: 500, parallelization_factor: 2, function_response_types: ["ReportBatchItemFailures"], bisect_batch_on_function_error: true });
    // The mapping reads the consumer, not the stream (the consumer's ARN carries a creation timestamp).
    expect(mapping.event_source_arn).toBe("${aws_kinesis_stream_consumer.processor_event_source_consumer.arn}");
    expect(enrichment.resources("aws_kinesis_stream_consumer")).toEqual({ processor_event_source_consumer: { name: "enrichment", stream_arn: streamArn } });
    expect(enrichment.statementWith("kinesis:SubscribeToShard")).toEqual({
      Effect: "Allow",
      Action: ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"],
      Resource: [`${streamArn}/consumer/enrichment:*`],
    });
    const lookup = environment.arn("dynamodb", `table/acme-${name}-blueprint-tables-lookup`);
    expect(enrichment.statementWith("dynamodb:BatchGetItem")).toEqual({ Effect: "Allow", Action: ["dynamodb:BatchGetItem"], Resource: [lookup] });
    expect(enrichment.statementWith("kinesis:PutRecords").Resource).toEqual([outputStreamArn]);
  });

  test("archive: Firehose from the ingest stream to S3, 300 s / 64 MiB, GZIP", () => {
    const delivery = stack("archive").resource("aws_kinesis_firehose_delivery_stream", "archive_resource");
    expect(delivery.kinesis_source_configuration.kinesis_stream_arn).toBe(streamArn);
    expect(delivery.extended_s3_configuration).toMatchObject({ buffering_interval: 300, buffering_size: 64, compression_format: "GZIP" });
  });

  test(`search: Firehose from the output stream to OpenSearch, ${dataNodes} × r7g.large.search with ${volumeGiB} GiB`, () => {
    const search = stack("search");
    const delivery = search.resource("aws_kinesis_firehose_delivery_stream", "search_resource");
    expect(delivery.destination).toBe("opensearch");
    expect(delivery.kinesis_source_configuration.kinesis_stream_arn).toBe(outputStreamArn);
    expect(delivery.opensearch_configuration).toMatchObject({
      domain_arn: "${aws_opensearch_domain.search_domain_resource.arn}",
      index_name: "events",
      index_rotation_period: "OneDay",
      s3_backup_mode: "FailedDocumentsOnly",
    });
    const domain = search.resource("aws_opensearch_domain", "search_domain_resource");
    expect(domain.cluster_config).toEqual({
      instance_type: "r7g.large.search",
      instance_count: dataNodes,
      dedicated_master_enabled: true,
      dedicated_master_type: "m7g.large.search",
      dedicated_master_count: 3,
      zone_awareness_enabled: true,
      zone_awareness_config: { availability_zone_count: 3 },
    });
    expect(domain.ebs_options).toEqual({ ebs_enabled: true, volume_size: volumeGiB, volume_type: "gp3" });
    expect(domain).toMatchObject({
      encrypt_at_rest: { enabled: true },
      node_to_node_encryption: { enabled: true },
      domain_endpoint_options: { enforce_https: true, tls_security_policy: "Policy-Min-TLS-1-2-PFS-2023-10" },
    });
    // The master user may delete anything: a dedicated administrator role, never the delivery role.
    const admin = search.resource("aws_iam_role", "search_domain_admin_role_resource");
    expect(domain.advanced_security_options.master_user_options).toEqual({ master_user_arn: "${aws_iam_role.search_domain_admin_role_resource.arn}" });
    expect(admin.name).toMatch(/-search-admin$/);
    expect(JSON.parse(search.resource("aws_opensearch_domain_policy", "search_domain_access_policy").access_policies).Statement).toMatchObject([
      { Sid: "Administrators", Principal: { AWS: ["${aws_iam_role.search_domain_admin_role_resource.arn}"] } },
      { Sid: "Writers", Principal: { AWS: ["${aws_iam_role.search_role_resource.arn}"] } },
    ]);
  });

  describe("monitoring", () => {
    const alarm = (suffix: string) => stack("alarms").alarm(suffix);

    test("iterator age over 60 s", () => {
      expect(alarm("warning_stream_iterator_age")).toMatchObject({ metric_name: "GetRecords.IteratorAgeMilliseconds", dimensions: { StreamName: streamName }, threshold: 60000 });
    });

    test("any write throttling", () => {
      expect(alarm("warning_stream_write_throttles")).toMatchObject({ metric_name: "WriteProvisionedThroughputExceeded", comparison_operator: "GreaterThanThreshold", threshold: 0 });
      expect(alarm("warning_stream_write_throttle_ratio")).toMatchObject({ comparison_operator: "GreaterThanThreshold", threshold: 0 });
    });

    test("processing lag over 5 minutes is critical", () => {
      expect(alarm("critical_analytics_processing_lag")).toMatchObject({
        alarm_name: `acme-${name}-blueprint-alarms-critical-analytics-processing-lag`,
        namespace: "AWS/KinesisAnalytics",
        metric_name: "millisBehindLatest",
        dimensions: { Application: `acme-${name}-blueprint-analytics` },
        comparison_operator: "GreaterThanThreshold",
        threshold: 300000,
      });
    });

    test("error rate over 1%", () => {
      const rate = alarm("critical_enrichment_error_rate");
      expect(rate).toMatchObject({ comparison_operator: "GreaterThanThreshold", threshold: 1 });
      expect(rate.metric_query.map((query: { metric?: { metric_name: string; dimensions: unknown } }) => query.metric && [query.metric.metric_name, query.metric.dimensions])).toEqual([
        undefined,
        ["Errors", { FunctionName: functionName }],
        ["Invocations", { FunctionName: functionName }],
      ]);
    });

    test("any failed invocation in the on-failure bucket, any dead-letter message in the record store", () => {
      expect(alarm("critical_enrichment_on_failure_depth")).toMatchObject({
        namespace: "AWS/S3",
        metric_name: "PutRequests",
        dimensions: { BucketName: `${functionName}-failed`, FilterId: "EntireBucket" },
        comparison_operator: "GreaterThanThreshold",
        threshold: 0,
      });
      expect(alarm("critical_enrichment_dead_letter_store_depth")).toMatchObject({
        namespace: "AWS/SQS",
        metric_name: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: `${functionName}-malformed` },
        comparison_operator: "GreaterThanThreshold",
        threshold: 0,
      });
    });

    test("a dashboard of throughput, latency p99, batch processing time, errors and consumer lag", () => {
      const dashboard = stack("alarms").resource("aws_cloudwatch_dashboard", "dashboard_resource");
      expect(dashboard.dashboard_name).toBe(`acme-${name}-blueprint-alarms`);
      const widgets = JSON.parse(dashboard.dashboard_body).widgets as { type: string; properties: { title: string; metrics?: unknown[][] } }[];
      const byTitle = Object.fromEntries(widgets.map((widget) => [widget.properties.title, widget]));
      expect(Object.keys(byTitle)).toEqual(
        expect.arrayContaining(["Alarms", "Throughput (records)", "Latency p99 (ms)", "Batch processing time (ms)", "Errors", "Consumer lag (ms)"]),
      );
      expect(byTitle["Latency p99 (ms)"]!.properties.metrics).toContainEqual(["AWS/Lambda", "Duration", "FunctionName", functionName, expect.objectContaining({ stat: "p99" })]);
      expect(byTitle["Batch processing time (ms)"]!.properties.metrics).toContainEqual(["AWS/Lambda", "Duration", "FunctionName", functionName, expect.objectContaining({ stat: "Average" })]);
      expect(byTitle["Throughput (records)"]!.properties.metrics).toContainEqual(["AWS/Kinesis", "IncomingRecords", "StreamName", streamName, expect.objectContaining({ stat: "Sum" })]);
      expect(byTitle["Consumer lag (ms)"]!.properties.metrics).toContainEqual(
        ["AWS/Kinesis", "SubscribeToShardEvent.MillisBehindLatest", "StreamName", streamName, "ConsumerName", "enrichment", expect.objectContaining({ stat: "Maximum" })],
      );
    });
  });
});
