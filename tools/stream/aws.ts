import { KinesisClient } from "@aws-sdk/client-kinesis";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { CliError } from "./io";

/** Options shared by the CLI's AWS clients. */
export interface ClientOptions {
  /**
   * AWS region of the stream.
   * @default - the environment's region, else AWS_REGION / the shared config (the SDK's chain)
   */
  readonly region?: string;
}

function config(options: ClientOptions): { region?: string; requestHandler: NodeHttpHandler } {
  // HTTP/1.1: the SDK's Kinesis default is HTTP/2, which local servers and some proxies do not speak.
  // No endpoint here: the SDK itself honours AWS_ENDPOINT_URL_KINESIS / AWS_ENDPOINT_URL_SQS.
  return options.region ? { region: options.region, requestHandler: new NodeHttpHandler() } : { requestHandler: new NodeHttpHandler() };
}

/** A Kinesis client on the standard credential chain and endpoint variables, over HTTP/1.1. */
export function createKinesisClient(options: ClientOptions = {}): KinesisClient {
  return new KinesisClient(config(options));
}

/** An SQS client on the standard credential chain and endpoint variables, over HTTP/1.1. */
export function createSqsClient(options: ClientOptions = {}): SQSClient {
  return new SQSClient(config(options));
}

/** A Lambda client on the standard chain and AWS_ENDPOINT_URL_LAMBDA, over HTTP/1.1. */
export function createLambdaClient(options: ClientOptions = {}): LambdaClient {
  return new LambdaClient(config(options));
}

/** An S3 client on the standard chain and AWS_ENDPOINT_URL_S3; path-style when an endpoint is set (local servers). */
export function createS3Client(options: ClientOptions = {}): S3Client {
  return new S3Client({ ...config(options), forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL) });
}

/** The region a client resolved, or "an unknown region" when none is configured. */
export async function regionOf(client: { config: { region: () => Promise<string> } }): Promise<string> {
  try {
    return await client.config.region();
  } catch {
    return "an unknown region";
  }
}

/** What an AWS call was about, to name it in an error message. */
export interface ErrorContext {
  readonly streamName?: string;
  readonly region?: string;
}

const CREDENTIAL_ERRORS = new Set(["CredentialsProviderError", "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException"]);

/**
 * Turns an SDK error into a {@link CliError} an operator can act on: an unknown stream, missing or
 * rejected credentials, a missing region. Other errors keep their name and message.
 */
export function explainAwsError(error: unknown, context: ErrorContext = {}): CliError {
  if (error instanceof CliError) return error;
  const e = error as { name?: string; message?: string };
  const name = e.name ?? "Error";
  const message = e.message ?? String(error);
  const region = context.region ?? "an unknown region";
  if (name === "ResourceNotFoundException" && context.streamName !== undefined) {
    return new CliError(`stream ${context.streamName} does not exist in ${region} (${message})`);
  }
  if (name === "CredentialsProviderError" || /Could not load credentials/i.test(message)) {
    return new CliError(
      "no AWS credentials found: set AWS_PROFILE (after `aws sso login`) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a role is available",
    );
  }
  if (CREDENTIAL_ERRORS.has(name)) return new CliError(`AWS rejected the credentials in ${region}: ${name}: ${message}`);
  if (/Region is missing/i.test(message)) return new CliError("no AWS region: pass --region, use --env, or set AWS_REGION");
  if (name === "AccessDeniedException") return new CliError(`access denied in ${region}: ${message}`);
  const unreachable = /getaddrinfo (ENOTFOUND|EAI_AGAIN) (\S+)/.exec(message) ?? (/(ENOTFOUND|ECONNREFUSED)/.test(String((error as { code?: unknown }).code)) ? [message, "", ""] : null);
  if (unreachable) return new CliError(unreachableHint(unreachable[2] ?? "", message));
  return new CliError(`${name}: ${message}`);
}

/**
 * A host that does not resolve is, here, almost always a local server the client was not pointed
 * at: S3 calls go to `<bucket>.s3.<region>.amazonaws.com` unless AWS_ENDPOINT_URL_S3 is set.
 */
function unreachableHint(host: string, message: string): string {
  const service = /(^|\.)s3[.-]/.test(host) ? "S3" : /kinesis/.test(host) ? "KINESIS" : /lambda/.test(host) ? "LAMBDA" : undefined;
  const variable = service ? `AWS_ENDPOINT_URL_${service}` : "AWS_ENDPOINT_URL_<SERVICE>";
  const set = service && process.env[variable] ? ` (${variable} is ${process.env[variable]}: check that the server runs there)` : "";
  return `cannot reach ${host || "the AWS endpoint"}${set}. For a local server set ${variable} to its URL (for example http://127.0.0.1:4566${service === "S3" ? "; buckets are then addressed by path" : ""}); for AWS, check the region and the network. (${message})`;
}

/** Runs an AWS call and rethrows its failure as an explained {@link CliError}. */
export async function explained<T>(context: ErrorContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw explainAwsError(error, context);
  }
}

/** `arn:aws:kinesis:<region>:<account>:stream/<name>` → `{ region, streamName }`, or undefined for anything else. */
export function parseStreamArn(arn: string): { region: string; streamName: string } | undefined {
  const match = /^arn:aws[a-z-]*:kinesis:([a-z0-9-]+):\d{12}:stream\/([a-zA-Z0-9_.-]{1,128})$/.exec(arn);
  return match ? { region: match[1]!, streamName: match[2]! } : undefined;
}
