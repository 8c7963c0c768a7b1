import { Token } from "cdktf";
import type { KinesisFirehoseDeliveryStreamExtendedS3ConfigurationProcessingConfigurationProcessors as Processor } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { assertIntegerInRange, assertMatches, assertNumberInRange } from "../shared/validate";

/**
 * Dynamic partitioning: Firehose groups records by keys taken from each record and writes each group
 * under its own prefix. AWS cannot turn it off on an existing delivery stream: removing this prop
 * replaces the delivery stream (Terraform destroys and re-creates it).
 */
export interface DynamicPartitioningProps {
  /**
   * Partition keys extracted with JQ, by name: `{ customer_id: ".customer_id" }`. Refer to them in the
   * prefix as `!{partitionKeyFromQuery:customer_id}`.
   * @default - no JQ keys: the processor Lambda returns the keys (`!{partitionKeyFromLambda:<key>}`)
   */
  readonly keys?: Readonly<Record<string, string>>;
  /**
   * Seconds Firehose retries a failed delivery to S3 before writing the records under the error prefix.
   * @default 300
   */
  readonly retryDurationSeconds?: number;
  /**
   * Append a newline to each record, so objects are JSON Lines. Not applied with data format conversion.
   * @default true
   */
  readonly appendNewline?: boolean;
}

/** Record transformation by a Lambda function. */
export interface ProcessorLambdaProps {
  /** The function's ARN; a version or alias may be appended. */
  readonly functionArn: string;
  /** @default 1 (Firehose's default), 0.2-3 MiB */
  readonly bufferSizeMiB?: number;
  /** @default 60 (Firehose's default), 60-900 s */
  readonly bufferIntervalSeconds?: number;
  /** @default 3 (Firehose's default), 0-300 */
  readonly retries?: number;
}

const LAMBDA_DEFAULTS = { bufferSizeMiB: 1, bufferIntervalSeconds: 60, retries: 3 } as const;
const KEY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/;

/** Fails on processor settings Firehose refuses, naming the prop, the range and the value. */
export function assertProcessing(lambda: ProcessorLambdaProps | undefined, partitioning: DynamicPartitioningProps | undefined): void {
  if (lambda) {
    assertMatches("processorFunctionArn", lambda.functionArn, FUNCTION_ARN, "a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>])");
    assertNumberInRange("processorBufferSizeMiB", lambda.bufferSizeMiB, 0.2, 3, "MiB");
    assertIntegerInRange("processorBufferIntervalSeconds", lambda.bufferIntervalSeconds, 60, 900, "seconds");
    assertIntegerInRange("processorRetries", lambda.retries, 0, 300);
  }
  if (partitioning) {
    const keys = Object.entries(partitioning.keys ?? {});
    if (keys.length === 0 && !lambda) {
      throw new Error("dynamicPartitioning needs keys (a JQ query) or processorFunctionArn (a Lambda returning partition keys), got neither");
    }
    for (const [key, query] of keys) {
      assertMatches("dynamicPartitioning.keys", key, KEY_NAME, "names of letters, digits and underscores, not starting with a digit");
      if (!Token.isUnresolved(query) && query.trim() === "") throw new Error(`dynamicPartitioning.keys.${key} needs a JQ expression, got ""`);
    }
    assertIntegerInRange("dynamicPartitioning.retryDurationSeconds", partitioning.retryDurationSeconds, 0, 7200, "seconds");
  }
}

/** The JQ metadata-extraction query: `{customer_id:.customer_id,region:.meta.region}`. */
export function metadataExtractionQuery(keys: Readonly<Record<string, string>>): string {
  return `{${Object.entries(keys).map(([key, query]) => `${key}:${query.trim()}`).join(",")}}`;
}

/**
 * The processors, in the order Firehose runs them: the Lambda, then JQ key extraction, then the newline.
 * Lambda parameters equal to Firehose's defaults are left out: the provider does not store them, so
 * writing them would show a change on every plan.
 */
export function processors(
  lambda: ProcessorLambdaProps | undefined,
  partitioning: DynamicPartitioningProps | undefined,
  converting: boolean,
): Processor[] {
  const result: Processor[] = [];
  if (lambda) {
    const parameters = [{ parameterName: "LambdaArn", parameterValue: lambda.functionArn }];
    const optional = [
      ["BufferSizeInMBs", lambda.bufferSizeMiB, LAMBDA_DEFAULTS.bufferSizeMiB],
      ["BufferIntervalInSeconds", lambda.bufferIntervalSeconds, LAMBDA_DEFAULTS.bufferIntervalSeconds],
      ["NumberOfRetries", lambda.retries, LAMBDA_DEFAULTS.retries],
    ] as const;
    for (const [name, value, fallback] of optional) {
      if (value !== undefined && value !== fallback) parameters.push({ parameterName: name, parameterValue: String(value) });
    }
    result.push({ type: "Lambda", parameters });
  }
  if (partitioning) {
    if (partitioning.keys && Object.keys(partitioning.keys).length > 0) {
      result.push({
        type: "MetadataExtraction",
        parameters: [
          { parameterName: "MetadataExtractionQuery", parameterValue: metadataExtractionQuery(partitioning.keys) },
          { parameterName: "JsonParsingEngine", parameterValue: "JQ-1.6" },
        ],
      });
    }
    if ((partitioning.appendNewline ?? true) && !converting) result.push({ type: "AppendDelimiterToRecord" });
  }
  return result;
}

/** The function ARN without version or alias, so a grant covers `<arn>` and `<arn>:*`. */
export function unqualifiedFunctionArn(functionArn: string): string {
  if (Token.isUnresolved(functionArn)) return functionArn;
  return functionArn.split(":").slice(0, 7).join(":");
}
