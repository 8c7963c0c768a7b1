import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../../envs/schema/environment";
import { FraudDetectorEnv } from "../../functions/fraud-detector/config";
import { JsonSchemaValidatorEnv } from "../../functions/json-schema-validator/config";
import { DEFAULT_EVENTS_RETENTION_DAYS, StreamProcessorEnv } from "../../functions/stream-processor/config";
import { AlertTopic } from "../../modules/alert-topic";
import { DynamoDbTable } from "../../modules/dynamodb-table";
import { type FunctionAccessOptions, LambdaEnrichment } from "../../modules/lambda-enrichment";
import type { ProcessorComponentSchema } from "../../envs/schema/components";
import type { z } from "zod";
import { bundleFunction } from "../../functions/bundle";
import { ComponentStack, type ComponentStackProps } from "../component-stack";
import { pipelineNames } from "../naming";
import { importPipelineStream } from "../references";
import { FUNCTION_METRICS_NAMESPACE } from "../alarms/pipeline-monitoring";

type ProcessorConfig = z.output<typeof ProcessorComponentSchema>;

/**
 * json-schema-validator's record contract, minified into its environment (Lambda allows 4 KB of
 * variables in all; the module refuses more, naming the variable).
 */
function recordSchemaVariable(env: EnvironmentConfig, config: ProcessorConfig): Record<string, string> {
  if (config.schemaFile === undefined) return {};
  const schema: unknown = JSON.parse(readFileSync(join(env.envsDir, config.schemaFile), "utf8"));
  return { [JsonSchemaValidatorEnv.recordSchema]: JSON.stringify(schema) };
}

/** The pipeline's field mapping, as JSON in the handler's environment. */
function fieldMappingVariable(config: ProcessorConfig): Record<string, string> {
  return config.fieldMapping === undefined ? {} : { [FraudDetectorEnv.fieldMapping]: JSON.stringify(config.fieldMapping) };
}

/** Props of {@link ProcessorStack}. */
export interface ProcessorStackProps extends ComponentStackProps {
  readonly processor: ProcessorConfig;
}

/**
 * A Lambda consumer running one of the handlers in `functions/` (lambda-enrichment), with the
 * access its handler needs: the pipeline's table, the output stream, an alert topic, its own store
 * for records no retry can fix, or a log group for kept lines.
 */
export class ProcessorStack extends ComponentStack {
  readonly processor: LambdaEnrichment;
  readonly alertTopic?: AlertTopic;

  constructor(scope: Construct, props: ProcessorStackProps) {
    super(scope, props);
    const config = props.processor;
    if (config.alertTopic) {
      const label = pipelineNames(this.env, this.pipelineConfig.name).alertTopicLabel(config.name);
      this.alertTopic = new AlertTopic(this, "Alerts", { label, emailSubscriptions: this.env.notifications.emails });
    }
    this.processor = new LambdaEnrichment(this, "Processor", {
      label: this.label,
      code: bundleFunction(config.handler),
      description: `Consumes ${config.handler} records from a Kinesis stream`,
      stream: importPipelineStream(this, "SourceStream", this.env, this.pipelineConfig, config.source),
      memorySizeMb: config.memoryMiB,
      timeoutSeconds: config.timeoutSeconds,
      reservedConcurrentExecutions: config.reservedConcurrency,
      batchSize: config.batchSize,
      maximumBatchingWindowSeconds: config.batchWindowSeconds,
      parallelizationFactor: config.parallelizationFactor,
      startingPosition: config.startingPosition,
      maximumRetryAttempts: config.maximumRetryAttempts,
      maximumRecordAgeSeconds: config.maximumRecordAgeSeconds,
      consumerName: config.enhancedFanOut ? config.name : undefined,
      logRetentionDays: config.logRetentionDays,
      environment: {
        // The functions' EMF metrics carry the function name as their `service` dimension, which
        // the alarms stack derives the same way (malformed-rate alarm).
        POWERTOOLS_SERVICE_NAME: pipelineNames(this.env, this.pipelineConfig.name).processor(config.name).functionName,
        POWERTOOLS_METRICS_NAMESPACE: FUNCTION_METRICS_NAMESPACE,
        ...recordSchemaVariable(this.env, config),
        ...fieldMappingVariable(config),
        ...(config.handler === "stream-processor" ? { [StreamProcessorEnv.eventsRetentionDays]: String(config.eventRetentionDays ?? DEFAULT_EVENTS_RETENTION_DAYS) } : {}),
        ...Object.fromEntries(Object.entries(config.settings ?? {}).map(([key, value]) => [key, String(value)])),
      },
      ...this.handlerAccess(config),
    });
    this.output("lambda_enrichment_function_name", this.processor.functionName, "Name of the processing function");
    if (this.processor.onFailureBucketName) {
      this.output("lambda_enrichment_on_failure_bucket_name", this.processor.onFailureBucketName, "On-failure bucket of the event source mapping: every invocation Lambda gave up on, with its records' data");
    }
    if (this.processor.deadLetterStoreQueueUrl) {
      this.output("lambda_enrichment_dead_letter_store_queue_url", this.processor.deadLetterStoreQueueUrl, "Records the function could not process, with their data and reason");
    }
    if (this.alertTopic) this.output("alert_topic_topic_arn", this.alertTopic.topicArn, "Topic the function publishes alerts to");
  }

  /** What each handler reads and writes besides its stream. */
  private handlerAccess(config: ProcessorConfig): FunctionAccessOptions {
    const table = config.table
      ? DynamoDbTable.fromAttributes(this, "Table", {
          tableName: pipelineNames(this.env, this.pipelineConfig.name).table(config.table).tableName,
          location: this.location,
        })
      : undefined;
    const outputStream = config.writesToOutputStream ? importPipelineStream(this, "OutputStream", this.env, this.pipelineConfig, "outputStream") : undefined;
    const alertTopic = this.alertTopic ? { topicArn: this.alertTopic.topicArn } : undefined;
    switch (config.handler) {
      case "stream-processor":
        return { outputTable: table, alertTopic, deadLetterStore: {}, environmentNames: { alertTopicArn: "MALFORMED_TOPIC_ARN" } };
      case "enrichment":
        return { lookupTable: table, outputStream, deadLetterStore: {} };
      case "fraud-detector":
        return { alertTopic, deadLetterStore: {}, outputStream };
      case "log-filter":
        return { outputLogGroup: { retentionDays: config.outputLogRetentionDays } };
      case "json-schema-validator":
        return { outputStream, deadLetterStore: {} };
    }
  }
}
