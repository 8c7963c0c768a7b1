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
