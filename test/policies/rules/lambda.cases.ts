import { patch, remove, type Resources, type RuleCase, stackOf } from "../fixtures";
import { mappingBisectOnError, mappingBoundedRetries, mappingOnFailureDestination, mappingReportsBatchItemFailures } from "./event-source-mapping";
import { lambdaLogGroup, lambdaReservedConcurrency, lambdaRuntime, lambdaTracing } from "./lambda";

const FUNCTION = "unit:aws_lambda_function.processor_function";
const MAPPING = "unit:aws_lambda_event_source_mapping.processor_mapping";

/** A consumer as lambda-enrichment builds it: traced, capped, logged, with a mapping that survives bad records. */
const consumer: Resources = {
  aws_lambda_function: {
    processor_function: {
      function_name: "acme-dev-enrichment",
      runtime: "nodejs22.x",
      reserved_concurrent_executions: 5,
      tracing_config: { mode: "Active" },
    },
  },
  aws_cloudwatch_log_group: { processor_logs: { name: "/aws/lambda/acme-dev-enrichment", retention_in_days: 30 } },
  aws_sqs_queue: { processor_dlq: { name: "acme-dev-enrichment-dlq", sqs_managed_sse_enabled: true } },
  aws_lambda_event_source_mapping: {
    processor_mapping: {
      event_source_arn: "arn:aws:kinesis:eu-west-1:111111111111:stream/acme-dev-stream",
      function_name: "${aws_lambda_function.processor_function.arn}",
      starting_position: "LATEST",
      bisect_batch_on_function_error: true,
      maximum_retry_attempts: 3,
      function_response_types: ["ReportBatchItemFailures"],
      destination_config: { on_failure: { destination_arn: "${aws_sqs_queue.processor_dlq.arn}" } },
    },
  },
};

const mapping = (changes: Record<string, unknown>) => stackOf(patch(consumer, "aws_lambda_event_source_mapping", "processor_mapping", changes));
const fn = (changes: Record<string, unknown>) => stackOf(patch(consumer, "aws_lambda_function", "processor_function", changes));

/** An SQS mapping: no shard to block, so the stream rules leave it alone. */
const queueMapping = patch(consumer, "aws_lambda_event_source_mapping", "processor_mapping", {
  event_source_arn: "${aws_sqs_queue.processor_dlq.arn}",
  starting_position: undefined,
  destination_config: undefined,
  bisect_batch_on_function_error: undefined,
});

/** A mapping on an enhanced fan-out consumer read from a data source, with no starting position to give it away. */
const fanOutWithoutDestination = stackOf(
  patch(consumer, "aws_lambda_event_source_mapping", "processor_mapping", {
    event_source_arn: "${data.aws_kinesis_stream_consumer.processor_consumer.arn}",
    starting_position: undefined,
    destination_config: undefined,
  }),
  { aws_kinesis_stream_consumer: { processor_consumer: { name: "enrichment", stream_arn: "arn:aws:kinesis:eu-west-1:111111111111:stream/acme-dev-stream" } } },
);

/** Cases of the Lambda function and event source mapping rules. */
export const lambdaCases: readonly RuleCase[] = [
  {
    rule: lambdaTracing,
    passing: stackOf(consumer),
    failing: [{ title: "with PassThrough tracing", stack: fn({ tracing_config: { mode: "PassThrough" } }), address: FUNCTION, reason: /tracing_config.mode must be "Active", got "PassThrough"/ }],
  },
  {
    rule: lambdaReservedConcurrency,
    passing: stackOf(consumer),
    failing: [
      { title: "without reserved concurrency", stack: fn({ reserved_concurrent_executions: undefined }), address: FUNCTION, reason: /must be set \(not -1\), got undefined/ },
      { title: "with -1 (unreserved)", stack: fn({ reserved_concurrent_executions: -1 }), address: FUNCTION, reason: /got -1/ },
    ],
  },
  {
    rule: lambdaRuntime,
    passing: stackOf(consumer),
    failing: [{ title: "on nodejs18.x", stack: fn({ runtime: "nodejs18.x" }), address: FUNCTION, reason: /runtime must be one of nodejs20.x, nodejs22.x, got "nodejs18.x"/ }],
  },
  {
    rule: lambdaLogGroup,
    passing: stackOf(patch(consumer, "aws_lambda_function", "processor_function", { logging_config: { log_format: "JSON", log_group: "${aws_cloudwatch_log_group.processor_logs.name}" } })),
    failing: [
      { title: "without its log group", stack: stackOf(remove(consumer, "aws_cloudwatch_log_group", "processor_logs")), address: FUNCTION, reason: /no aws_cloudwatch_log_group named \/aws\/lambda\/acme-dev-enrichment/ },
      { title: "logging to a group the stack does not manage", stack: fn({ logging_config: { log_group: "/elsewhere" } }), address: FUNCTION, reason: /\/elsewhere is not a log group of this stack/ },
    ],
  },
  {
    rule: mappingOnFailureDestination,
    passing: stackOf(queueMapping),
    failing: [
      { title: "without an on-failure destination", stack: mapping({ destination_config: undefined }), address: MAPPING, reason: /destination_config.on_failure.destination_arn is not set/ },
      { title: "reading an enhanced fan-out consumer without one", stack: fanOutWithoutDestination, address: MAPPING, reason: /destination_config.on_failure.destination_arn is not set/ },
    ],
  },
  {
    rule: mappingBisectOnError,
    passing: stackOf(consumer),
    failing: [{ title: "without bisect", stack: mapping({ bisect_batch_on_function_error: false }), address: MAPPING, reason: /must be true, got false/ }],
  },
  {
    rule: mappingBoundedRetries,
    passing: mapping({ maximum_retry_attempts: -1, maximum_record_age_in_seconds: 3600 }),
    failing: [
      { title: "retrying forever", stack: mapping({ maximum_retry_attempts: -1 }), address: MAPPING, reason: /retries are unbounded: maximum_retry_attempts -1/ },
      { title: "with no bound set", stack: mapping({ maximum_retry_attempts: undefined }), address: MAPPING, reason: /retries are unbounded/ },
    ],
  },
  {
    rule: mappingReportsBatchItemFailures,
    passing: stackOf(consumer),
    failing: [{ title: "without ReportBatchItemFailures", stack: mapping({ function_response_types: undefined }), address: MAPPING, reason: /must include ReportBatchItemFailures/ }],
  },
];
