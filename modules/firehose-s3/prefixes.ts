import { Token } from "cdktf";

/** One `!{namespace:value}` expression of a Firehose S3 prefix. */
export interface PrefixExpression {
  readonly namespace: string;
  readonly value: string;
}

/** What the prefixes may refer to, from the rest of the delivery stream's configuration. */
export interface PrefixContext {
  /** Dynamic partitioning is on. */
  readonly dynamicPartitioning: boolean;
  /** Keys the JQ metadata-extraction query defines (`!{partitionKeyFromQuery:<key>}`). */
  readonly queryKeys: readonly string[];
  /** A processor Lambda is configured, so `!{partitionKeyFromLambda:<key>}` can be filled. */
  readonly processorLambda: boolean;
}

const NAMESPACES = ["timestamp", "firehose", "partitionKeyFromQuery", "partitionKeyFromLambda"] as const;
const FIREHOSE_VALUES = ["random-string", "error-output-type"] as const;
const ERROR_OUTPUT_TYPE = "!{firehose:error-output-type}";
const MAX_PREFIX_LENGTH = 1024;

/** The `!{namespace:value}` expressions of a prefix, in order; fails on an unclosed or malformed one. */
export function parseExpressions(name: string, text: string): PrefixExpression[] {
  const expressions: PrefixExpression[] = [];
  let at = text.indexOf("!{");
  while (at !== -1) {
    const end = text.indexOf("}", at);
    if (end === -1) throw new Error(`${name} has an unclosed expression at position ${at}, got "${text}"`);
    const body = text.slice(at + 2, end);
    const colon = body.indexOf(":");
    if (colon <= 0 || colon === body.length - 1) {
      throw new Error(`${name} expressions must look like !{namespace:value}, got "!{${body}}"`);
    }
    expressions.push({ namespace: body.slice(0, colon), value: body.slice(colon + 1) });
    at = text.indexOf("!{", end);
  }
  return expressions;
}

/** The part of a prefix before its first expression: what IAM can scope object ARNs to. */
export function staticPart(prefix: string): string {
  const at = prefix.indexOf("!{");
  return at === -1 ? prefix : prefix.slice(0, at);
}

function assertShape(name: string, text: string): void {
  if (text.startsWith("/")) throw new Error(`${name} must not start with "/", got "${text}"`);
  if (text.length > MAX_PREFIX_LENGTH) {
    throw new Error(`${name} must be at most ${MAX_PREFIX_LENGTH} characters, got ${text.length}`);
  }
}

function assertExpression(name: string, expression: PrefixExpression, isErrorPrefix: boolean, context: PrefixContext): void {
  const text = `!{${expression.namespace}:${expression.value}}`;
  if (!(NAMESPACES as readonly string[]).includes(expression.namespace)) {
    throw new Error(`${name} expressions must use one of the namespaces ${NAMESPACES.join(", ")}, got "${text}"`);
  }
  if (expression.namespace === "firehose") {
    if (!(FIREHOSE_VALUES as readonly string[]).includes(expression.value)) {
      throw new Error(`${name} firehose expressions must be one of ${FIREHOSE_VALUES.join(", ")}, got "${text}"`);
    }
    if (expression.value === "error-output-type" && !isErrorPrefix) {
      throw new Error(`prefix must not use ${ERROR_OUTPUT_TYPE}: it is only valid in errorOutputPrefix`);
    }
    return;
  }
  if (expression.namespace === "timestamp") return;
  if (isErrorPrefix) throw new Error(`errorOutputPrefix must not use partition keys, got "${text}"`);
  if (!context.dynamicPartitioning) {
    throw new Error(`prefix uses "${text}", which needs dynamicPartitioning`);
  }
  if (expression.namespace === "partitionKeyFromQuery" && !context.queryKeys.includes(expression.value)) {
    const known = context.queryKeys.length > 0 ? context.queryKeys.join(", ") : "none";
    throw new Error(`prefix uses "${text}", but dynamicPartitioning.keys defines ${known}`);
  }
  if (expression.namespace === "partitionKeyFromLambda" && !context.processorLambda) {
    throw new Error(`prefix uses "${text}", which needs processorFunctionArn (the Lambda that returns partition keys)`);
  }
}

/**
 * Fails on prefixes Firehose would refuse at create time: a leading `/`, more than 1024 characters,
 * unknown or malformed expressions, partition keys without dynamic partitioning (or undefined ones),
 * no partition key with dynamic partitioning, and a missing or type-less error prefix when the prefix
 * uses expressions. Unresolved tokens are skipped.
 */
export function assertPrefixes(prefix: string, errorOutputPrefix: string | undefined, context: PrefixContext): void {
  if (Token.isUnresolved(prefix) || (errorOutputPrefix !== undefined && Token.isUnresolved(errorOutputPrefix))) return;
  assertShape("prefix", prefix);
  const expressions = parseExpressions("prefix", prefix);
  for (const expression of expressions) assertExpression("prefix", expression, false, context);
  if (context.dynamicPartitioning && !expressions.some((e) => e.namespace.startsWith("partitionKeyFrom"))) {
    throw new Error(
      `prefix must use !{partitionKeyFromQuery:<key>} or !{partitionKeyFromLambda:<key>} when dynamicPartitioning is on, got "${prefix}"`,
    );
  }

  const errorExpressions = errorOutputPrefix === undefined ? [] : parseExpressions("errorOutputPrefix", errorOutputPrefix);
  if (errorOutputPrefix !== undefined) {
    assertShape("errorOutputPrefix", errorOutputPrefix);
    for (const expression of errorExpressions) assertExpression("errorOutputPrefix", expression, true, context);
  }
  const needsErrorType = expressions.length > 0 || errorExpressions.length > 0;
  if (needsErrorType && !errorOutputPrefix?.includes(ERROR_OUTPUT_TYPE)) {
    throw new Error(
      `errorOutputPrefix must include ${ERROR_OUTPUT_TYPE} when the prefixes use expressions, got ${errorOutputPrefix === undefined ? "none" : `"${errorOutputPrefix}"`}`,
    );
  }
}
