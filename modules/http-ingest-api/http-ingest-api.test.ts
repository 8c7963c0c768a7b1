import { describe, expect, test } from "vitest";
import type { TerraformStack } from "cdktf";
import { KinesisIngest } from "../kinesis-ingest";
import { testBundle } from "../lambda-enrichment/testing";
import { Label } from "../shared/label";
import { ServiceRole } from "../shared/service-role";
import { TEST_LOCATION, constructTree, synth, testStack, type Synthesized } from "../shared/testing";
import { ACCESS_LOG_FORMAT } from "./defaults";
import { HttpIngestApi, type HttpIngestApiProps } from "./http-ingest-api";

const label = new Label({ namespace: "acme", environment: "dev", name: "iops", attributes: ["ingest"] });
const code = testBundle("ingest");
const STREAM_ARN = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-dev-iops";

function build(props: Partial<HttpIngestApiProps> = {}): { stack: TerraformStack; api: HttpIngestApi; out: Synthesized } {
  const stack = testStack();
  const stream = KinesisIngest.fromAttributes(stack, "Stream", { streamName: "acme-dev-iops", location: TEST_LOCATION });
  const api = new HttpIngestApi(stack, "Ingest", { label, code, stream, ...props });
  return { stack, api, out: synth(stack) };
}

function ref(out: Synthesized, type: string, attribute: string): string {
  return `\${${type}.${Object.keys(out.resources(type))[0]}.${attribute}}`;
}

function routes(out: Synthesized): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.values(out.resources("aws_apigatewayv2_route")).map((route) => [route.route_key as string, route]));
}

describe("HttpIngestApi defaults", () => {
  test("an HTTP API with two IAM-authorized routes to a Lambda proxy integration", () => {
    const { out } = build();
    expect(out.only("aws_apigatewayv2_api")).toEqual({
      name: "acme-dev-iops-ingest",
      protocol_type: "HTTP",
      description: "Accepts events over HTTPS and writes them to a Kinesis stream",
    });
    const apiId = ref(out, "aws_apigatewayv2_api", "id");
    expect(out.only("aws_apigatewayv2_integration")).toEqual({
      api_id: apiId,
      integration_type: "AWS_PROXY",
      integration_uri: ref(out, "aws_lambda_function", "arn"),
      integration_method: "POST",
      payload_format_version: "2.0",
      timeout_milliseconds: 30_000,
    });
    const target = `integrations/${ref(out, "aws_apigatewayv2_integration", "id")}`;
    expect(routes(out)).toEqual({
      "POST /events": { api_id: apiId, route_key: "POST /events", target, authorization_type: "AWS_IAM" },
      "POST /events/batch": { api_id: apiId, route_key: "POST /events/batch", target, authorization_type: "AWS_IAM" },
    });
    expect(out.count("aws_apigatewayv2_authorizer")).toBe(0);
  });

  test("a $default stage that auto-deploys, throttles and writes JSON access logs to a retained group", () => {
    const { out } = build();
    const accessLogGroup = Object.entries(out.resources("aws_cloudwatch_log_group")).find(([, g]) => g.name === "/aws/apigateway/acme-dev-iops-ingest/access")![0];
    expect(out.only("aws_apigatewayv2_stage")).toEqual({
      api_id: ref(out, "aws_apigatewayv2_api", "id"),
      name: "$default",
      auto_deploy: true,
      access_log_settings: { destination_arn: `\${aws_cloudwatch_log_group.${accessLogGroup}.arn}`, format: ACCESS_LOG_FORMAT },
      default_route_settings: { throttling_rate_limit: 100, throttling_burst_limit: 200 },
    });
    const groups = Object.values(out.resources("aws_cloudwatch_log_group"));
    expect(groups).toContainEqual({ name: "/aws/apigateway/acme-dev-iops-ingest/access", retention_in_days: 30 });
    expect(JSON.parse(ACCESS_LOG_FORMAT)).toMatchObject({ requestId: "$context.requestId", status: "$context.status", routeKey: "$context.routeKey" });
  });

  test("the ingest function: 10 s timeout, reserved concurrency 50, the stream name in STREAM_NAME", () => {
    const { out } = build();
    expect(out.only("aws_lambda_function")).toMatchObject({
      function_name: "acme-dev-iops-ingest",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      timeout: 10,
      memory_size: 256,
      reserved_concurrent_executions: 50,
      tracing_config: { mode: "Active" },
      environment: { variables: { NODE_OPTIONS: "--enable-source-maps", STREAM_NAME: "acme-dev-iops" } },
      source_code_hash: code.sourceCodeHash,
    });
  });

  test("API Gateway may invoke the function only through the two routes of this API", () => {
    const { out } = build();
    const executionArn = ref(out, "aws_apigatewayv2_api", "execution_arn");
    const functionRef = `aws_lambda_function.${Object.keys(out.resources("aws_lambda_function"))[0]}`;
    const permissions = Object.values(out.resources("aws_lambda_permission")).sort((a, b) => a.statement_id.localeCompare(b.statement_id));
    expect(permissions).toEqual([
      {
        statement_id: "AllowApiGatewayEvents",
        action: "lambda:InvokeFunction",
        function_name: "acme-dev-iops-ingest",
        principal: "apigateway.amazonaws.com",
        source_arn: `${executionArn}/*/POST/events`,
        depends_on: [functionRef],
      },
      {
        statement_id: "AllowApiGatewayEventsBatch",
        action: "lambda:InvokeFunction",
        function_name: "acme-dev-iops-ingest",
        principal: "apigateway.amazonaws.com",
        source_arn: `${executionArn}/*/POST/events/batch`,
        depends_on: [functionRef],
      },
    ]);
  });

  test("the function may write its logs and traces and put records on the stream, nothing more", () => {
    const { out } = build();
    const functionLogGroup = Object.entries(out.resources("aws_cloudwatch_log_group")).find(([, g]) => g.name === "/aws/lambda/acme-dev-iops-ingest")![0];
    expect(out.rolePolicyStatements()).toEqual([
      { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`\${aws_cloudwatch_log_group.${functionLogGroup}.arn}:*`] },
      { Sid: "WriteTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: ["*"] },
      { Effect: "Allow", Action: ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords"], Resource: [STREAM_ARN] },
    ]);
  });

  test("attributes and metrics", () => {
    const { api } = build();
    expect(api.apiName).toBe("acme-dev-iops-ingest");
    expect(api.stageName).toBe("$default");
    expect(api.accessLogGroupName).toBe("/aws/apigateway/acme-dev-iops-ingest/access");
    expect(api.functionName).toBe("acme-dev-iops-ingest");
    expect(HttpIngestApi.functionNameOf(label)).toBe(api.functionName);
    expect(HttpIngestApi.apiNameOf(label)).toBe(api.apiName);
    expect(api.apiMetrics.metric5xx()).toEqual({
      namespace: "AWS/ApiGateway",
      metricName: "5xx",
      dimensions: { ApiId: api.apiId, Stage: "$default" },
      statistic: "Sum",
      periodSeconds: 60,
      label: "5xx",
    });
    expect(api.apiMetrics.metric4xx().metricName).toBe("4xx");
    expect(api.apiMetrics.metricLatency()).toMatchObject({ metricName: "Latency", statistic: "p99" });
    expect(api.functionMetrics.metricErrors().dimensions).toEqual({ FunctionName: "acme-dev-iops-ingest" });
  });

  test("grantInvoke lets a producer call both routes", () => {
    const stack = testStack();
    const stream = KinesisIngest.fromAttributes(stack, "Stream", { streamName: "acme-dev-iops", location: TEST_LOCATION });
    const api = new HttpIngestApi(stack, "Ingest", { label, code, stream });
    const producer = new ServiceRole(stack, "Producer", { label: label.with("producer"), servicePrincipal: "ec2.amazonaws.com" });
    api.grantInvoke(producer);
    const out = synth(stack);
    const executionArn = ref(out, "aws_apigatewayv2_api", "execution_arn");
    expect(out.statementsWithAction("execute-api:Invoke")).toEqual([
      { Effect: "Allow", Action: ["execute-api:Invoke"], Resource: [`${executionArn}/*/POST/events`, `${executionArn}/*/POST/events/batch`] },
    ]);
  });

  test("construct tree", () => {
    const { stack } = build({ authorization: { type: "JWT", issuer: "https://issuer.example.com", audience: ["ingest"] } });
    expect(constructTree(stack)).toEqual([
      "test/Ingest",
      "test/Ingest/AccessLogs",
      "test/Ingest/Authorizer",
      "test/Ingest/BatchRoute",
      "test/Ingest/EventsRoute",
      "test/Ingest/Function",
      "test/Ingest/Function/Code",
      "test/Ingest/Function/LogGroup",
      "test/Ingest/Function/Resource",
      "test/Ingest/Function/ServiceRole",
      "test/Ingest/Function/ServiceRole/Policy",
      "test/Ingest/Function/ServiceRole/Resource",
      "test/Ingest/Integration",
      "test/Ingest/InvokeFromBatchRoute",
      "test/Ingest/InvokeFromEventsRoute",
      "test/Ingest/Resource",
      "test/Ingest/Stage",
      "test/Stream",
    ]);
  });
});

describe("HttpIngestApi options", () => {
  test("JWT authorization: an authorizer, and routes that use it with the required scopes", () => {
    const { out } = build({
      authorization: {
        type: "JWT",
        issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc123",
        audience: ["client-1", "client-2"],
        identitySource: "$request.header.X-Token",
        scopes: ["events/write"],
      },
    });
    expect(out.only("aws_apigatewayv2_authorizer")).toEqual({
      api_id: ref(out, "aws_apigatewayv2_api", "id"),
      name: "jwt",
      authorizer_type: "JWT",
      identity_sources: ["$request.header.X-Token"],
      jwt_configuration: { issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc123", audience: ["client-1", "client-2"] },
    });
    for (const route of Object.values(routes(out))) {
      expect(route).toMatchObject({
        authorization_type: "JWT",
        authorizer_id: ref(out, "aws_apigatewayv2_authorizer", "id"),
        authorization_scopes: ["events/write"],
      });
    }
  });

  test("no authorization only by explicit opt-out", () => {
    const { out } = build({ authorization: { type: "NONE", reason: "public telemetry beacon, payloads are validated" } });
    for (const route of Object.values(routes(out))) expect(route.authorization_type).toBe("NONE");
  });

  test("throttling, access log retention and function settings", () => {
    const { out } = build({
      throttlingRateLimit: 500,
      throttlingBurstLimit: 1000,
      accessLogRetentionDays: 90,
      memorySizeMb: 512,
      timeoutSeconds: 29,
      reservedConcurrentExecutions: "unreserved",
      tracing: "PassThrough",
      environment: { LOG_LEVEL: "WARN" },
      logRetentionDays: 14,
      tags: { team: "ingest" },
    });
    expect(out.only("aws_apigatewayv2_stage").default_route_settings).toEqual({ throttling_rate_limit: 500, throttling_burst_limit: 1000 });
    const groups = Object.values(out.resources("aws_cloudwatch_log_group"));
    expect(groups).toContainEqual({ name: "/aws/apigateway/acme-dev-iops-ingest/access", retention_in_days: 90, tags: { team: "ingest" } });
    expect(groups).toContainEqual({ name: "/aws/lambda/acme-dev-iops-ingest", retention_in_days: 14, tags: { team: "ingest" } });
    expect(out.only("aws_lambda_function")).toMatchObject({
      memory_size: 512,
      timeout: 29,
      reserved_concurrent_executions: -1,
      tracing_config: { mode: "PassThrough" },
      environment: { variables: { NODE_OPTIONS: "--enable-source-maps", LOG_LEVEL: "WARN", STREAM_NAME: "acme-dev-iops" } },
      tags: { team: "ingest" },
    });
    expect(out.only("aws_apigatewayv2_api").tags).toEqual({ team: "ingest" });
  });

  test("a stream with a customer key adds the key's data-key permission to the write grant", () => {
    const stack = testStack();
    const stream = KinesisIngest.fromAttributes(stack, "Stream", {
      streamName: "acme-dev-iops",
      location: TEST_LOCATION,
      encryptionKeyAliasName: "alias/acme-dev-iops-stream",
    });
    new HttpIngestApi(stack, "Ingest", { label, code, stream });
    const kms = synth(stack).statementsWithAction("kms:GenerateDataKey");
    expect(kms).toHaveLength(1);
    expect(kms[0]!.Action).toEqual(["kms:GenerateDataKey"]);
  });
});

describe("HttpIngestApi malformed-data topic", () => {
  test("names the topic in MALFORMED_TOPIC_ARN and grants publishing to it, with its key when given", () => {
    const topicArn = "arn:aws:sns:eu-west-1:111122223333:acme-dev-iops-alerts";
    const kmsKeyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234";
    const { out } = build({ malformedTopic: { topicArn, kmsKeyArn } });
    expect(out.only("aws_lambda_function").environment).toEqual({ variables: { NODE_OPTIONS: "--enable-source-maps", STREAM_NAME: "acme-dev-iops", MALFORMED_TOPIC_ARN: topicArn } });
    const statements = Object.values(out.resources("aws_iam_role_policy")).flatMap((p) => JSON.parse(p.policy as string).Statement);
    expect(statements).toEqual(expect.arrayContaining([
      { Sid: "PublishMalformed", Effect: "Allow", Action: ["sns:Publish"], Resource: [topicArn] },
      { Sid: "PublishMalformedKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: [kmsKeyArn] },
    ]));
  });

  test("fails when the environment sets MALFORMED_TOPIC_ARN next to malformedTopic", () => {
    expect(() => build({ malformedTopic: { topicArn: "arn:aws:sns:eu-west-1:1:t" }, environment: { MALFORMED_TOPIC_ARN: "x" } })).toThrow(/environment must not set "MALFORMED_TOPIC_ARN"/);
  });
});

describe("HttpIngestApi stage and routes", () => {
  test("serves seed 001's POST /prod/metrics: named stage, both paths, permissions and metrics follow", () => {
    const { api, out } = build({ stageName: "prod", eventsPath: "/metrics", batchPath: "/metrics/batch" });
    expect(Object.keys(routes(out)).sort()).toEqual(["POST /metrics", "POST /metrics/batch"]);
    expect(out.only("aws_apigatewayv2_stage")).toMatchObject({ name: "prod", auto_deploy: true });
    const executionArn = ref(out, "aws_apigatewayv2_api", "execution_arn");
    expect(Object.values(out.resources("aws_lambda_permission")).map((p) => p.source_arn).sort()).toEqual([`${executionArn}/*/POST/metrics`, `${executionArn}/*/POST/metrics/batch`]);
    expect(api.stageName).toBe("prod");
    expect(api.routePaths).toEqual({ single: "/metrics", batch: "/metrics/batch" });
    expect(api.eventsUrl).toBe(`${api.apiEndpoint}/prod/metrics`);
    expect(api.apiMetrics.metric5xx().dimensions).toEqual({ ApiId: api.apiId, Stage: "prod" });
  });

  test("the $default stage serves at the endpoint's root", () => {
    const { api } = build();
    expect(api.eventsUrl).toBe(`${api.apiEndpoint}/events`);
  });

  test.each([
    [{ stageName: "pr od" }, /stageName must be "\$default" or 1 to 128 letters, digits, "-" or "_", got "pr od"/],
    [{ stageName: "x".repeat(129) }, /stageName must be "\$default" or 1 to 128/],
    [{ eventsPath: "metrics" }, /eventsPath must be a path like \/events .*, got "metrics"/],
    [{ batchPath: "/events/{id}" }, /batchPath must be a path like \/events .*, got "\/events\/\{id\}"/],
    [{ eventsPath: "/in", batchPath: "/in" }, /eventsPath and batchPath must differ, got "\/in" for both/],
  ])("fails on %j", (props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});

describe("HttpIngestApi validation", () => {
  const attempt = (props: Partial<HttpIngestApiProps>) => () => build(props);
  test("fails when the function timeout exceeds what API Gateway waits", () => {
    expect(attempt({ timeoutSeconds: 30 })).toThrow(/timeoutSeconds must be a whole number between 1 and 29 seconds, got 30/);
  });
  test("fails when throttling is outside the account's default quotas", () => {
    expect(attempt({ throttlingRateLimit: 10_001 })).toThrow(/throttlingRateLimit must be a whole number between 1 and 10000 requests per second, got 10001/);
    expect(attempt({ throttlingBurstLimit: 0 })).toThrow(/throttlingBurstLimit must be a whole number between 1 and 5000 requests, got 0/);
  });
  test("fails when the access log retention is not one CloudWatch accepts", () => {
    expect(attempt({ accessLogRetentionDays: 45 })).toThrow(/accessLogRetentionDays must be one of 0, 1, 3, .*, got 45/);
  });
  test("fails when the JWT issuer is not https", () => {
    expect(attempt({ authorization: { type: "JWT", issuer: "http://issuer.example.com", audience: ["a"] } })).toThrow(
      /authorization.issuer must be an https:\/\/ URL, got "http:\/\/issuer.example.com"/,
    );
  });
  test("fails when the JWT audience is empty", () => {
    expect(attempt({ authorization: { type: "JWT", issuer: "https://issuer.example.com", audience: [] } })).toThrow(
      /authorization.audience must list at least one accepted audience, got none/,
    );
  });
  test("fails when the identity source is not a request selection expression", () => {
    expect(attempt({ authorization: { type: "JWT", issuer: "https://i.example.com", audience: ["a"], identitySource: "Authorization" } })).toThrow(
      /authorization.identitySource must be like \$request.header.Authorization, got "Authorization"/,
    );
  });
  test("fails when an open API gives no reason", () => {
    expect(attempt({ authorization: { type: "NONE", reason: " " } })).toThrow(/authorization.reason must explain why the API is open to anyone/);
  });
  test("fails when the authorization type is unknown", () => {
    expect(attempt({ authorization: { type: "CUSTOM" } as never })).toThrow(/authorization.type must be one of AWS_IAM, JWT, NONE, got CUSTOM/);
  });
  test("fails when the environment sets STREAM_NAME", () => {
    expect(attempt({ environment: { STREAM_NAME: "other" } })).toThrow(/environment must not set "STREAM_NAME"/);
  });
});
