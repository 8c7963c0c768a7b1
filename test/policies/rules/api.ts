import { block, type Rule } from "../engine";

/** CKV_AWS_95: every request to an HTTP/WebSocket API stage is access-logged. */
export const apiStageAccessLogging: Rule = {
  id: "CKV_AWS_95",
  title: "API Gateway v2 stage has access logging",
  resourceTypes: ["aws_apigatewayv2_stage"],
  check(stage) {
    const settings = block(stage.access_log_settings);
    return settings?.destination_arn && settings.format ? undefined : "access_log_settings needs destination_arn and format";
  },
};

/** CKV_AWS_309: every route says who may call it; NONE leaves it open to the internet. */
export const apiRouteAuthorization: Rule = {
  id: "CKV_AWS_309",
  title: "API Gateway v2 route has an authorization type other than NONE",
  resourceTypes: ["aws_apigatewayv2_route"],
  check(route) {
    const type = route.authorization_type;
    return type === undefined || type === "NONE" ? `authorization_type must be AWS_IAM, JWT or CUSTOM, got ${JSON.stringify(type ?? "NONE")}` : undefined;
  },
};

/** CKV_AWS_364: a permission for an AWS service is limited to one source, so no other account's resource can invoke. */
export const lambdaPermissionSource: Rule = {
  id: "CKV_AWS_364",
  title: "Lambda permission for a service principal is limited by source_arn or source_account",
  resourceTypes: ["aws_lambda_permission"],
  check(permission) {
    const principal = String(permission.principal);
    if (principal === "*") return 'principal must not be "*"';
    if (!principal.endsWith(".amazonaws.com")) return undefined;
    return permission.source_arn || permission.source_account ? undefined : `permission for ${principal} sets neither source_arn nor source_account`;
  },
};

/** The API Gateway and invoke-permission rules. */
export const apiRules: readonly Rule[] = [apiStageAccessLogging, apiRouteAuthorization, lambdaPermissionSource];
