import { describe, expect, test } from "vitest";
import { listEnvironments } from "../../envs/load";
import { type SynthesizedEnvironment, type SynthesizedStack, buildEnvironment } from "../testing";

const ENVIRONMENTS: Record<string, SynthesizedEnvironment> = Object.fromEntries(listEnvironments().map((name) => [name, buildEnvironment(name)]));

/** Alarm dimensions and the resource type and attribute whose value they must equal. */
const DIMENSION_OWNERS: Record<string, [string, string]> = {
  StreamName: ["aws_kinesis_stream", "name"],
  ConsumerName: ["aws_kinesis_stream_consumer", "name"],
  FunctionName: ["aws_lambda_function", "function_name"],
  service: ["aws_lambda_function", "function_name"],
  DeliveryStreamName: ["aws_kinesis_firehose_delivery_stream", "name"],
  QueueName: ["aws_sqs_queue", "name"],
  DomainName: ["aws_opensearch_domain", "domain_name"],
  Application: ["aws_kinesisanalyticsv2_application", "name"],
};

/** Which stack creates the resource of `type` whose `attribute` is `value`, across the environment. */
function ownerOf(environment: SynthesizedEnvironment, type: string, attribute: string, value: string): string | undefined {
  return environment.all().find((stack) => Object.values(stack.resources(type)).some((resource) => resource[attribute] === value))?.planned.name;
}

/** Every `<service>` ARN literal in a stack, as [region, account, resource name]. */
function arnsIn(stack: SynthesizedStack, service: string, kind: string): [string, string, string][] {
  const pattern = new RegExp(`arn:aws:${service}:([a-z0-9-]+):(\\d{12}):${kind}/([A-Za-z0-9_.-]+)`, "g");
  return [...JSON.stringify(stack.raw).matchAll(pattern)].map((match) => [match[1]!, match[2]!, match[3]!]);
}

function dimensionsOf(alarm: Record<string, any>): Record<string, string>[] {
  const queries = (alarm.metric_query ?? []) as { metric?: { dimensions?: Record<string, string> } }[];
  return [alarm.dimensions ?? {}, ...queries.map((query) => query.metric?.dimensions ?? {})];
}

describe.each(Object.keys(ENVIRONMENTS))("cross-stack references in %s", (name) => {
  const environment = ENVIRONMENTS[name]!;
  const { region, accountId } = environment.env;
  /** A stack may name another stack's resource only if it deploys after it. */
  const expectUpstream = (stack: SynthesizedStack, owner: string | undefined, what: string) => {
    expect(owner, `${stack.planned.name}: ${what} is created by no stack`).toBeDefined();
    if (owner !== stack.planned.name) expect(stack.planned.dependsOn, `${stack.planned.name} names ${what} of ${owner}`).toContain(owner);
  };

  test("every Kinesis stream ARN a stack names is the ARN of a stream a stack it depends on creates", () => {
    let checked = 0;
    for (const stack of environment.all()) {
      for (const [arnRegion, arnAccount, streamName] of arnsIn(stack, "kinesis", "stream")) {
        checked += 1;
        expect([arnRegion, arnAccount]).toEqual([region, accountId]);
        expectUpstream(stack, ownerOf(environment, "aws_kinesis_stream", "name", streamName), `stream ${streamName}`);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  test("every DynamoDB table ARN and *_TABLE_NAME a stack names is a table a stack it depends on creates", () => {
    let checked = 0;
    for (const stack of environment.all()) {
      const variables = Object.values(stack.resources("aws_lambda_function")).flatMap((fn) => Object.entries((fn.environment?.variables ?? {}) as Record<string, string>));
      const tables = [
        ...arnsIn(stack, "dynamodb", "table").map(([arnRegion, arnAccount, table]) => {
          expect([arnRegion, arnAccount]).toEqual([region, accountId]);
          return table;
        }),
        ...variables.filter(([key]) => key.endsWith("TABLE_NAME")).map(([, value]) => value),
      ];
      for (const table of tables) expectUpstream(stack, ownerOf(environment, "aws_dynamodb_table", "name", table), `table ${table}`);
      checked += tables.length;
    }
    expect(checked).toBeGreaterThan(0);
  });

  test("every *STREAM_NAME variable names a stream a stack it depends on creates", () => {
    for (const stack of environment.all()) {
      for (const fn of Object.values(stack.resources("aws_lambda_function"))) {
        for (const [key, value] of Object.entries((fn.environment?.variables ?? {}) as Record<string, string>)) {
          if (key.endsWith("STREAM_NAME")) expectUpstream(stack, ownerOf(environment, "aws_kinesis_stream", "name", value), `${key}=${value}`);
        }
      }
    }
  });

  test("every kms:ResourceAliases condition names the alias of a key a stack it depends on creates", () => {
    let checked = 0;
    for (const stack of environment.all()) {
      const aliases = Object.values(stack.resources("aws_iam_role_policy"))
        .flatMap((policy) => JSON.parse(policy.policy as string).Statement as { Condition?: Record<string, Record<string, string>> }[])
        .map((statement) => statement.Condition?.["ForAnyValue:StringEquals"]?.["kms:ResourceAliases"])
        .filter((alias): alias is string => alias !== undefined);
      for (const alias of aliases) expectUpstream(stack, ownerOf(environment, "aws_kms_alias", "name", alias), `key alias ${alias}`);
      checked += aliases.length;
    }
    const customerManaged = environment.env.pipelines.some((pipeline) => pipeline.stream?.encryption === "customer-managed");
    expect(checked > 0).toBe(customerManaged);
  });

  test("every alarm watches a resource, by the exact name another stack gives it", () => {
    const alarmStacks = environment.all().filter((stack) => stack.count("aws_cloudwatch_metric_alarm") > 0);
    expect(alarmStacks.length).toBeGreaterThan(0);
    for (const stack of alarmStacks) {
      for (const [alarmName, alarm] of Object.entries(stack.resources("aws_cloudwatch_metric_alarm"))) {
        for (const dimensions of dimensionsOf(alarm)) {
          for (const [dimension, value] of Object.entries(dimensions)) {
            if (dimension === "ClientId") expect(value, alarmName).toBe(accountId);
            const owner = DIMENSION_OWNERS[dimension];
            if (owner) expectUpstream(stack, ownerOf(environment, owner[0], owner[1], value), `${alarmName} ${dimension}=${value}`);
          }
        }
      }
    }
  });

  test("every enhanced fan-out consumer a processor reads is declared on the stream it reads", () => {
    for (const stack of environment.all()) {
      const consumers = (stack.json.data?.aws_kinesis_stream_consumer ?? {}) as Record<string, { name: string; stream_arn: string }>;
      for (const consumer of Object.values(consumers)) {
        const streamStack = environment.byName(ownerOf(environment, "aws_kinesis_stream", "name", consumer.stream_arn.split("/").pop()!)!);
        expect(Object.values(streamStack.resources("aws_kinesis_stream_consumer")).map((declared) => declared.name)).toContain(consumer.name);
        expect(stack.planned.dependsOn).toContain(streamStack.planned.name);
      }
    }
  });

  test("the archive's read grant and source name exactly the ARN the stream stack's stream will have", () => {
    const streamName = environment.stack("iops-events", "stream").resource("aws_kinesis_stream", "stream_resource").name as string;
    const archive = environment.stack("iops-events", "archive");
    const expected = `arn:aws:kinesis:eu-west-1:${accountId}:stream/${streamName}`;
    expect(archive.statementWith("kinesis:GetRecords").Resource).toEqual([expected]);
    expect(archive.resource("aws_kinesis_firehose_delivery_stream", "archive_resource").kinesis_source_configuration.kinesis_stream_arn).toBe(expected);
  });
});

test("the customer-managed key grant names exactly the alias the stream stack creates", () => {
  const prod = ENVIRONMENTS.prod!;
  const alias = prod.stack("transactions", "output-stream").resource("aws_kms_alias", "stream_key_alias").name as string;
  const outputStream = prod.stack("transactions", "output-stream").resource("aws_kinesis_stream", "stream_resource").name as string;
  // The other GenerateDataKey statement is the on-failure bucket's key, through S3.
  const streamKeyGrants = prod.stack("transactions", "enrichment").statements("processor_function_service_role_policy").filter((s) => s.Action.includes("kms:GenerateDataKey") && !JSON.stringify(s).includes("on_failure_bucket"));
  expect(streamKeyGrants).toHaveLength(1);
  expect(streamKeyGrants[0]).toEqual({
    Effect: "Allow",
    Action: ["kms:GenerateDataKey"],
    Resource: ["arn:aws:kms:eu-west-1:333333333333:key/*"],
    Condition: {
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": alias },
      StringEquals: { "kms:EncryptionContext:aws:kinesis:arn": `arn:aws:kinesis:eu-west-1:333333333333:stream/${outputStream}` },
    },
  });
});
