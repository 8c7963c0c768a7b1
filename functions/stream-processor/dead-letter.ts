import { createHash } from "node:crypto";
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from "@aws-sdk/client-sqs";
import { backoffDelayMs } from "../shared/retry";
import { shardIdOf, type MalformedEvent } from "./classify";

/** SQS caps a message, and a whole SendMessageBatch, at 256 KiB. */
export const SQS_MAX_BYTES = 262_144;
/** SendMessageBatch takes at most 10 messages. */
export const SQS_BATCH_MAX_ENTRIES = 10;

/**
 * What the dead-letter queue keeps for a malformed event. `data` is the record's bytes in base64
 * (for a record that was not base64, the bytes of the string Kinesis delivered). When the message
 * would pass 256 KiB, `data` is cut, `truncated` is true and the full record can be read back from
 * the stream with `sequenceNumber` (and `subSequenceNumber` for a KPL aggregate) while the
 * stream's retention lasts.
 */
export interface DeadLetterMessage {
  reasons: Array<{ rule: string; severity: string; path: string; message: string }>;
  eventSourceArn: string;
  shardId: string;
  partitionKey: string;
  sequenceNumber: string;
  subSequenceNumber: number;
  approximateArrivalTimestamp: number;
  dataBytes: number;
  truncated: boolean;
  data: string;
}

/**
 * SQS refuses U+FFFE and U+FFFF in a body, and JSON.stringify leaves them as they are (a partition
 * key or a parser's message quoting the input can carry them): escape them, which keeps the JSON
 * equal. Lone surrogates are already escaped by JSON.stringify.
 */
function sqsSafe(json: string): string {
  return json.replace(/[\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** The message body for one malformed event, at most `maxBytes` of UTF-8. */
export function deadLetterBody(event: MalformedEvent, maxBytes = SQS_MAX_BYTES): string {
  // 2 KiB of headroom for the escapes (6 bytes for 3): partition keys and parser messages are short.
  return sqsSafe(rawBody(event, maxBytes - 2048));
}

function rawBody(event: MalformedEvent, maxBytes: number): string {
  const message: DeadLetterMessage = {
    reasons: event.reasons,
    eventSourceArn: event.origin.eventSourceArn,
    shardId: shardIdOf(event.origin),
    partitionKey: event.origin.partitionKey,
    sequenceNumber: event.origin.sequenceNumber,
    subSequenceNumber: event.origin.subSequenceNumber,
    approximateArrivalTimestamp: event.origin.approximateArrivalTimestamp,
    dataBytes: event.data.length,
    truncated: false,
    data: Buffer.from(event.data.buffer, event.data.byteOffset, event.data.byteLength).toString("base64"),
  };
  let body = JSON.stringify(message);
  if (Buffer.byteLength(body) <= maxBytes) return body;
  message.truncated = true;
  message.data = "";
  const room = maxBytes - Buffer.byteLength(JSON.stringify(message));
  if (room < 0) {
    message.reasons = message.reasons.slice(0, 5).map((r) => ({ ...r, message: r.message.slice(0, 1000) }));
    body = JSON.stringify(message);
    return body;
  }
  const keptBytes = Math.floor(room / 4) * 3;
  message.data = Buffer.from(event.data.subarray(0, keptBytes)).toString("base64");
  return JSON.stringify(message);
}

/** Options of {@link sendToDeadLetterQueue}. */
export interface DeadLetterOptions {
  maxAttempts: number;
  sleep: (ms: number) => Promise<void>;
}

function batchesOf(bodies: string[]): number[][] {
  const batches: number[][] = [];
  let batch: number[] = [];
  let bytes = 0;
  for (const [i, body] of bodies.entries()) {
    const size = Buffer.byteLength(body);
    if (batch.length === SQS_BATCH_MAX_ENTRIES || bytes + size > SQS_MAX_BYTES) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(i);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * Sends each malformed event to the dead-letter queue with its data and reasons, 10 a call and
 * 256 KiB a call, retrying entries SQS failed on its side and throttled calls with backoff.
 * On a FIFO queue each message is deduplicated on its place in the stream, so a retried batch does
 * not store it twice. Returns the indexes (into `events`) that could not be stored.
 */
export async function sendToDeadLetterQueue(sqs: SQSClient, queueUrl: string, events: MalformedEvent[], options: DeadLetterOptions): Promise<{ failed: Set<number>; truncated: number }> {
  const bodies = events.map((e) => deadLetterBody(e));
  const truncated = bodies.filter((b) => b.includes('"truncated":true')).length;
  const fifo = queueUrl.endsWith(".fifo");
  const failed = new Set<number>();
  for (const batch of batchesOf(bodies)) {
    let pending = batch;
    for (let attempt = 1; attempt <= options.maxAttempts && pending.length > 0; attempt++) {
      if (attempt > 1) await options.sleep(backoffDelayMs(attempt - 2, { baseMs: 50, maxMs: 2000 }));
      const entries: SendMessageBatchRequestEntry[] = pending.map((i) => {
        const entry: SendMessageBatchRequestEntry = { Id: `m${i}`, MessageBody: bodies[i]! };
        if (fifo) {
          const origin = events[i]!.origin;
          entry.MessageGroupId = shardIdOf(origin);
          entry.MessageDeduplicationId = createHash("sha256").update(`${origin.eventId}:${origin.subSequenceNumber}`).digest("hex");
        }
        return entry;
      });
      try {
        const output = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
        const retry: number[] = [];
        for (const failure of output.Failed ?? []) {
          const index = Number(failure.Id?.slice(1));
          if (failure.SenderFault) failed.add(index);
          else retry.push(index);
        }
        pending = retry;
      } catch {
        // A refused call (throttling, network, access) leaves every entry pending: try again.
      }
    }
    for (const index of pending) failed.add(index);
  }
  return { failed, truncated };
}
