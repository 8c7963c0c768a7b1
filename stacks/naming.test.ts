import { describe, expect, test } from "vitest";
import { listEnvironments } from "../envs/load";
import { pipelineNames } from "./naming";
import { type SynthesizedEnvironment, buildEnvironment } from "./testing";

/** The value of `attribute` on every resource of `type` in one stack, or [] when the stack does not exist. */
function created(environment: SynthesizedEnvironment, pipeline: string, component: string, type: string, attribute: string): unknown[] {
  const name = `${environment.env.name}-${pipeline}-${component}`;
  if (!environment.names.includes(name)) return [];
  return Object.values(environment.byName(name).resources(type)).map((resource) => resource[attribute]);
}

describe.each(listEnvironments())("PipelineNames in %s", (envName) => {
  const environment = buildEnvironment(envName);

  test("every name it computes is the name the component's stack gives the resource", () => {
    let checked = 0;
    const expectCreated = (pipeline: string, component: string, type: string, attribute: string, value: string) => {
      expect(created(environment, pipeline, component, type, attribute)).toContain(value);
      checked += 1;
    };
    for (const pipeline of environment.env.pipelines) {
      const names = pipelineNames(environment.env, pipeline.name);
      for (const [source, component] of [["stream", "stream"], ["outputStream", "output-stream"]] as const) {
        if (pipeline[source]?.enabled) expectCreated(pipeline.name, component, "aws_kinesis_stream", "name", names.stream(source).streamName);
        if (pipeline[source]?.enabled && pipeline[source]?.encryption === "customer-managed") {
          expectCreated(pipeline.name, component, "aws_kms_alias", "name", names.stream(source).encryptionKeyAliasName);
        }
      }
      for (const table of Object.keys(pipeline.tables?.enabled ? pipeline.tables.tables : {})) {
        expectCreated(pipeline.name, "tables", "aws_dynamodb_table", "name", names.table(table).tableName);
      }
      for (const processor of (pipeline.processors ?? []).filter((p) => p.enabled)) {
        const processorNames = names.processor(processor.name);
        expectCreated(pipeline.name, processor.name, "aws_lambda_function", "function_name", processorNames.functionName);
        expectCreated(pipeline.name, processor.name, "aws_s3_bucket", "bucket", processorNames.onFailureBucketName);
        if (processor.alertTopic) expectCreated(pipeline.name, processor.name, "aws_sns_topic", "name", processorNames.alertTopicName);
      }
      if (pipeline.archive?.enabled) {
        expectCreated(pipeline.name, "archive", "aws_kinesis_firehose_delivery_stream", "name", names.archive().deliveryStreamName);
        expectCreated(pipeline.name, "archive", "aws_s3_bucket", "bucket", names.archive().bucketName);
      }
      if (pipeline.search?.enabled) {
        expectCreated(pipeline.name, "search", "aws_kinesis_firehose_delivery_stream", "name", names.search().deliveryStreamName);
        expectCreated(pipeline.name, "search", "aws_opensearch_domain", "domain_name", names.search().domainName);
        expectCreated(pipeline.name, "search", "aws_s3_bucket", "bucket", names.search().backupBucketName);
        expectCreated(pipeline.name, "search", "aws_iam_role", "name", names.search().deliveryRoleArn.split("/").pop()!);
        if (pipeline.search.domain?.masterUserArn === undefined) expectCreated(pipeline.name, "search", "aws_iam_role", "name", names.search().domainAdminRoleArn.split("/").pop()!);
      }
      if (pipeline.analytics?.enabled) {
        expectCreated(pipeline.name, "analytics", "aws_kinesisanalyticsv2_application", "name", names.analytics().applicationName);
      }
      if (pipeline.api?.enabled) {
        expectCreated(pipeline.name, "api", "aws_apigatewayv2_api", "name", names.api().apiName);
        expectCreated(pipeline.name, "api", "aws_lambda_function", "function_name", names.api().functionName);
      }
      if (pipeline.alarms?.enabled) {
        expectCreated(pipeline.name, "alarms", "aws_sns_topic", "name", names.alarms().topicName);
        if (pipeline.alarms.dashboard) expectCreated(pipeline.name, "alarms", "aws_cloudwatch_dashboard", "dashboard_name", names.alarms().dashboardName);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  test("ARNs are built from the same names, in the environment's account and region", () => {
    const [pipeline] = environment.env.pipelines;
    const names = pipelineNames(environment.env, pipeline!.name);
    const { region, accountId } = environment.env;
    expect(names.stream("stream").streamArn).toBe(`arn:aws:kinesis:${region}:${accountId}:stream/${names.stream("stream").streamName}`);
    expect(names.archive().deliveryStreamArn).toBe(`arn:aws:firehose:${region}:${accountId}:deliverystream/${names.archive().deliveryStreamName}`);
    expect(names.archive().bucketArn).toBe(`arn:aws:s3:::${names.archive().bucketName}`);
    expect(names.search().domainArn).toBe(`arn:aws:es:${region}:${accountId}:domain/${names.search().domainName}`);
    expect(names.analytics().applicationArn).toBe(`arn:aws:kinesisanalytics:${region}:${accountId}:application/${names.analytics().applicationName}`);
    expect(names.processor("p").functionArn).toBe(`arn:aws:lambda:${region}:${accountId}:function:${names.processor("p").functionName}`);
    expect(names.table("t").tableArn).toBe(`arn:aws:dynamodb:${region}:${accountId}:table/${names.table("t").tableName}`);
    expect(names.alarms().topicArn).toBe(`arn:aws:sns:${region}:${accountId}:${names.alarms().topicName}`);
  });
});
