import { Token } from "cdktf";
import { Construct } from "constructs";
import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import {
  type FunctionOptions, FunctionMetrics, PlatformFunction, type TopicReference, type WritableStream, functionOptionsOf, grantPublish, mergeEnvironment,
} from "../lambda-enrichment";
import { type AwsLocation, lambdaFunctionArn } from "../shared/arn";
import type { Label } from "../shared/label";
import type { MetricOptions, MetricSpec } from "../shared/metric";
import type { Grantee } from "../shared/policy";
import { assertIntegerInRange, assertLogRetentionDays } from "../shared/validate";
import { type ApiAuthorization, validateAuthorization } from "./authorization";
import {
  ACCESS_LOG_FORMAT,
  DEFAULT_ACCESS_LOG_RETENTION_DAYS,
  DEFAULT_FUNCTION_TIMEOUT_SECONDS,
  DEFAULT_RESERVED_CONCURRENCY,
  DEFAULT_ROUTE_PATHS,
  DEFAULT_STAGE_NAME,
  DEFAULT_THROTTLING_BURST_LIMIT,
  DEFAULT_THROTTLING_RATE_LIMIT,
  MAX_FUNCTION_TIMEOUT_SECONDS,
  MALFORMED_TOPIC_VARIABLE,
  MAX_INTEGRATION_TIMEOUT_MS,
  MAX_THROTTLING_BURST_LIMIT,
  MAX_THROTTLING_RATE_LIMIT,
  ROUTE_PATH_PATTERN,
  STAGE_NAME_PATTERN,
  STREAM_NAME_VARIABLE,
} from "./defaults";
import { ApiMetrics } from "./metrics";

/** Props for {@link HttpIngestApi}. */
export interface HttpIngestApiProps extends FunctionOptions {
  /** Naming context; the API and the function are named `label.id("apiGateway")` / `label.id("lambdaFunction")`. */
  readonly label: Label;
  /**
   * The handler's deployment package: this repository's `functions/ingest`, or any handler that
   * answers API Gateway's payload format 2.0 and reads the stream name from `STREAM_NAME`.
   */
  readonly code: FunctionOptions["code"];
  /** The stream accepted events are written to (PutRecord, PutRecords; its name in `STREAM_NAME`). */
  readonly stream: WritableStream;
  /**
   * Topic the function reports refused events to, one message per refused request (its ARN in
   * `MALFORMED_TOPIC_ARN`, `sns:Publish` granted, and the key's data-key permissions when given).
   * @default - refused events are only answered 400 and counted
   */
  readonly malformedTopic?: TopicReference;
  /**
   * Who may call the API.
   * @default { type: "AWS_IAM" }
   */
  readonly authorization?: ApiAuthorization;
  /**
   * The stage serving the API: `$default` serves it at the endpoint's root, any other name
   * (alphanumerics, `-`, `_`, at most 128) is the first path segment (`/prod/events`).
   * @default "$default"
   */
  readonly stageName?: string;
  /**
   * Path of the route taking one event (POST), e.g. `/metrics`.
   * @default "/events"
   */
  readonly eventsPath?: string;
  /**
   * Path of the route taking `{ "events": [...] }` (POST). The function tells the two shapes apart
   * by the body, so both routes take either.
   * @default "/events/batch"
   */
  readonly batchPath?: string;
  /**
   * Steady-state requests per second for the stage (API Gateway's account default caps it at 10,000).
   * @default 100
   */
  readonly throttlingRateLimit?: number;
  /**
   * Burst of requests the stage absorbs (account default cap 5,000).
   * @default 200
   */
  readonly throttlingBurstLimit?: number;
  /**
   * Retention of the access log group.
   * @default 30
   */
  readonly accessLogRetentionDays?: number;
  /**
   * Function timeout, 1 to 29 seconds: the HTTP API waits 30 seconds at most, and a function
   * still running after that would write records the client was told failed.
   * @default 10
   */
  readonly timeoutSeconds?: number;
  /**
   * Reserved concurrency of the function, at least 1, or `"unreserved"`.
   * @default 50
   */
  readonly reservedConcurrentExecutions?: number | "unreserved";
  /**
   * Extra environment variables of the function (`STREAM_NAME` is set by the module).
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * An HTTP endpoint for producers outside AWS: API Gateway HTTP API with `POST /events` and
 * `POST /events/batch` (paths and stage configurable), IAM-authorized by default, throttled, access-logged as JSON, in front
 * of a function (this repository's `ingest`, or the caller's `code`) that validates events and
 * writes them to the stream.
 */
export class HttpIngestApi extends Construct {
  /** The function's name for a label, `label.id("lambdaFunction")`: for alarms built in another stack. */
  static functionNameOf(label: Label): string {
    return label.id("lambdaFunction");
  }

  /** The function's unqualified ARN for a label. */
  static functionArnOf(label: Label, location: AwsLocation): string {
    return lambdaFunctionArn(location, HttpIngestApi.functionNameOf(label));
  }

  /** The API's name for a label, `label.id("apiGateway")` (its metrics need the generated API id). */
  static apiNameOf(label: Label): string {
    return label.id("apiGateway");
  }

  readonly apiId: string;
  /** `label.id("apiGateway")` */
  readonly apiName: string;
  /** `https://<apiId>.execute-api.<region>.amazonaws.com` */
  readonly apiEndpoint: string;
  /** `arn:<partition>:execute-api:<region>:<account>:<apiId>`, for `execute-api:Invoke` grants. */
  readonly apiExecutionArn: string;
  /** The stage's name: `$default` unless `stageName` says otherwise. */
  readonly stageName: string;
  /** Paths of the two POST routes. */
  readonly routePaths: { readonly single: string; readonly batch: string };
  /** The URL producers POST single events to: the endpoint, the stage unless `$default`, the events path. */
  readonly eventsUrl: string;
  /** `/aws/apigateway/<apiName>/access` */
  readonly accessLogGroupName: string;
  /** `label.id("lambdaFunction")` */
  readonly functionName: string;
  readonly functionArn: string;
  readonly roleArn: string;
  /** The function's metrics. */
  readonly functionMetrics: FunctionMetrics;
  /** The stage's metrics. */
  readonly apiMetrics: ApiMetrics;

  constructor(scope: Construct, id: string, props: HttpIngestApiProps) {
    super(scope, id);
    const authorization = props.authorization ?? { type: "AWS_IAM" };
    validateAuthorization(authorization);
    const rateLimit = props.throttlingRateLimit ?? DEFAULT_THROTTLING_RATE_LIMIT;
    const burstLimit = props.throttlingBurstLimit ?? DEFAULT_THROTTLING_BURST_LIMIT;
    assertIntegerInRange("throttlingRateLimit", rateLimit, 1, MAX_THROTTLING_RATE_LIMIT, "requests per second");
    assertIntegerInRange("throttlingBurstLimit", burstLimit, 1, MAX_THROTTLING_BURST_LIMIT, "requests");
    const stageName = props.stageName ?? DEFAULT_STAGE_NAME;
    if (!Token.isUnresolved(stageName) && stageName !== DEFAULT_STAGE_NAME && !STAGE_NAME_PATTERN.test(stageName)) {
      throw new Error(`stageName must be "$default" or 1 to 128 letters, digits, "-" or "_", got "${stageName}"`);
    }
    const paths = { single: props.eventsPath ?? DEFAULT_ROUTE_PATHS.single, batch: props.batchPath ?? DEFAULT_ROUTE_PATHS.batch };
    for (const [prop, path] of [["eventsPath", paths.single], ["batchPath", paths.batch]] as const) {
      if (!ROUTE_PATH_PATTERN.test(path)) throw new Error(`${prop} must be a path like /events (segments of letters, digits, ".", "_", "~" or "-"), got "${path}"`);
    }
    if (paths.single === paths.batch) throw new Error(`eventsPath and batchPath must differ, got "${paths.single}" for both`);
    const accessLogRetentionDays = props.accessLogRetentionDays ?? DEFAULT_ACCESS_LOG_RETENTION_DAYS;
    assertLogRetentionDays("accessLogRetentionDays", accessLogRetentionDays);
    const tags = props.tags ? { ...props.tags } : undefined;

    const fn = new PlatformFunction(this, "Function", {
      ...functionOptionsOf(props),
      label: props.label,
      timeoutSeconds: props.timeoutSeconds ?? DEFAULT_FUNCTION_TIMEOUT_SECONDS,
      maxTimeoutSeconds: MAX_FUNCTION_TIMEOUT_SECONDS,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions ?? DEFAULT_RESERVED_CONCURRENCY,
      environment: mergeEnvironment(
        "environment",
        { [STREAM_NAME_VARIABLE]: props.stream.streamName, ...(props.malformedTopic ? { [MALFORMED_TOPIC_VARIABLE]: props.malformedTopic.topicArn } : {}) },
        props.environment,
      ),
      description: "Validates events received over HTTP and writes them to the stream",
      tags,
    });
    props.stream.grantWrite(fn);
    if (props.malformedTopic) grantPublish(fn, props.malformedTopic, "PublishMalformed");

    this.apiName = HttpIngestApi.apiNameOf(props.label);
    const api = new Apigatewayv2Api(this, "Resource", {
      name: this.apiName,
      protocolType: "HTTP",
      description: "Accepts events over HTTPS and writes them to a Kinesis stream",
      tags,
    });
    const integration = new Apigatewayv2Integration(this, "Integration", {
      apiId: api.id,
      integrationType: "AWS_PROXY",
      integrationUri: fn.functionArn,
      integrationMethod: "POST",
      payloadFormatVersion: "2.0",
      timeoutMilliseconds: MAX_INTEGRATION_TIMEOUT_MS,
    });

    let authorizer: Apigatewayv2Authorizer | undefined;
    if (authorization.type === "JWT") {
      authorizer = new Apigatewayv2Authorizer(this, "Authorizer", {
        apiId: api.id,
        name: "jwt",
        authorizerType: "JWT",
        identitySources: [authorization.identitySource ?? "$request.header.Authorization"],
        jwtConfiguration: { issuer: authorization.issuer, audience: [...authorization.audience] },
      });
    }
    const routeAuthorization = {
      authorizationType: authorization.type,
      authorizerId: authorizer?.id,
      authorizationScopes: authorization.type === "JWT" && authorization.scopes?.length ? [...authorization.scopes] : undefined,
    };
    new Apigatewayv2Route(this, "EventsRoute", {
      apiId: api.id,
      routeKey: `POST ${paths.single}`,
      target: `integrations/${integration.id}`,
      ...routeAuthorization,
    });
    new Apigatewayv2Route(this, "BatchRoute", {
      apiId: api.id,
      routeKey: `POST ${paths.batch}`,
      target: `integrations/${integration.id}`,
      ...routeAuthorization,
    });

    this.accessLogGroupName = `/aws/apigateway/${this.apiName}/access`;
    const accessLogs = new CloudwatchLogGroup(this, "AccessLogs", { name: this.accessLogGroupName, retentionInDays: accessLogRetentionDays, tags });
    new Apigatewayv2Stage(this, "Stage", {
      apiId: api.id,
      name: stageName,
      autoDeploy: true,
      accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
      defaultRouteSettings: { throttlingRateLimit: rateLimit, throttlingBurstLimit: burstLimit },
      tags,
    });

    // One permission per route: the API may invoke the function for these routes only, from any stage of this API.
    new LambdaPermission(this, "InvokeFromEventsRoute", {
      statementId: "AllowApiGatewayEvents",
      action: "lambda:InvokeFunction",
      functionName: fn.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${api.executionArn}/*/POST${paths.single}`,
      dependsOn: [fn.resource],
    });
    new LambdaPermission(this, "InvokeFromBatchRoute", {
      statementId: "AllowApiGatewayEventsBatch",
      action: "lambda:InvokeFunction",
      functionName: fn.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${api.executionArn}/*/POST${paths.batch}`,
      dependsOn: [fn.resource],
    });

    this.apiId = api.id;
    this.apiEndpoint = api.apiEndpoint;
    this.eventsUrl = `${this.apiEndpoint}${stageName === DEFAULT_STAGE_NAME ? "" : `/${stageName}`}${paths.single}`;
    this.apiExecutionArn = api.executionArn;
    this.stageName = stageName;
    this.routePaths = paths;
    this.functionName = fn.functionName;
    this.functionArn = fn.functionArn;
    this.roleArn = fn.roleArn;
    this.functionMetrics = new FunctionMetrics(fn.functionName);
    this.apiMetrics = new ApiMetrics(this.apiId, stageName);
  }

  /** Lets a producer's role call both routes (execute-api:Invoke), for the default AWS_IAM authorization. */
  grantInvoke(grantee: Grantee): void {
    grantee.addToPolicy({
      actions: ["execute-api:Invoke"],
      resources: [`${this.apiExecutionArn}/*/POST${this.routePaths.single}`, `${this.apiExecutionArn}/*/POST${this.routePaths.batch}`],
    });
  }

}
