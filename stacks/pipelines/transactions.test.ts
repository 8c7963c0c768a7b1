import { describe, expect, test } from "vitest";
import { SEED_002_FIELD_MAPPING } from "../../functions/fraud-detector/field-mapping";
import { buildEnvironment } from "../testing";

const PARTITIONS = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";
const ENVIRONMENTS = { staging: buildEnvironment("staging"), prod: buildEnvironment("prod") };

test("dev does not run the transactions pipeline", () => {
  expect(buildEnvironment("dev").names.filter((name) => name.includes("-transactions-"))).toEqual([]);
});

describe.each(Object.keys(ENVIRONMENTS) as (keyof typeof ENVIRONMENTS)[])("transactions in %s", (name) => {
  const environment = ENVIRONMENTS[name];
  const stack = (component: string) => environment.stack("transactions", component);
  const streamName = `acme-${name}-transactions-stream`;
  const outputStreamName = `acme-${name}-transactions-output-stream`;
  const streamArn = environment.arn("kinesis", `stream/${streamName}`);
  const outputStreamArn = environment.arn("kinesis", `stream/${outputStreamName}`);
  const anyKey = environment.arn("kms", "key/*");
  /** KMS use of a customer-managed stream key created in another stack: scoped by its alias and the stream. */
  const streamKeyGrant = (action: string, stream: string, arn: string) => ({
    Effect: "Allow",
    Action: [action],
    Resource: [anyKey],
    Condition: {
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": `alias/${stream}-stream` },
      StringEquals: { "kms:EncryptionContext:aws:kinesis:arn": arn },
    },
  });

  test("streams: on-demand, 168 h in and 24 h out, each encrypted with its own rotated customer-managed key", () => {
    for (const [component, streamNameOf, hours] of [["stream", streamName, 168], ["output-stream", outputStreamName, 24]] as const) {
      const streamStack = stack(component);
      expect(streamStack.resource("aws_kinesis_stream", "stream_resource")).toEqual({
        name: streamNameOf,
        retention_period: hours,
        stream_mode_details: { stream_mode: "ON_DEMAND" },
        shard_level_metrics: ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords"],
        encryption_type: "KMS",
        kms_key_id: "${aws_kms_key.stream_key_resource.arn}",
      });
      expect(streamStack.resource("aws_kms_key", "stream_key_resource")).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
      expect(streamStack.resource("aws_kms_alias", "stream_key_alias")).toEqual({
        name: `alias/${streamNameOf}-stream`,
        target_key_id: "${aws_kms_key.stream_key_resource.key_id}",
      });
    }
  });

  test("fraud-detector: reads the stream in seed 002's producer shape, AMOUNT_THRESHOLD 50000, alerts on its encrypted SNS topic", () => {
    const fraud = stack("fraud");
    const fn = fraud.resource("aws_lambda_function", "processor_function_resource");
    expect(fn).toMatchObject({ function_name: `acme-${name}-transactions-fraud`, runtime: "nodejs22.x", memory_size: 512, timeout: 60, reserved_concurrent_executions: 20 });
    expect(fn.environment.variables).toEqual({
      NODE_OPTIONS: "--enable-source-maps",
      ALERT_TOPIC_ARN: "${aws_sns_topic.alerts_resource.arn}",
      AMOUNT_THRESHOLD: "50000",
      NIGHT_START_HOUR: "23",
      NIGHT_END_HOUR: "5",
      FIELD_MAPPING: JSON.stringify(SEED_002_FIELD_MAPPING),
      DEAD_LETTER_QUEUE_URL: "${aws_sqs_queue.processor_dead_letter_store_resource.url}",
      POWERTOOLS_SERVICE_NAME: `acme-${name}-transactions-fraud`,
      POWERTOOLS_METRICS_NAMESPACE: "StreamingPlatform",
    });
    expect(fraud.resource("aws_sns_topic", "alerts_resource")).toEqual({ name: `acme-${name}-transactions-fraud-alerts`, kms_master_key_id: "alias/aws/sns" });
    expect(fraud.resource("aws_lambda_event_source_mapping", "processor_event_source_resource")).toMatchObject({
      event_source_arn: streamArn,
      batch_size: 100,
      function_response_types: ["ReportBatchItemFailures"],
      bisect_batch_on_function_error: true,
    });
  });

  test("fraud-detector: publishes to its topic and decrypts the stream, and may not write anywhere else", () => {
    const statements = stack("fraud").statements("processor_function_service_role_policy");
    expect(statements).toContainEqual({ Sid: "PublishAlerts", Effect: "Allow", Action: ["sns:Publish"], Resource: ["${aws_sns_topic.alerts_resource.arn}"] });
    expect(statements).toContainEqual(streamKeyGrant("kms:Decrypt", streamName, streamArn));
    // The on-failure bucket's writes (PutObject, its key's GenerateDataKey through S3) are the mapping's, not the handler's.
    const onFailure = statements.filter((statement) => JSON.stringify(statement).includes("on_failure_bucket"));
    expect(onFailure.flatMap((statement) => statement.Action)).toEqual(["s3:ListBucket", "s3:PutObject", "kms:GenerateDataKey"]);
    const actions = statements.filter((statement) => !onFailure.includes(statement)).flatMap((statement) => statement.Action);
    expect(actions.filter((action) => /^(kinesis:Put|dynamodb:|kms:GenerateDataKey|s3:)/.test(action))).toEqual([]);
  });

  test("enrichment: reads the customers table and writes the output stream, as exact IAM statements", () => {
    const enrichment = stack("enrichment");
    const tableArn = environment.arn("dynamodb", `table/acme-${name}-transactions-tables-customers`);
    const statements = enrichment.statements("processor_function_service_role_policy");
    expect(enrichment.statementWith("dynamodb:BatchGetItem")).toEqual({ Effect: "Allow", Action: ["dynamodb:BatchGetItem"], Resource: [tableArn] });
    expect(enrichment.statementWith("kinesis:PutRecords")).toEqual({
      Effect: "Allow",
      Action: ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"],
      Resource: [outputStreamArn],
    });
    expect(statements).toContainEqual(streamKeyGrant("kms:GenerateDataKey", outputStreamName, outputStreamArn));
    expect(statements).toContainEqual(streamKeyGrant("kms:Decrypt", streamName, streamArn));
    expect(statements.flatMap((statement) => statement.Action).filter((action) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(action))).toEqual([]);
  });

  test("enrichment: environment names the derived table and output stream", () => {
    const fn = stack("enrichment").resource("aws_lambda_function", "processor_function_resource");
    expect(fn).toMatchObject({ memory_size: 512, timeout: 60, reserved_concurrent_executions: 20 });
    expect(fn.environment.variables).toEqual({
      NODE_OPTIONS: "--enable-source-maps",
      LOOKUP_TABLE_NAME: `acme-${name}-transactions-tables-customers`,
      LOOKUP_KEY_FIELD: "cliente_id",
      LOOKUP_TABLE_KEY_ATTRIBUTE: "customer_id",
      MISSING_LOOKUP_MODE: "pass-through",
      OUTPUT_STREAM_NAME: outputStreamName,
      DEAD_LETTER_QUEUE_URL: "${aws_sqs_queue.processor_dead_letter_store_resource.url}",
      POWERTOOLS_SERVICE_NAME: `acme-${name}-transactions-enrichment`,
      POWERTOOLS_METRICS_NAMESPACE: "StreamingPlatform",
    });
    expect(stack("tables").resource("aws_dynamodb_table", "customers_resource")).toMatchObject({
      name: `acme-${name}-transactions-tables-customers`,
      hash_key: "customer_id",
      billing_mode: "PAY_PER_REQUEST",
    });
  });

  test("audit archive: 300 s / 64 MiB, GZIP, audit/ partitions, errors by type, bucket kept", () => {
    const archive = stack("archive");
    const delivery = archive.resource("aws_kinesis_firehose_delivery_stream", "archive_resource");
    expect(delivery.kinesis_source_configuration.kinesis_stream_arn).toBe(streamArn);
    expect(delivery.extended_s3_configuration).toMatchObject({
      buffering_interval: 300,
      buffering_size: 64,
      compression_format: "GZIP",
      prefix: `audit/${PARTITIONS}`,
      error_output_prefix: `errors/!{firehose:error-output-type}/${PARTITIONS}`,
    });
    expect(archive.statements("archive_role_policy")).toContainEqual(streamKeyGrant("kms:Decrypt", streamName, streamArn));
    expect(archive.resource("aws_s3_bucket", "bucket_resource").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("alarms: iterator age over 60 s and any write throttling on the stream", () => {
    const alarms = stack("alarms");
    expect(alarms.alarm("warning_stream_iterator_age")).toMatchObject({ dimensions: { StreamName: streamName }, threshold: 60000 });
    expect(alarms.alarm("warning_stream_write_throttle_ratio")).toMatchObject({ threshold: 0 });
    expect(alarms.alarm("warning_fraud_errors")).toMatchObject({ dimensions: { FunctionName: `acme-${name}-transactions-fraud` }, threshold: 0 });
  });
});
