import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Base64Encoded } from "@aws-lambda-powertools/parser/helpers";
import { KinesisDataStreamRecord, KinesisDataStreamRecordPayload } from "@aws-lambda-powertools/parser/schemas/kinesis";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { KinesisStreamEvent, KinesisStreamRecord } from "aws-lambda";
import { z } from "zod";
import { IopsEventSchema } from "../../functions/shared/schemas";

/**
 * The reference users would write for stream-processor, the way Powertools documents it:
 * BatchProcessor + processPartialResponse, one async record handler, the record parsed by the
 * Powertools parser's Kinesis schema extended with our event schema (Base64Encoded helper), the
 * same business rules as a zod refinement, and the same writes: each valid event put into the
 * events table (document client, same flat item), each malformed one sent to the dead-letter queue
 * with its reasons, one SNS summary per batch. Not shipped: bench/ measures ours against it.
 */

/**
 * Same schema and rules as functions/shared/rules.ts, the rules as a zod refinement. Our schema is
 * written with zod/mini; the Powertools helpers are typed for classic zod, which shares the same
 * core and parses mini schemas alike, hence the cast.
 */
function peerEventSchema(maxFutureMinutes: number, now: () => number): z.ZodType<PeerIopsEvent> {
  const schema = IopsEventSchema.check(
    z.superRefine((event: PeerIopsEvent, ctx) => {
    if (event.metrics) {
      if (event.metrics.iops < 0) ctx.addIssue({ code: "custom", path: ["metrics", "iops"], message: `iops must be >= 0, got ${event.metrics.iops}` });
      if (event.metrics.latency < 0) ctx.addIssue({ code: "custom", path: ["metrics", "latency"], message: `latency must be >= 0, got ${event.metrics.latency}` });
      if (event.metrics.errorRate < 0 || event.metrics.errorRate > 100)
        ctx.addIssue({ code: "custom", path: ["metrics", "errorRate"], message: `errorRate must be between 0 and 100, got ${event.metrics.errorRate}` });
    }
    if (Date.parse(event.timestamp) - now() > maxFutureMinutes * 60_000)
      ctx.addIssue({ code: "custom", path: ["timestamp"], message: `timestamp must be at most ${maxFutureMinutes} minutes in the future` });
    }),
  );
  return schema as unknown as z.ZodType<PeerIopsEvent>;
}

/** What the peer handler is configured with (its Lambda environment). */
export interface PeerStreamProcessorConfig {
  tableName: string;
  deadLetterQueueUrl: string;
  topicArn: string;
  maxFutureMinutes: number;
  /** Client settings, e.g. the in-memory request handler. */
  clientConfig: Record<string, unknown>;
}

/** Builds the peer's handler, as its module scope would in Lambda. */
export function peerStreamProcessor(config: PeerStreamProcessorConfig): (event: KinesisStreamEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient(config.clientConfig));
  const sqs = new SQSClient(config.clientConfig);
  const sns = new SNSClient(config.clientConfig);
  const processor = new BatchProcessor(EventType.KinesisDataStreams);
  const RecordSchema = KinesisDataStreamRecord.extend({
    kinesis: KinesisDataStreamRecordPayload.extend({ data: Base64Encoded(peerEventSchema(config.maxFutureMinutes, Date.now)) }),
  });
  let malformed = 0;

  const recordHandler = async (record: KinesisStreamRecord): Promise<void> => {
    const parsed = RecordSchema.safeParse(record);
    if (!parsed.success) {
      malformed++;
      const reasons = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
      await sqs.send(new SendMessageCommand({ QueueUrl: config.deadLetterQueueUrl, MessageBody: JSON.stringify({ data: record.kinesis.data, sequenceNumber: record.kinesis.sequenceNumber, reasons }) }));
      return;
    }
    const event = parsed.data.kinesis.data;
    await documentClient.send(
      new PutCommand({
        TableName: config.tableName,
        Item: {
          pk: event.source,
          sk: `${event.timestamp}#${event.event_id}`,
          event_type: event.event_type,
          timestamp: event.timestamp,
          source: event.source,
          event: Buffer.from(record.kinesis.data, "base64").toString("utf8"),
          shard_id: record.eventID.split(":")[0],
          sequence_number: record.kinesis.sequenceNumber,
        },
      }),
    );
  };

  return async (event) => {
    malformed = 0;
    const response = await processPartialResponse(event, recordHandler, processor);
    if (malformed > 0) await sns.send(new PublishCommand({ TopicArn: config.topicArn, Subject: "malformed events", Message: JSON.stringify({ malformed }) }));
    return response;
  };
}

export type PeerIopsEvent = z.infer<typeof IopsEventSchema>;
