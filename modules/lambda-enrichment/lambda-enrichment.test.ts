import { describe, expect, test } from "vitest";
import type { TerraformStack } from "cdktf";
import { KinesisIngest } from "../kinesis-ingest";
import { Label } from "../shared/label";
import type { Grantee } from "../shared/policy";
import { TEST_LOCATION, constructTree, synth, testStack, type Synthesized } from "../shared/testing";
import { LambdaEnrichment, type LambdaEnrichmentProps } from "./lambda-enrichment";
import type { LookupTable } from "./refs";
import { testBundle } from "./testing";

const label = new Label({ namespace: "acme", environment: "dev", name: "iops", attributes: ["enricher"] });
const streamLabel = new Label({ namespace: "acme", environment: "dev", name: "iops" });
const outputLabel = new Label({ namespace: "acme", environment: "dev", name: "iops", attributes: ["enriched"] });
const code = testBundle("enrichment");
const STREAM_ARN = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-dev-iops";
const OUTPUT_ARN = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-dev-iops-enriched";
const READ_STATEMENT = {
  Effect: "Allow",
  Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
  Resource: [STREAM_ARN],
};

function importedStream(stack: TerraformStack, id = "Stream", streamName = "acme-dev-iops") {
  return KinesisIngest.fromAttributes(stack, id, { streamName, location: TEST_LOCATION });
}

function build(props: Partial<LambdaEnrichmentProps> = {}): { stack: TerraformStack; enrichment: LambdaEnrichment; out: Synthesized } {
  const stack = testStack();
  const enrichment = new LambdaEnrichment(stack, "Enricher", {
    label,
    handler: "enrichment",
    code,
    stream: importedStream(stack),
    ...props,
  });
  return { stack, enrichment, out: synth(stack) };
}

function ref(out: Synthesized, type: string, attribute: string, index = 0): string {
  const name = Object.keys(out.resources(type))[index];
  if (name === undefined) throw new Error(`no ${type}`);
  return `\${${type}.${name}.${attribute}}`;
}

/** A lookup table from the dynamodb-table module's point of view: it grants what it chooses. */
function lookupTable(): LookupTable {
  return {
    tableName: "acme-dev-customers",
    grantReadData: (grantee: Grantee) =>
      grantee.addToPolicy({ sid: "ReadLookup", actions: ["dynamodb:GetItem", "dynamodb:BatchGetItem"], resources: ["arn:aws:dynamodb:eu-west-1:111122223333:table/acme-dev-customers"] }),
  };
}

describe("LambdaEnrichment defaults", () => {
  test("a function on nodejs22.x arm64 with tracing, reserved concurrency and the bundle as an asset with its hash", () => {
    const { out } = build();
    const fn = out.only("aws_lambda_function");
    expect(fn).toMatchObject({
      function_name: "acme-dev-iops-enricher",
      role: ref(out, "aws_iam_role", "arn"),
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memory_size: 256,
      timeout: 60,
      reserved_concurrent_executions: 10,
      tracing_config: { mode: "Active" },
      source_code_hash: code.sourceCodeHash,
      depends_on: [`aws_cloudwatch_log_group.${Object.keys(out.resources("aws_cloudwatch_log_group"))[0]}`],
    });
    expect(fn.filename).toMatch(/^assets\/.+\/enrichment-[0-9a-f]{8}\.zip$/);
    expect(fn.environment).toBeUndefined();
  });

  test("a log group /aws/lambda/<name> kept 30 days, created before the function", () => {
    const { out } = build();
    expect(out.only("aws_cloudwatch_log_group")).toEqual({ name: "/aws/lambda/acme-dev-iops-enricher", retention_in_days: 30 });
  });

  test("an event source mapping that survives bad records", () => {
    const { out } = build();
    const mapping = out.only("aws_lambda_event_source_mapping");
    expect(mapping).toEqual({
      function_name: ref(out, "aws_lambda_function", "arn"),
      event_source_arn: STREAM_ARN,
      enabled: true,
      starting_position: "LATEST",
      batch_size: 100,
      maximum_batching_window_in_seconds: 0,
      parallelization_factor: 1,
      maximum_retry_attempts: 3,
      maximum_record_age_in_seconds: 3600,
      bisect_batch_on_function_error: true,
      function_response_types: ["ReportBatchItemFailures"],
      destination_config: { on_failure: { destination_arn: ref(out, "aws_sqs_queue", "arn") } },
      depends_on: [`aws_iam_role_policy.${Object.keys(out.resources("aws_iam_role_policy"))[0]}`],
    });
  });

  test("an on-failure queue encrypted with SSE-SQS, kept 14 days, refusing requests without TLS", () => {
    const { out, enrichment } = build();
    expect(out.only("aws_sqs_queue")).toEqual({
      name: "acme-dev-iops-enricher-dlq",
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 1_209_600,
    });
    const policy = out.only("aws_sqs_queue_policy");
    expect(policy.queue_url).toBe(ref(out, "aws_sqs_queue", "url"));
    expect(JSON.parse(policy.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "sqs:*",
          Resource: ref(out, "aws_sqs_queue", "arn"),
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    });
    expect(enrichment.deadLetterQueueName).toBe("acme-dev-iops-enricher-dlq");
  });

  test("the role may write its own logs and traces, read the stream and send to the on-failure queue, nothing more", () => {
    const { out } = build();
    expect(out.only("aws_iam_role").name).toBe("acme-dev-iops-enricher");
    expect(out.rolePolicyStatements()).toEqual([
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [`${ref(out, "aws_cloudwatch_log_group", "arn")}:*`],
      },
      { Sid: "WriteTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: ["*"] },
      READ_STATEMENT,
      { Sid: "SendToOnFailureQueue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [ref(out, "aws_sqs_queue", "arn")] },
    ]);
  });

  test("attributes and metrics are named from the label", () => {
    const { enrichment } = build();
    expect(enrichment.functionName).toBe("acme-dev-iops-enricher");
    expect(enrichment.roleName).toMatch(/^\$\{TfToken/);
    expect(enrichment.logGroupName).toBe("/aws/lambda/acme-dev-iops-enricher");
    expect(enrichment.metricIteratorAge()).toEqual({
      namespace: "AWS/Lambda",
      metricName: "IteratorAge",
      dimensions: { FunctionName: "acme-dev-iops-enricher" },
      statistic: "Maximum",
      periodSeconds: 60,
      label: "IteratorAge",
    });
    expect(enrichment.metricDeadLetterQueueMessagesVisible().dimensions).toEqual({ QueueName: "acme-dev-iops-enricher-dlq" });
    expect(enrichment.consumerMetrics).toBeUndefined();
    expect(enrichment.deadLetterStoreQueueUrl).toBeUndefined();
  });

  test("the same source synthesizes the same configuration", () => {
    expect(JSON.stringify(build().out.json)).toBe(JSON.stringify(build().out.json));
  });

  test("construct tree", () => {
    const { stack } = build({ deadLetterStore: {} });
    expect(constructTree(stack)).toEqual([
      "test/Enricher",
      "test/Enricher/DeadLetterStore",
      "test/Enricher/DeadLetterStore/Policy",
      "test/Enricher/DeadLetterStore/Resource",
      "test/Enricher/EventSource",
      "test/Enricher/EventSource/DeadLetterQueue",
      "test/Enricher/EventSource/DeadLetterQueue/Policy",
      "test/Enricher/EventSource/DeadLetterQueue/Resource",
      "test/Enricher/EventSource/Resource",
      "test/Enricher/Function",
      "test/Enricher/Function/Code",
      "test/Enricher/Function/LogGroup",
      "test/Enricher/Function/Resource",
      "test/Enricher/Function/ServiceRole",
      "test/Enricher/Function/ServiceRole/Policy",
      "test/Enricher/Function/ServiceRole/Resource",
      "test/Stream",
    ]);
  });
});

describe("LambdaEnrichment function options", () => {
  test("runtime, architecture, memory, timeout, concurrency, tracing, environment and log retention", () => {
    const { out } = build({
      runtime: "nodejs20.x",
      architecture: "x86_64",
      memorySizeMb: 1024,
      timeoutSeconds: 120,
      reservedConcurrentExecutions: 40,
      tracing: "PassThrough",
      environment: { LOG_LEVEL: "DEBUG", POWERTOOLS_SERVICE_NAME: "enricher" },
      logRetentionDays: 7,
    });
    expect(out.only("aws_lambda_function")).toMatchObject({
      runtime: "nodejs20.x",
      architectures: ["x86_64"],
      memory_size: 1024,
      timeout: 120,
      reserved_concurrent_executions: 40,
      tracing_config: { mode: "PassThrough" },
      environment: { variables: { LOG_LEVEL: "DEBUG", POWERTOOLS_SERVICE_NAME: "enricher" } },
    });
    expect(out.only("aws_cloudwatch_log_group").retention_in_days).toBe(7);
    expect(out.statementsWithAction("xray:PutTraceSegments")).toEqual([]);
  });

  test("unreserved concurrency is an explicit opt-out", () => {
    expect(build({ reservedConcurrentExecutions: "unreserved" }).out.only("aws_lambda_function").reserved_concurrent_executions).toBe(-1);
  });
});

describe("LambdaEnrichment access options", () => {
  test("a lookup table: its grant and its name in LOOKUP_TABLE_NAME", () => {
    const { out } = build({ lookupTable: lookupTable() });
    expect(out.only("aws_lambda_function").environment).toEqual({ variables: { LOOKUP_TABLE_NAME: "acme-dev-customers" } });
    expect(out.statementsWithAction("dynamodb:GetItem")).toEqual([
      { Sid: "ReadLookup", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:BatchGetItem"], Resource: ["arn:aws:dynamodb:eu-west-1:111122223333:table/acme-dev-customers"] },
    ]);
  });

  test("an output stream: write access and its name in OUTPUT_STREAM_NAME", () => {
    const stack = testStack();
    new LambdaEnrichment(stack, "Enricher", {
      label,
      handler: "enrichment",
      code,
      stream: importedStream(stack),
      outputStream: KinesisIngest.fromAttributes(stack, "Output", { streamName: outputLabel.id("kinesisStream"), location: TEST_LOCATION }),
    });
    const out = synth(stack);
    expect(out.only("aws_lambda_function").environment).toEqual({ variables: { OUTPUT_STREAM_NAME: "acme-dev-iops-enriched" } });
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
    expect(out.only("aws_lambda_function").environment).toEqual({ variables: { ALERT_TOPIC_ARN: topicArn } });
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
    expect(out.count("aws_sqs_queue_policy")).toBe(2);
    expect(out.only("aws_lambda_function").environment).toEqual({ variables: { DEAD_LETTER_QUEUE_URL: `\${aws_sqs_queue.${storeName}.url}` } });
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
    expect(out.only("aws_lambda_function").environment).toEqual({ variables: { DEAD_LETTER_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/111122223333/bad" } });
    expect(out.rolePolicyStatements().slice(2)).toEqual([
      { Sid: "KeepMalformedRecords", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ["arn:aws:sqs:eu-west-1:111122223333:bad"] },
      READ_STATEMENT,
      { Sid: "SendToOnFailureQueue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ["arn:aws:sqs:eu-west-1:111122223333:shared-dlq"] },
      { Sid: "SendToOnFailureQueueKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: [keyArn] },
    ]);
    expect(enrichment.deadLetterQueueUrl).toBe("https://sqs.eu-west-1.amazonaws.com/111122223333/shared-dlq");
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
    const enrichment = new LambdaEnrichment(stack, "Enricher", { label, handler: "enrichment", code, stream, consumerName: "enricher" });
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

  test("enhanced fan-out on a stream from another stack: the consumer's exact ARN is looked up by name", () => {
    const { out } = build({ consumerName: "enricher" });
    const lookups = out.json.data?.aws_kinesis_stream_consumer ?? {};
    const [lookupName] = Object.keys(lookups);
    expect(lookups[lookupName!]).toEqual({ name: "enricher", stream_arn: STREAM_ARN });
    expect(out.only("aws_lambda_event_source_mapping").event_source_arn).toBe(`\${data.aws_kinesis_stream_consumer.${lookupName}.arn}`);
    expect(out.statementsWithAction("kinesis:SubscribeToShard")).toEqual([
      { Effect: "Allow", Action: ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"], Resource: [`${STREAM_ARN}/consumer/enricher:*`] },
    ]);
  });
});
