/** The variable the ingest function reads the stream name from. */
export const STREAM_NAME_VARIABLE = "STREAM_NAME";
/** The variable the ingest function reads the malformed-data topic from. */
export const MALFORMED_TOPIC_VARIABLE = "MALFORMED_TOPIC_ARN";
/** HTTP APIs wait at most 30 seconds for an integration. */
export const MAX_INTEGRATION_TIMEOUT_MS = 30_000;
/** The function must answer before API Gateway gives up, or clients see 503 for records that were written. */
export const MAX_FUNCTION_TIMEOUT_SECONDS = 29;
/** Default function timeout, seconds: a PutRecords of 500 records with retries fits well within it. */
export const DEFAULT_FUNCTION_TIMEOUT_SECONDS = 10;
/** Default reserved concurrency of the ingest function. */
export const DEFAULT_RESERVED_CONCURRENCY = 50;
/** Default steady-state request rate per second for the stage. */
export const DEFAULT_THROTTLING_RATE_LIMIT = 100;
/** Default burst (token bucket size) for the stage. */
export const DEFAULT_THROTTLING_BURST_LIMIT = 200;
/** API Gateway's default account-level quota: 10,000 requests per second per region. */
export const MAX_THROTTLING_RATE_LIMIT = 10_000;
/** API Gateway's default account-level burst quota: 5,000 requests. */
export const MAX_THROTTLING_BURST_LIMIT = 5_000;
/** Default retention of the access log group, days. */
export const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 30;
/** The stage HTTP APIs serve at the root of their endpoint. */
export const DEFAULT_STAGE_NAME = "$default";
/** The routes the ingest function answers unless told otherwise. */
export const INGEST_ROUTE_KEYS = { single: "POST /events", batch: "POST /events/batch" } as const;
/** Default paths of the two routes (both POST). */
export const DEFAULT_ROUTE_PATHS = { single: "/events", batch: "/events/batch" } as const;
/**
 * A stage name API Gateway accepts besides `$default`: alphanumerics, hyphens and underscores, at
 * most 128 characters (https://docs.aws.amazon.com/apigateway/latest/api/API_Stage.html).
 */
export const STAGE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
/** A literal route path: `/` then segments of URL-safe characters (no path variables: the function answers fixed routes). */
export const ROUTE_PATH_PATTERN = /^(\/[A-Za-z0-9._~-]+)+$/;

/** One JSON object per request in the access log; field names are what log queries select on. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  caller: "$context.identity.caller",
  userArn: "$context.identity.userArn",
  requestTime: "$context.requestTime",
  httpMethod: "$context.httpMethod",
  routeKey: "$context.routeKey",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationStatus: "$context.integrationStatus",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
  errorMessage: "$context.error.message",
});
