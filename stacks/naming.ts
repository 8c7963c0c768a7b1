import { AlertTopic } from "../modules/alert-topic";
import { PipelineAlarms } from "../modules/alarms/pipeline-alarms";
import { PipelineDashboard } from "../modules/alarms/pipeline-dashboard";
import { DynamoDbTable } from "../modules/dynamodb-table/dynamodb-table";
import { FirehoseOpenSearch } from "../modules/firehose-opensearch/firehose-opensearch";
import { FirehoseS3 } from "../modules/firehose-s3/firehose-s3";
import { HttpIngestApi } from "../modules/http-ingest-api/http-ingest-api";
import { KinesisAnalytics } from "../modules/kinesis-analytics/kinesis-analytics";
import { KinesisIngest } from "../modules/kinesis-ingest/kinesis-ingest";
import { LambdaEnrichment } from "../modules/lambda-enrichment/lambda-enrichment";
import { OpenSearchDomain } from "../modules/opensearch-domain/opensearch-domain";
import { SecureBucket } from "../modules/secure-bucket/secure-bucket";
import { type AwsLocation, partitionOf } from "../modules/shared/arn";
import { Label } from "../modules/shared/label";
import type { EnvironmentConfig } from "../envs/schema/environment";

/** `<env>-<pipeline>-<component>`: the stack's name, its state key and its `cdktf deploy` argument. */
export function stackName(env: Pick<EnvironmentConfig, "name">, pipeline: string, component: string): string {
  return `${env.name}-${pipeline}-${component}`;
}

/** The label every resource of one component is named from: namespace-env-stage-pipeline-component. */
export function componentLabel(env: EnvironmentConfig, pipeline: string, component: string): Label {
  return new Label({ namespace: env.namespace, environment: env.name, stage: env.stage, name: pipeline, attributes: [component] });
}

/** The label of environment-wide resources (budget alarm). */
export function environmentLabel(env: EnvironmentConfig, component: string): Label {
  return new Label({ namespace: env.namespace, environment: env.name, stage: env.stage, attributes: [component] });
}

/** Partition, region and account of an environment: enough to build any ARN before deploying. */
export function locationOf(env: EnvironmentConfig): AwsLocation {
  return { partition: partitionOf(env.region), region: env.region, accountId: env.accountId };
}

/** The pipeline's stream components, by config key, and the component (stack) that deploys each. */
export const STREAM_COMPONENTS = { stream: "stream", outputStream: "output-stream" } as const;

/** Which of a pipeline's streams: its input `stream` or the `outputStream` analytics and processors write. */
export type StreamSource = keyof typeof STREAM_COMPONENTS;

/** The component whose stack deploys a pipeline's tables. */
export const TABLES_COMPONENT = "tables";

/** The label a pipeline table is named from: the `tables` component's label plus the table's name. */
export function tableLabel(tablesLabel: Label, tableName: string): Label {
  return tablesLabel.with(tableName);
}

/** Names and ARN of a pipeline stream (`stream` or `output-stream` component). */
export interface StreamNames {
  readonly streamName: string;
  readonly streamArn: string;
  /** The alias of the key the stream stack creates when the stream uses a customer-managed key. */
  readonly encryptionKeyAliasName: string;
}

/** Names and ARNs of a processor component (lambda-enrichment). */
export interface ProcessorNames {
  readonly functionName: string;
  readonly functionArn: string;
  /** The bucket Lambda writes invocations it gave up on to. */
  readonly onFailureBucketName: string;
  readonly deadLetterStoreQueueName: string;
  readonly deadLetterStoreQueueArn: string;
  /** The topic the processor stack creates when the processor has `alertTopic`. */
  readonly alertTopicName: string;
  readonly alertTopicArn: string;
}

/**
 * Every component's resource names and ARNs, computed from the labels the component stacks name
 * their resources with, through the modules' own `…NameOf` / `…ArnOf` helpers. Stacks that refer to
 * another component, the alarms that watch it and the operator CLI all read names here, so a module
 * that changes how it names a resource changes every reader with it.
 */
export class PipelineNames {
  readonly location: AwsLocation;

  constructor(
    readonly env: EnvironmentConfig,
    readonly pipeline: string,
  ) {
    this.location = locationOf(env);
  }

  /** The label of one component of this pipeline. */
  label(component: string): Label {
    return componentLabel(this.env, this.pipeline, component);
  }

  /** The pipeline's input stream or output stream. */
  stream(source: StreamSource): StreamNames {
    const label = this.label(STREAM_COMPONENTS[source]);
    return {
      streamName: KinesisIngest.streamNameOf(label),
      streamArn: KinesisIngest.streamArnOf(label, this.location),
      encryptionKeyAliasName: KinesisIngest.encryptionKeyAliasNameOf(label),
    };
  }

  /** One of the pipeline's tables (`tables` component). */
  table(tableName: string): { readonly tableName: string; readonly tableArn: string } {
    const label = tableLabel(this.label(TABLES_COMPONENT), tableName);
    return { tableName: DynamoDbTable.tableNameOf(label), tableArn: DynamoDbTable.tableArnOf(label, this.location) };
  }

  /** A processor, by its name (which is its component). */
  processor(processorName: string): ProcessorNames {
    const label = this.label(processorName);
    const alerts = this.alertTopicLabel(processorName);
    return {
      functionName: LambdaEnrichment.functionNameOf(label),
      functionArn: LambdaEnrichment.functionArnOf(label, this.location),
      onFailureBucketName: LambdaEnrichment.onFailureBucketNameOf(label),
      deadLetterStoreQueueName: LambdaEnrichment.deadLetterStoreQueueNameOf(label),
      deadLetterStoreQueueArn: LambdaEnrichment.deadLetterStoreQueueArnOf(label, this.location),
      alertTopicName: AlertTopic.topicNameOf(alerts),
      alertTopicArn: AlertTopic.topicArnOf(alerts, this.location),
    };
  }

  /** The label of a processor's alert topic: the processor's label plus `alerts`. */
  alertTopicLabel(processorName: string): Label {
    return this.label(processorName).with("alerts");
  }

  /** The archive component: its delivery stream (firehose-s3) and the bucket the archive stack creates. */
  archive(): { readonly deliveryStreamName: string; readonly deliveryStreamArn: string; readonly bucketName: string; readonly bucketArn: string } {
    const label = this.label("archive");
    return {
      deliveryStreamName: FirehoseS3.deliveryStreamNameOf(label),
      deliveryStreamArn: FirehoseS3.deliveryStreamArnOf(label, this.location),
      bucketName: SecureBucket.bucketNameOf(label),
      bucketArn: SecureBucket.bucketArnOf(label, this.location),
    };
  }

  /** The search component: its delivery stream (firehose-opensearch), the domain and the backup bucket it creates. */
  search(): {
    readonly deliveryStreamName: string;
    readonly deliveryStreamArn: string;
    readonly domainName: string;
    readonly domainArn: string;
    readonly backupBucketName: string;
    /** The delivery role, mapped to the domain's writer role after deploy. */
    readonly deliveryRoleArn: string;
    /** The administrator role created as the domain's master user when `domain.masterUserArn` is unset. */
    readonly domainAdminRoleArn: string;
  } {
    const label = this.label("search");
    const roleArn = (name: string) => `arn:${this.location.partition}:iam::${this.location.accountId}:role/${name}`;
    return {
      deliveryStreamName: FirehoseOpenSearch.deliveryStreamNameOf(label),
      deliveryStreamArn: FirehoseOpenSearch.deliveryStreamArnOf(label, this.location),
      domainName: OpenSearchDomain.domainNameOf(label),
      domainArn: OpenSearchDomain.domainArnOf(label, this.location),
      backupBucketName: FirehoseOpenSearch.backupBucketNameOf(label),
      deliveryRoleArn: roleArn(FirehoseOpenSearch.deliveryRoleNameOf(label)),
      domainAdminRoleArn: roleArn(FirehoseOpenSearch.domainAdminRoleNameOf(label)),
    };
  }

  /** The analytics component's Flink application. */
  analytics(): { readonly applicationName: string; readonly applicationArn: string } {
    const label = this.label("analytics");
    return { applicationName: KinesisAnalytics.applicationNameOf(label), applicationArn: KinesisAnalytics.applicationArnOf(label, this.location) };
  }

  /** The api component: the HTTP API's name and its function. */
  api(): { readonly apiName: string; readonly functionName: string; readonly functionArn: string } {
    const label = this.label("api");
    return { apiName: HttpIngestApi.apiNameOf(label), functionName: HttpIngestApi.functionNameOf(label), functionArn: HttpIngestApi.functionArnOf(label, this.location) };
  }

  /** The alarms component: the topic its alarms notify and its dashboard. */
  alarms(): { readonly topicName: string; readonly topicArn: string; readonly dashboardName: string } {
    const label = this.label("alarms");
    return { topicName: PipelineAlarms.topicNameOf(label), topicArn: PipelineAlarms.topicArnOf(label, this.location), dashboardName: PipelineDashboard.dashboardNameOf(label) };
  }
}

/** The names of every component of `pipeline` in `env`. */
export function pipelineNames(env: EnvironmentConfig, pipeline: string): PipelineNames {
  return new PipelineNames(env, pipeline);
}
