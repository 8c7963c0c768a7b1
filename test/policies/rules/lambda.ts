import { block, type Rule } from "../engine";

/** The runtimes functions may use: current Node.js LTS releases Lambda supports, nodejs22.x the newest. */
export const SUPPORTED_RUNTIMES: readonly string[] = ["nodejs20.x", "nodejs22.x"];

/** CKV_AWS_50: X-Ray tracing is Active, so every invocation can be followed across services. */
export const lambdaTracing: Rule = {
  id: "CKV_AWS_50",
  title: "Lambda function has X-Ray tracing Active",
  resourceTypes: ["aws_lambda_function"],
  check(fn) {
    const mode = block(fn.tracing_config)?.mode;
    return mode === "Active" ? undefined : `tracing_config.mode must be "Active", got ${JSON.stringify(mode)}`;
  },
};

/** CKV_AWS_115: reserved concurrency caps the function, so one consumer cannot starve the account. */
export const lambdaReservedConcurrency: Rule = {
  id: "CKV_AWS_115",
  title: "Lambda function has reserved concurrency set",
  resourceTypes: ["aws_lambda_function"],
  check(fn) {
    const reserved = fn.reserved_concurrent_executions;
    if (reserved === undefined || reserved === -1) return `reserved_concurrent_executions must be set (not -1), got ${JSON.stringify(reserved)}`;
    return undefined;
  },
};

/** CKV_AWS_363 (narrowed to our allow-list): the runtime is a supported Node.js release. */
export const lambdaRuntime: Rule = {
  id: "CKV_AWS_363",
  title: `Lambda function uses a supported runtime (${SUPPORTED_RUNTIMES.join(", ")})`,
  resourceTypes: ["aws_lambda_function"],
  check(fn) {
    if (fn.package_type === "Image") return undefined;
    return SUPPORTED_RUNTIMES.includes(String(fn.runtime)) ? undefined : `runtime must be one of ${SUPPORTED_RUNTIMES.join(", ")}, got ${JSON.stringify(fn.runtime)}`;
  },
};

/**
 * The function logs to a log group this stack manages (by `logging_config.log_group` or the default
 * name `/aws/lambda/<function_name>`); otherwise Lambda creates one itself that never expires.
 */
export const lambdaLogGroup: Rule = {
  id: "PLATFORM_LAMBDA_LOG_GROUP",
  title: "Lambda function logs to a log group managed in the stack",
  resourceTypes: ["aws_lambda_function"],
  check(fn, context) {
    const configured = block(fn.logging_config)?.log_group;
    if (configured !== undefined) {
      const target = context.resolve(configured);
      const named = context.resources("aws_cloudwatch_log_group").some((g) => g.resource.name === configured);
      return target?.type === "aws_cloudwatch_log_group" || named ? undefined : `logging_config.log_group ${String(configured)} is not a log group of this stack`;
    }
    const names = [`/aws/lambda/${String(fn.function_name)}`, `/aws/lambda/\${aws_lambda_function.${context.self.name}.function_name}`];
    const managed = context.resources("aws_cloudwatch_log_group").some((g) => names.includes(String(g.resource.name)));
    return managed ? undefined : `no aws_cloudwatch_log_group named ${names[0]} (Lambda would create one that never expires)`;
  },
};

/** The Lambda function rules. */
export const lambdaRules: readonly Rule[] = [lambdaTracing, lambdaReservedConcurrency, lambdaRuntime, lambdaLogGroup];
