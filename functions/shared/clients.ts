import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/**
 * Settings applied to every client created after {@link configureClients}: tests and benchmarks
 * use them to point clients at local servers or an in-memory request handler. In Lambda nothing
 * is set; region, credentials and `AWS_ENDPOINT_URL_<SERVICE>` come from the environment.
 */
export interface ClientOverrides {
  /** @default - an HTTP/1.1 keep-alive NodeHttpHandler */
  requestHandler?: KinesisClient["config"]["requestHandler"];
  /** @default - AWS_REGION */
  region?: string;
  /** @default - the default credential chain */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** @default - the SDK's default (3) */
  maxAttempts?: number;
}

let overrides: ClientOverrides = {};
const cache = new Map<string, unknown>();

/** Replaces the overrides and drops every cached client, so the next call builds a new one. */
export function configureClients(next: ClientOverrides = {}): void {
  overrides = { ...next };
  cache.clear();
}

function once<T>(key: string, create: () => T): T {
  let client = cache.get(key) as T | undefined;
  if (client === undefined) {
    client = create();
    cache.set(key, client);
  }
  return client;
}

/**
 * Removes the SDK's logger middleware. With its default no-op logger it still builds a
 * sensitive-data-filtered copy of every request and response (about 5% of stream-processor's CPU
 * per record, measured in bench/functions.ts); we log through Powertools instead.
 */
export function withoutSdkLogging<T extends { middlewareStack: { remove(name: string): boolean } }>(client: T): T {
  client.middlewareStack.remove("loggerMiddleware");
  return client;
}

/**
 * Longest wait for a TCP/TLS connection, in milliseconds. Without it a stalled connect waits for
 * the function's timeout, and Lambda then retries the whole batch.
 */
export const CONNECTION_TIMEOUT_MS = 3_000;
/**
 * Longest a request may stay without an answer, in milliseconds: well below the consumers'
 * 60-second default function timeout (and the 30 seconds API Gateway gives ingest), so a stalled
 * call fails as a retryable error the handler accounts for, instead of a timed-out invocation.
 */
export const REQUEST_TIMEOUT_MS = 10_000;

function keepAliveHandler(): NodeHttpHandler {
  // Kinesis defaults to HTTP/2 in the SDK; HTTP/1.1 with pooled sockets is what Lambda and the
  // local servers handle best, and keep-alive saves a TLS handshake per call.
  return new NodeHttpHandler({
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Since @smithy/node-http-handler 4.x a passed requestTimeout only logs a warning unless this is set.
    throwOnRequestTimeout: true,
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 50 }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 50 }),
  });
}

/**
 * @param cacheMiddleware resolve each command's middleware stack once instead of on every call:
 *   about a third of the SDK's CPU per call (bench/functions.ts). The stack must then not change
 *   after the first call (testing/faults.ts resets the cache when it adds a layer). The DynamoDB
 *   document client refuses it.
 */
function baseConfig(cacheMiddleware = true) {
  const config: Record<string, unknown> = { requestHandler: overrides.requestHandler ?? keepAliveHandler(), cacheMiddleware };
  if (overrides.region) config.region = overrides.region;
  if (overrides.credentials) config.credentials = overrides.credentials;
  if (overrides.maxAttempts) config.maxAttempts = overrides.maxAttempts;
  return config;
}

/** The container's Kinesis client (HTTP/1.1, keep-alive). */
export function kinesisClient(): KinesisClient {
  return once("kinesis", () => withoutSdkLogging(new KinesisClient(baseConfig())));
}

/** The container's DynamoDB client. */
export function dynamoDbClient(): DynamoDBClient {
  return once("dynamodb", () => withoutSdkLogging(new DynamoDBClient(baseConfig())));
}

/**
 * The container's DynamoDB document client (native JS values, `undefined` fields dropped), over
 * its own DynamoDB client since the document client cannot work with a cached middleware stack.
 */
export function dynamoDbDocumentClient(): DynamoDBDocumentClient {
  return once("dynamodb-document", () =>
    DynamoDBDocumentClient.from(withoutSdkLogging(new DynamoDBClient(baseConfig(false))), {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
      // Numbers come back as NumberValue (their exact digits): a plain number would round
      // anything beyond 2^53, and the SDK's BigInt for such numbers makes JSON.stringify throw.
      unmarshallOptions: { wrapNumbers: true },
    }),
  );
}

/** The container's SNS client. */
export function snsClient(): SNSClient {
  return once("sns", () => withoutSdkLogging(new SNSClient(baseConfig())));
}

/** The container's SQS client. */
export function sqsClient(): SQSClient {
  return once("sqs", () => withoutSdkLogging(new SQSClient(baseConfig())));
}

/** The container's CloudWatch Logs client. */
export function cloudWatchLogsClient(): CloudWatchLogsClient {
  return once("cloudwatch-logs", () => withoutSdkLogging(new CloudWatchLogsClient(baseConfig())));
}
