import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { replay, type ReplayInput, type ReplayOptions, type ReplayReport } from "./replay";

/** Options of {@link replayQueue}. */
export interface ReplayQueueOptions extends ReplayOptions {
  /**
   * Stop after this many messages.
   * @default 1000
   */
  readonly maxMessages?: number;
  /**
   * Delete the messages that were fully replayed (every record handed back and handled).
   * @default false
   */
  readonly deleteDone?: boolean;
}

interface QueueMessage extends ReplayInput {
  readonly receiptHandle: string;
}

async function receiveAll(client: SQSClient, queueUrl: string, max: number): Promise<QueueMessage[]> {
  const messages: QueueMessage[] = [];
  while (messages.length < max) {
    // A long visibility timeout keeps received messages hidden from other readers while they are replayed.
    const response = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: Math.min(10, max - messages.length), WaitTimeSeconds: 2, VisibilityTimeout: 300 }),
    );
    const received = response.Messages ?? [];
    if (received.length === 0) break;
    for (const m of received) messages.push({ label: m.MessageId ?? `message ${messages.length + 1}`, text: m.Body ?? "", receiptHandle: m.ReceiptHandle! });
  }
  return messages;
}

/**
 * Replays the messages of a dead-letter queue (ReceiveMessage until it is empty or `maxMessages`),
 * then, with `deleteDone`, deletes only the messages whose records the consumer all handled;
 * the others become visible again after the visibility timeout for a later run.
 */
export async function replayQueue(
  kinesis: KinesisClient | undefined,
  sqs: SQSClient,
  queueUrl: string,
  options: ReplayQueueOptions,
): Promise<{ report: ReplayReport; received: number; deleted: number }> {
  const messages = await receiveAll(sqs, queueUrl, options.maxMessages ?? 1000);
  const report = await replay(kinesis, messages, options);
  let deleted = 0;
  if (options.deleteDone) {
    const done = new Set(report.done);
    const deletable = messages.filter((m) => done.has(m.label));
    for (let i = 0; i < deletable.length; i += 10) {
      const entries = deletable.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.receiptHandle }));
      const response = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      deleted += response.Successful?.length ?? 0;
    }
  }
  return { report, received: messages.length, deleted };
}
