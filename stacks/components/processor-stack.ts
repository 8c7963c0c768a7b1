import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../../envs/schema/environment";
import { AlertTopic } from "../../modules/alert-topic";
import { DynamoDbTable } from "../../modules/dynamodb-table";
import { type EnvironmentNames, type FunctionAccessOptions, LambdaEnrichment } from "../../modules/lambda-enrichment";
import type { ProcessorComponentSchema } from "../../envs/schema/components";
import type { z } from "zod";
import { bundleFunction } from "../../functions/bundle";
import { ComponentStack, type ComponentStackProps } from "../component-stack";
import { pipelineNames } from "../naming";
import { importPipelineStream } from "../references";
import { METRICS_NAMESPACE, type HandlerContract } from "../../functions/shared/contract";
import { contractOf } from "../../envs/schema/handlers";

type ProcessorConfig = z.output<typeof ProcessorComponentSchema>;

/**
 * The record contract of a handler that reads one (json-schema-validator), minified into its
 * environment (Lambda allows 4 KB of variables in all; the module refuses more, naming the variable).
 */
function recordSchemaVariable(env: EnvironmentConfig, config: ProcessorConfig, contract: HandlerContract): Record<string, string> {
  const variable = contract.access.recordSchema?.variable;
  if (variable === undefined || config.schemaFile === undefined) return {};
  const schema: unknown = JSON.parse(readFileSync(join(env.envsDir, config.schemaFile), "utf8"));
  return { [variable]: JSON.stringify(schema) };
}

/**
 * The processor fields of the handler's own that its contract names (a field mapping, as JSON; an
 * event retention, always, its default when unset).
 */
function fieldVariables(config: ProcessorConfig, { fields }: HandlerContract): Record<string, string> {
  const variables: Record<string, string> = {};
  if (fields?.fieldMapping && config.fieldMapping !== undefined) variables[fields.fieldMapping.variable] = JSON.stringify(config.fieldMapping);
  if (fields?.eventRetentionDays) variables[fields.eventRetentionDays.variable] = String(config.eventRetentionDays ?? fields.eventRetentionDays.default);
  return variables;
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
    const contract = contractOf(config.handler);
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
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        ...recordSchemaVariable(this.env, config, contract),
        ...fieldVariables(config, contract),
        ...Object.fromEntries(Object.entries(config.settings ?? {}).map(([key, value]) => [key, String(value)])),
      },
      ...this.handlerAccess(config, contract),
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

  /** What the handler's contract says it reads and writes besides its stream, under the variable names it reads. */
  private handlerAccess(config: ProcessorConfig, { access }: HandlerContract): FunctionAccessOptions {
    const table = config.table
      ? DynamoDbTable.fromAttributes(this, "Table", {
          tableName: pipelineNames(this.env, this.pipelineConfig.name).table(config.table).tableName,
          location: this.location,
        })
      : undefined;
    const names: { -readonly [K in keyof EnvironmentNames]: string } = {};
    const granted = <T>(option: { readonly variable: string } | undefined, name: keyof EnvironmentNames, value: T): T | undefined => {
      if (option === undefined) return undefined;
      names[name] = option.variable;
      return value;
    };
    return {
      lookupTable: granted(access.lookupTable, "lookupTableName", table),
      outputTable: granted(access.outputTable, "outputTableName", table),
      outputStream: granted(access.outputStream, "outputStreamName", config.writesToOutputStream ? importPipelineStream(this, "OutputStream", this.env, this.pipelineConfig, "outputStream") : undefined),
      alertTopic: granted(access.alertTopic, "alertTopicArn", this.alertTopic ? { topicArn: this.alertTopic.topicArn } : undefined),
      deadLetterStore: granted(access.deadLetterStore, "deadLetterQueueUrl", {}),
      outputLogGroup: granted(access.outputLogGroup, "outputLogGroupName", { retentionDays: config.outputLogRetentionDays }),
      environmentNames: names,
    };
  }
}
