import { patch, type Resources, type RuleCase, stackOf } from "../fixtures";
import { apiRouteAuthorization, apiStageAccessLogging, lambdaPermissionSource } from "./api";
import { firehoseErrorLogging } from "./firehose";

const logging = (stream: string) => ({ enabled: true, log_group_name: "${aws_cloudwatch_log_group.delivery.name}", log_stream_name: stream });

/** A Firehose into OpenSearch with an S3 backup, and an HTTP API in front of a function. */
const resources: Resources = {
  aws_kinesis_firehose_delivery_stream: {
    search_resource: {
      name: "acme-dev-search",
      destination: "opensearch",
      opensearch_configuration: {
        cloudwatch_logging_options: logging("DestinationDelivery"),
        s3_configuration: { bucket_arn: "${aws_s3_bucket.backup.arn}", cloudwatch_logging_options: logging("BackupDelivery") },
      },
    },
  },
  aws_apigatewayv2_stage: { api_stage: { name: "$default", access_log_settings: { destination_arn: "${aws_cloudwatch_log_group.access.arn}", format: "{}" } } },
  aws_apigatewayv2_route: { api_route: { route_key: "POST /events", authorization_type: "AWS_IAM" } },
  aws_lambda_permission: { api_invoke: { action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com", source_arn: "${aws_apigatewayv2_api.api.execution_arn}/*" } },
};

const FIREHOSE = "unit:aws_kinesis_firehose_delivery_stream.search_resource";
const changed = (type: string, name: string, changes: Record<string, unknown>) => stackOf(patch(resources, type, name, changes));

/** Cases of the Firehose, API Gateway and invoke-permission rules. */
export const deliveryCases: readonly RuleCase[] = [
  {
    rule: firehoseErrorLogging,
    passing: stackOf(resources),
    failing: [
      {
        title: "when the destination does not log",
        stack: changed("aws_kinesis_firehose_delivery_stream", "search_resource", { opensearch_configuration: { cloudwatch_logging_options: { enabled: false } } }),
        address: FIREHOSE,
        reason: /opensearch_configuration.cloudwatch_logging_options.enabled must be true/,
      },
      {
        title: "when the S3 backup does not log",
        stack: changed("aws_kinesis_firehose_delivery_stream", "search_resource", {
          opensearch_configuration: { cloudwatch_logging_options: logging("DestinationDelivery"), s3_configuration: { bucket_arn: "x" } },
        }),
        address: FIREHOSE,
        reason: /^opensearch_configuration.s3_configuration.cloudwatch_logging_options.enabled must be true$/,
      },
      {
        title: "when logging names no log stream",
        stack: changed("aws_kinesis_firehose_delivery_stream", "search_resource", {
          destination: "extended_s3",
          opensearch_configuration: undefined,
          extended_s3_configuration: { cloudwatch_logging_options: { enabled: true, log_group_name: "g" } },
        }),
        address: FIREHOSE,
        reason: /extended_s3_configuration.cloudwatch_logging_options needs log_group_name and log_stream_name/,
      },
    ],
  },
  {
    rule: apiStageAccessLogging,
    passing: stackOf(resources),
    failing: [{ title: "without access logs", stack: changed("aws_apigatewayv2_stage", "api_stage", { access_log_settings: undefined }), address: "unit:aws_apigatewayv2_stage.api_stage", reason: /access_log_settings needs destination_arn and format/ }],
  },
  {
    rule: apiRouteAuthorization,
    passing: stackOf(resources),
    failing: [
      { title: "with NONE", stack: changed("aws_apigatewayv2_route", "api_route", { authorization_type: "NONE" }), address: "unit:aws_apigatewayv2_route.api_route", reason: /got "NONE"/ },
      { title: "with no authorization type (NONE by default)", stack: changed("aws_apigatewayv2_route", "api_route", { authorization_type: undefined }), address: "unit:aws_apigatewayv2_route.api_route", reason: /got "NONE"/ },
    ],
  },
  {
    rule: lambdaPermissionSource,
    passing: stackOf(resources),
    failing: [
      { title: "for a service without a source", stack: changed("aws_lambda_permission", "api_invoke", { source_arn: undefined }), address: "unit:aws_lambda_permission.api_invoke", reason: /apigateway.amazonaws.com sets neither source_arn nor source_account/ },
      { title: "for everyone", stack: changed("aws_lambda_permission", "api_invoke", { principal: "*" }), address: "unit:aws_lambda_permission.api_invoke", reason: /principal must not be "\*"/ },
    ],
  },
];
