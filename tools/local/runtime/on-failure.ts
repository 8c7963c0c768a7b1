import { randomUUID } from "node:crypto";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { PublishCommand } from "@aws-sdk/client-sns";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import type { KinesisStreamRecord } from "aws-lambda";
import type { RoleClients } from "./clients";

/** Why Lambda gave up on a batch. */
export type DiscardCondition = "RetryAttemptsExhausted" | "RecordAgeExceeded";

/** The last invocation of a discarded batch, when there was one. */
export interface LastResponse {
  readonly functionError?: "Unhandled";
}

/** What is known of a discarded batch. */
export interface DiscardedBatch {
  readonly records: readonly KinesisStreamRecord[];
  readonly shardId: string;
  readonly streamArn: string;
  readonly functionArn: string;
  readonly condition: DiscardCondition;
  /** Invocations of these records so far (0 when they expired before any). */
  readonly invokeCount: number;
  readonly lastResponse?: LastResponse;
  /** The mapping's UUID (S3 destinations name objects after it). */
  readonly mappingUuid: string;
}

/**
 * The invocation record Lambda sends to a stream mapping's on-failure destination, version 1.0
 * (kinesis-on-failure-destination in the Lambda developer guide): where the discarded records
 * are, never the records themselves (S3 destinations also get the invocation `payload`).
 */
export function invocationRecord(batch: DiscardedBatch, now = new Date()): Record<string, unknown> {
  const first = batch.records[0]!.kinesis;
  const last = batch.records.at(-1)!.kinesis;
  const iso = (seconds: number) => new Date(Math.round(seconds * 1000)).toISOString();
  return {
    requestContext: { requestId: randomUUID(), functionArn: batch.functionArn, condition: batch.condition, approximateInvokeCount: batch.invokeCount },
    ...(batch.invokeCount > 0
      ? { responseContext: { statusCode: 200, executedVersion: "$LATEST", ...(batch.lastResponse?.functionError ? { functionError: batch.lastResponse.functionError } : {}) } }
      : {}),
    version: "1.0",
    timestamp: now.toISOString(),
    KinesisBatchInfo: {
      shardId: batch.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      approximateArrivalOfFirstRecord: iso(first.approximateArrivalTimestamp),
      approximateArrivalOfLastRecord: iso(last.approximateArrivalTimestamp),
      batchSize: batch.records.length,
      streamArn: batch.streamArn,
    },
  };
}

/** `https://sqs.../<account>/<name>` from a queue ARN, on the given SQS endpoint (no GetQueueUrl: Lambda needs only SendMessage). */
export function queueUrlOf(queueArn: string, sqsEndpoint: string): string {
  const [, , , , account, name] = queueArn.split(":");
  return `${sqsEndpoint.replace(/\/$/, "")}/${account}/${name}`;
}

/** Sends a discarded batch's invocation record to the destination ARN with the function role's clients. */
export async function sendToOnFailureDestination(destinationArn: string, batch: DiscardedBatch, clients: RoleClients, sqsEndpoint: string): Promise<void> {
  const record = invocationRecord(batch);
  const service = destinationArn.split(":")[2];
  if (service === "sqs") {
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrlOf(destinationArn, sqsEndpoint), MessageBody: JSON.stringify(record) }));
  } else if (service === "sns") {
    await clients.sns.send(new PublishCommand({ TopicArn: destinationArn, Message: JSON.stringify(record) }));
  } else if (service === "s3") {
    const bucket = destinationArn.split(":::")[1]!;
    const now = new Date();
    const day = now.toISOString().slice(0, 10).replace(/-/g, "/");
    const stamp = now.toISOString().slice(0, 19).replace(/:/g, ".");
    const key = `aws/lambda/${batch.mappingUuid}/${batch.shardId}/${day}/${stamp}-${randomUUID()}`;
    const body = JSON.stringify({ ...record, payload: JSON.stringify({ Records: batch.records }) });
    await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "application/json" }));
  } else {
    throw new Error(`on-failure destination ${destinationArn}: the local runtime sends to SQS, SNS and S3 only`);
  }
}

/** How {@link deliverDiscardedBatch} waits and when it gives up. */
export interface DeliveryProps {
  /** True once the consumer stops: the batch is then left where it is. */
  readonly stopped: () => boolean;
  readonly log: (message: string) => void;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Longest wait between two sends of one invocation record. */
const MAX_DELIVERY_BACKOFF_MS = 30_000;

/**
 * A failure a later send can get past: what the SDK marks retryable (throttling, which SQS and SNS
 * answer with a 400), a 429 or 5xx, or the connection itself.
 */
function isTransient(error: unknown): boolean {
  const { $metadata, $retryable, code, name } = error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown; code?: string; name?: string };
  if ($retryable !== undefined) return true;
  const status = $metadata?.httpStatusCode;
  if (status !== undefined) return status === 429 || status >= 500;
  return name === "TimeoutError" || ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT"].includes(code ?? "");
}

/**
 * Sends a discarded batch's invocation record until the destination takes it: a throttled or
 * unavailable destination (the local API under load) delays the shard, as a slow destination would,
 * rather than losing the record. Any other failure (often a missing grant) is logged once and the
 * batch left behind, so a misconfigured destination shows at once instead of stalling the shard.
 * Resolves true when delivered.
 */
export async function deliverDiscardedBatch(send: () => Promise<void>, props: DeliveryProps): Promise<boolean> {
  const sleep = props.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      await send();
      return true;
    } catch (error) {
      const { name, message } = error as Error;
      if (!isTransient(error)) {
        props.log(`${name}: ${message} (not sent again: a resend cannot fix it)`);
        return false;
      }
      if (props.stopped()) {
        props.log(`${name}: ${message} (attempt ${attempt}; the consumer stopped)`);
        return false;
      }
      const wait = Math.min(MAX_DELIVERY_BACKOFF_MS, 1000 * 2 ** (attempt - 1));
      props.log(`${name}: ${message} (attempt ${attempt}; sent again in ${wait / 1000} s)`);
      await sleep(wait);
    }
  }
}
