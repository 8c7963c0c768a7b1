import { describe, expect, test } from "vitest";
import { KinesisIngest } from "../kinesis-ingest";
import { TEST_LOCATION, synth, testStack } from "../shared/testing";
import { LambdaEnrichment } from "./lambda-enrichment";
import { OUTPUT_ARN, READ_STATEMENT, STREAM_ARN, build, code, importedStream, label, lookupTable, outputLabel, ref, streamLabel } from "./testing";

describe("LambdaEnrichment access options", () => {
  test("a lookup table: its grant and its name in LOOKUP_TABLE_NAME", () => {
    const { out } = build({ lookupTable: lookupTable() });
    expect(out.only("aws_lambda_function").environment).toEqual({ variables: { NODE_OPTIONS: "--enable-source-maps", LOOKUP_TABLE_NAME: "acme-dev-customers" } });
    expect(out.statementsWithAction("dynamodb:BatchGetItem")).toEqual([
      { Sid: "ReadLookup", Effect: "Allow", Action: ["dynamodb:BatchGetItem"], Resource: ["arn:aws:dynamodb:eu-west-1:111122223333:table/acme-dev-customers"] },
    ]);
  });

  test("an output stream: write access and its name in OUTPUT_STREAM_NAME", () => {
    const stack = testStack();
    new LambdaEnrichment(stack, "Enricher", {
      label,
        code,
      stream: importedStream(stack),
      outputStream: KinesisIngest.fromAttributes(stack, "Output", { streamName: outputLabel.id("kinesisStream"), location: TEST_LOCATION }),
    });
    const out = synth(stack);
    expect(out.only("aws_lambda_function").environment).toEqual({ variables: { NODE_OPTIONS: "--enable-source-maps", OUTPUT_STREAM_NAME: "acme-dev-iops-enriched" } });
    expect(out.statementsWithAction("kinesis:PutRecords")).toEqual([
      {
        Effect: "Allow",
        Action: ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"],
        Resource: [OUTPUT_ARN],
      },
    ]);
  });

  test("an alert topic with a customer key: publish and the key's data-key actions, its ARN in ALERT_TOPIC_ARN", () => {
    const topicArn = "arn:aws:sns:eu-west-1:111122223333:acme-dev-alerts";
    const keyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const { out } = build({ alertTopic: { topicArn, kmsKeyArn: keyArn } });
    expect(out.only("aws_lambda_function").environment).toEqual({ variables: { NODE_OPTIONS: "--enable-source-maps", ALERT_TOPIC_ARN: topicArn } });
    expect(out.rolePolicyStatements().filter((s) => s.Sid?.startsWith("PublishAlerts"))).toEqual([
      { Sid: "PublishAlerts", Effect: "Allow", Action: ["sns:Publish"], Resource: [topicArn] },
      { Sid: "PublishAlertsKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: [keyArn] },
    ]);
  });

  test("a dead-letter store it creates: encrypted queue, SendMessage, its URL in DEAD_LETTER_QUEUE_URL", () => {
    const { out, enrichment } = build({ deadLetterStore: {} });
    const queues = out.resources("aws_sqs_queue");
    const storeName = Object.keys(queues).find((name) => queues[name]!.name === "acme-dev-iops-enricher-malformed")!;
    expect(queues[storeName]).toEqual({ name: "acme-dev-iops-enricher-malformed", sqs_managed_sse_enabled: true, message_retention_seconds: 1_209_600 });
    expect(out.count("aws_sqs_queue_policy")).toBe(1);
    expect(out.only("aws_lambda_function").environment).toEqual({ variables: { NODE_OPTIONS: "--enable-source-maps", DEAD_LETTER_QUEUE_URL: `\${aws_sqs_queue.${storeName}.url}` } });
    expect(out.statementsWithAction("sqs:SendMessage").find((s) => s.Sid === "KeepMalformedRecords")).toEqual({
      Sid: "KeepMalformedRecords",
      Effect: "Allow",
      Action: ["sqs:SendMessage"],
      Resource: [`\${aws_sqs_queue.${storeName}.arn}`],
    });
    expect(enrichment.deadLetterStoreQueueName).toBe("acme-dev-iops-enricher-malformed");
    expect(enrichment.deadLetterStoreMetrics?.metricApproximateAgeOfOldestMessage().dimensions).toEqual({ QueueName: "acme-dev-iops-enricher-malformed" });
  });

  test("given queues: the on-failure destination and the store are used as they are, with their keys", () => {
    const keyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const { out, enrichment } = build({
      onFailureQueue: { queueArn: "arn:aws:sqs:eu-west-1:111122223333:shared-dlq", queueUrl: "https://sqs.eu-west-1.amazonaws.com/111122223333/shared-dlq", queueName: "shared-dlq", kmsKeyArn: keyArn },
      deadLetterStore: { queue: { queueArn: "arn:aws:sqs:eu-west-1:111122223333:bad", queueUrl: "https://sqs.eu-west-1.amazonaws.com/111122223333/bad", queueName: "bad" } },
    });
    expect(out.count("aws_sqs_queue")).toBe(0);
    expect(out.only("aws_lambda_event_source_mapping").destination_config).toEqual({ on_failure: { destination_arn: "arn:aws:sqs:eu-west-1:111122223333:shared-dlq" } });
    expect(out.only("aws_lambda_function").environment).toEqual({ variables: { NODE_OPTIONS: "--enable-source-maps", DEAD_LETTER_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/111122223333/bad" } });
    expect(out.rolePolicyStatements().slice(2)).toEqual([
      { Sid: "KeepMalformedRecords", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ["arn:aws:sqs:eu-west-1:111122223333:bad"] },
      READ_STATEMENT,
      { Sid: "SendToOnFailureQueue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ["arn:aws:sqs:eu-west-1:111122223333:shared-dlq"] },
      { Sid: "SendToOnFailureQueueKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: [keyArn] },
    ]);
    expect(enrichment.deadLetterQueueUrl).toBe("https://sqs.eu-west-1.amazonaws.com/111122223333/shared-dlq");
  });
});

describe("LambdaEnrichment output options", () => {
  test("an output table: its write grant and its name in EVENTS_TABLE_NAME", () => {
    const tableArn = "arn:aws:dynamodb:eu-west-1:111122223333:table/acme-dev-events";
    const { out } = build({
      outputTable: {
        tableName: "acme-dev-events",
        grant: (grantee, ...actions) => grantee.addToPolicy({ sid: "WriteEvents", actions, resources: [tableArn] }),
      },
    });
    expect(out.only("aws_lambda_function").environment).toEqual({ variables: { NODE_OPTIONS: "--enable-source-maps", EVENTS_TABLE_NAME: "acme-dev-events" } });
    expect(out.statementsWithAction("dynamodb:BatchWriteItem")).toEqual([
      { Sid: "WriteEvents", Effect: "Allow", Action: ["dynamodb:BatchWriteItem"], Resource: [tableArn] },
    ]);
  });

  test("an output log group kept 7 days, written by the function only, its name in LOG_GROUP_NAME", () => {
    const { out, enrichment } = build({ outputLogGroup: {} });
    const groups = out.resources("aws_cloudwatch_log_group");
    const [outputName] = Object.entries(groups).find(([, g]) => g.name === "/streaming/acme-dev-iops-enricher")!;
    expect(groups[outputName]).toEqual({ name: "/streaming/acme-dev-iops-enricher", retention_in_days: 7 });
    expect(out.only("aws_lambda_function").environment).toEqual({ variables: { NODE_OPTIONS: "--enable-source-maps", LOG_GROUP_NAME: "/streaming/acme-dev-iops-enricher" } });
    expect(out.rolePolicyStatements().find((s) => s.Sid === "WriteOutputLogs")).toEqual({
      Sid: "WriteOutputLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: [`\${aws_cloudwatch_log_group.${outputName}.arn}:*`],
    });
    expect(enrichment.outputLogGroupName).toBe("/streaming/acme-dev-iops-enricher");
  });

  test("a named output log group with another retention", () => {
    const { out } = build({ outputLogGroup: { logGroupName: "/f5/bigip/errors", retentionDays: 14 } });
    expect(Object.values(out.resources("aws_cloudwatch_log_group"))).toContainEqual({ name: "/f5/bigip/errors", retention_in_days: 14 });
  });

  test("environment names follow the handler's, when overridden", () => {
    const topicArn = "arn:aws:sns:eu-west-1:111122223333:acme-dev-malformed";
    const { out } = build({ alertTopic: { topicArn }, deadLetterStore: {}, environmentNames: { alertTopicArn: "MALFORMED_TOPIC_ARN" } });
    const variables = out.only("aws_lambda_function").environment.variables;
    expect(Object.keys(variables).sort()).toEqual(["DEAD_LETTER_QUEUE_URL", "MALFORMED_TOPIC_ARN", "NODE_OPTIONS"]);
    expect(variables.MALFORMED_TOPIC_ARN).toBe(topicArn);
  });
});

describe("LambdaEnrichment event source options", () => {
  test("every mapping setting", () => {
    const { out } = build({
      startingPosition: "AT_TIMESTAMP",
      startingPositionTimestamp: "2025-01-31T00:00:00Z",
      batchSize: 500,
      maximumBatchingWindowSeconds: 5,
      parallelizationFactor: 4,
      tumblingWindowSeconds: 120,
      maximumRetryAttempts: 10,
      maximumRecordAgeSeconds: 7200,
      bisectBatchOnFunctionError: false,
      reportBatchItemFailures: false,
      filterPatterns: [{ data: { event_type: ["session_started"] } }, { partitionKey: [{ prefix: "tenant-" }] }],
      enabled: false,
    });
    const mapping = out.only("aws_lambda_event_source_mapping");
    expect(mapping).toMatchObject({
      enabled: false,
      starting_position: "AT_TIMESTAMP",
      starting_position_timestamp: "2025-01-31T00:00:00Z",
      batch_size: 500,
      maximum_batching_window_in_seconds: 5,
      parallelization_factor: 4,
      tumbling_window_in_seconds: 120,
      maximum_retry_attempts: 10,
      maximum_record_age_in_seconds: 7200,
      bisect_batch_on_function_error: false,
      filter_criteria: {
        filter: [{ pattern: '{"data":{"event_type":["session_started"]}}' }, { pattern: '{"partitionKey":[{"prefix":"tenant-"}]}' }],
      },
    });
    expect(mapping.function_response_types).toBeUndefined();
  });

  test("TRIM_HORIZON and infinite retries when explicitly allowed, bounded by record age", () => {
    const { out } = build({ startingPosition: "TRIM_HORIZON", maximumRetryAttempts: -1, allowInfiniteRetries: true, maximumRecordAgeSeconds: 600 });
    expect(out.only("aws_lambda_event_source_mapping")).toMatchObject({
      starting_position: "TRIM_HORIZON",
      maximum_retry_attempts: -1,
      maximum_record_age_in_seconds: 600,
    });
  });

  test("enhanced fan-out: the mapping reads the consumer's ARN, granted SubscribeToShard on it, with consumer metrics", () => {
    const stack = testStack();
    const stream = new KinesisIngest(stack, "Stream", { label: streamLabel, location: TEST_LOCATION, consumers: ["enricher"] });
    const enrichment = new LambdaEnrichment(stack, "Enricher", { label, code, stream, consumerName: "enricher" });
    const out = synth(stack);
    const consumerArn = ref(out, "aws_kinesis_stream_consumer", "arn");
    expect(out.only("aws_lambda_event_source_mapping").event_source_arn).toBe(consumerArn);
    const streamArn = ref(out, "aws_kinesis_stream", "arn");
    expect(out.rolePolicyStatements().slice(2, 4)).toEqual([
      { ...READ_STATEMENT, Resource: [streamArn] },
      { Effect: "Allow", Action: ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"], Resource: [consumerArn] },
    ]);
    expect(enrichment.consumerMetrics?.metricSubscribeToShardEventMillisBehindLatest()).toEqual({
      namespace: "AWS/Kinesis",
      metricName: "SubscribeToShardEvent.MillisBehindLatest",
      dimensions: { StreamName: "acme-dev-iops", ConsumerName: "enricher" },
      statistic: "Maximum",
      periodSeconds: 60,
      label: "SubscribeToShardEvent.MillisBehindLatest",
    });
  });

  test("enhanced fan-out on a stream from another stack: the function's stack registers the consumer, nothing is looked up", () => {
    const { out } = build({ consumerName: "enricher" });
    expect(out.json.data?.aws_kinesis_stream_consumer).toBeUndefined();
    const consumers = out.resources("aws_kinesis_stream_consumer");
    const [consumerName] = Object.keys(consumers);
    expect(consumers[consumerName!]).toEqual({ name: "enricher", stream_arn: STREAM_ARN });
    expect(out.only("aws_lambda_event_source_mapping").event_source_arn).toBe(`\${aws_kinesis_stream_consumer.${consumerName}.arn}`);
    expect(out.statementsWithAction("kinesis:SubscribeToShard")).toEqual([
      { Effect: "Allow", Action: ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"], Resource: [`${STREAM_ARN}/consumer/enricher:*`] },
    ]);
  });
});
