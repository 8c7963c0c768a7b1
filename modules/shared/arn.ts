/** Where resources live: the parts every ARN needs. */
export interface AwsLocation {
  /** e.g. `aws`, `aws-cn`, `aws-us-gov` */
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** The partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, `aws` elsewhere. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/**
 * Builds an ARN from names known before anything is deployed, so a stack can refer to another
 * stack's resources in a plan without reading its state.
 */
export function arnOf(
  location: AwsLocation,
  service: string,
  resource: string,
  options: { readonly global?: boolean; readonly accountless?: boolean } = {},
): string {
  const region = options.global ? "" : location.region;
  const account = options.accountless ? "" : location.accountId;
  return `arn:${location.partition}:${service}:${region}:${account}:${resource}`;
}

/** `arn:<partition>:sns:<region>:<account>:<topic>`. */
export function snsTopicArn(location: AwsLocation, topicName: string): string {
  return arnOf(location, "sns", topicName);
}

/** `arn:<partition>:sqs:<region>:<account>:<queue>`. */
export function sqsQueueArn(location: AwsLocation, queueName: string): string {
  return arnOf(location, "sqs", queueName);
}

/** `arn:<partition>:lambda:<region>:<account>:function:<name>` (unqualified). */
export function lambdaFunctionArn(location: AwsLocation, functionName: string): string {
  return arnOf(location, "lambda", `function:${functionName}`);
}

/** `arn:aws:s3:::bucket`: bucket ARNs carry neither region nor account. */
export function s3BucketArn(location: AwsLocation, bucketName: string): string {
  return arnOf(location, "s3", bucketName, { global: true, accountless: true });
}
