import { block, type Rule, type RuleContext, type TfResource } from "../engine";

const STREAM_SOURCE_TYPES = ["aws_kinesis_stream", "aws_kinesis_stream_consumer", "aws_dynamodb_table"];

/**
 * Kinesis and DynamoDB streams are the sources whose failed batches block a shard; queues (SQS) and
 * brokers are out of scope. A mapping with a starting position always reads a stream.
 */
function readsStream(mapping: TfResource, context: RuleContext): boolean {
  const source = mapping.event_source_arn;
  const resolved = context.resolve(source);
  if (resolved) return STREAM_SOURCE_TYPES.includes(resolved.type);
  if (typeof source === "string" && /^arn:aws[a-z-]*:(kinesis|dynamodb):/.test(source)) return true;
  return mapping.starting_position !== undefined;
}

function streamRule(id: string, title: string, check: (mapping: TfResource) => string | undefined): Rule {
  return {
    id,
    title,
    resourceTypes: ["aws_lambda_event_source_mapping"],
    check: (mapping, context) => (readsStream(mapping, context) ? check(mapping) : undefined),
  };
}

/** A record the function cannot process goes to a dead-letter destination instead of disappearing. */
export const mappingOnFailureDestination = streamRule(
  "PLATFORM_ESM_ON_FAILURE",
  "Stream event source mapping has an on-failure (dead-letter) destination",
  (mapping) => {
    const arn = block(mapping.destination_config, "on_failure")?.destination_arn;
    return typeof arn === "string" && arn !== "" ? undefined : "destination_config.on_failure.destination_arn is not set";
  },
);

/** A failing batch is split until the bad record is isolated, so good records are not retried with it. */
export const mappingBisectOnError = streamRule(
  "PLATFORM_ESM_BISECT",
  "Stream event source mapping bisects a batch on function error",
  (mapping) => (mapping.bisect_batch_on_function_error === true ? undefined : `bisect_batch_on_function_error must be true, got ${JSON.stringify(mapping.bisect_batch_on_function_error)}`),
);

/** Retries stop (by count or by record age), so a poison record never blocks its shard forever. */
export const mappingBoundedRetries = streamRule(
  "PLATFORM_ESM_BOUNDED_RETRIES",
  "Stream event source mapping bounds its retries (maximum_retry_attempts 0-10000 or maximum_record_age_in_seconds 60-604800)",
  (mapping) => {
    const attempts = mapping.maximum_retry_attempts;
    const age = mapping.maximum_record_age_in_seconds;
    const attemptsBounded = typeof attempts === "number" && attempts >= 0 && attempts <= 10_000;
    const ageBounded = typeof age === "number" && age >= 60 && age <= 604_800;
    if (attemptsBounded || ageBounded) return undefined;
    return `retries are unbounded: maximum_retry_attempts ${JSON.stringify(attempts)}, maximum_record_age_in_seconds ${JSON.stringify(age)} (unset or -1 retries until the record expires)`;
  },
);

/** The function reports the records that failed, so only they are retried and sent to the destination. */
export const mappingReportsBatchItemFailures = streamRule(
  "PLATFORM_ESM_PARTIAL_BATCH",
  "Stream event source mapping reports batch item failures",
  (mapping) => {
    const types = mapping.function_response_types;
    return Array.isArray(types) && types.includes("ReportBatchItemFailures") ? undefined : `function_response_types must include ReportBatchItemFailures, got ${JSON.stringify(types)}`;
  },
);

/** The event source mapping rules. */
export const eventSourceMappingRules: readonly Rule[] = [mappingOnFailureDestination, mappingBisectOnError, mappingBoundedRetries, mappingReportsBatchItemFailures];
