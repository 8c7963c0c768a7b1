import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from "@aws-sdk/client-sqs";
import { backoffDelayMs, sleep as defaultSleep } from "../shared/retry";

/** A record no retry can fix, kept with its bytes and the reason it was refused. */
export interface DeadLetter {
  /** Short machine-readable reason, e.g. `not_json`. */
  readonly reason: string;
  /** Human-readable detail. */
  readonly detail: string;
  /** The record's bytes, exactly as received. */
  readonly data: Uint8Array;
  /** Where the record came from: event source ARN, shard, sequence numbers, partition key. */
  readonly source: Readonly<Record<string, unknown>>;
}

/** A dead letter the queue did not accept, with SQS' last word about it. */
export interface FailedDeadLetter {
  readonly letter: DeadLetter;
  /** Position in the input array. */
  readonly index: number;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** Options of {@link sendDeadLetters}. */
export interface SendDeadLettersOptions {
  /**
   * Name written into each message so a shared queue tells its producers apart.
   * @default - the AWS_LAMBDA_FUNCTION_NAME variable, or "unknown"
   */
  readonly producer?: string;
  /**
   * Largest message body in bytes, and of a SendMessageBatch call's bodies together; a bigger
   * record is split into numbered parts. 256 KiB is what SQS has always accepted: the queue's
   * MaximumMessageSize must not be set below it.
   * @default 262144
   */
  readonly maxMessageBytes?: number;
  /**
   * Total attempts for a message, the first included.
   * @default 5
   */
  readonly maxAttempts?: number;
  /**
   * How to wait between attempts (tests pass a no-op).
   * @default - setTimeout
   */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** SendMessageBatch accepts at most 10 entries per call. */
export const SEND_MESSAGE_BATCH_MAX_ENTRIES = 10;
const ENVELOPE_HEADROOM_BYTES = 4096;

/** The JSON body of one dead-letter message (or one part of it). */
export interface DeadLetterMessage {
  readonly producer: string;
  readonly reason: string;
  readonly detail: string;
  readonly source: Readonly<Record<string, unknown>>;
  readonly failedAt: string;
  /** The record's bytes in base64 (this part's slice when `parts` > 1). */
  readonly dataBase64: string;
  readonly part: number;
  readonly parts: number;
}

interface Pending {
  readonly index: number;
  readonly body: string;
}

function toBodies(letter: DeadLetter, producer: string, maxMessageBytes: number, failedAt: string): string[] {
  const dataBase64 = Buffer.from(letter.data).toString("base64");
  const head = { producer, reason: letter.reason, detail: letter.detail.slice(0, 2048), source: letter.source, failedAt };
  // base64 is 4 characters per 3 bytes: keep slices a multiple of 4 so each part decodes on its own.
  const sliceChars = Math.max(4, Math.floor((maxMessageBytes - JSON.stringify(head).length - ENVELOPE_HEADROOM_BYTES) / 4) * 4);
  const parts = Math.max(1, Math.ceil(dataBase64.length / sliceChars));
  const bodies: string[] = [];
  for (let part = 0; part < parts; part++) {
    const message: DeadLetterMessage = { ...head, dataBase64: dataBase64.slice(part * sliceChars, (part + 1) * sliceChars), part: part + 1, parts };
    bodies.push(JSON.stringify(message));
  }
  return bodies;
}

/**
 * Writes dead letters to an SQS queue as JSON messages (data in base64, reason, source position),
 * 10 per SendMessageBatch call within the call's byte limit, retrying only the failed entries
 * with backoff. A record larger than one message is split into parts that share its source.
 * Never throws: each letter is either sent whole or listed in `failed` (so its record can be
 * reported as a batch item failure and delivered again).
 */
export async function sendDeadLetters(
  client: SQSClient,
  queueUrl: string,
  letters: readonly DeadLetter[],
  options: SendDeadLettersOptions = {},
): Promise<{ sent: number; failed: FailedDeadLetter[] }> {
  const producer = options.producer ?? process.env.AWS_LAMBDA_FUNCTION_NAME ?? "unknown";
  const maxMessageBytes = options.maxMessageBytes ?? 262_144;
  const maxAttempts = options.maxAttempts ?? 5;
  const wait = options.sleep ?? defaultSleep;
  const failedAt = new Date().toISOString();
  const errors = new Map<number, { errorCode: string; errorMessage: string }>();
  let pending: Pending[] = letters.flatMap((letter, index) => toBodies(letter, producer, maxMessageBytes, failedAt).map((body) => ({ index, body })));
  for (let attempt = 1; attempt <= maxAttempts && pending.length > 0; attempt++) {
    if (attempt > 1) await wait(backoffDelayMs(attempt - 2));
    const retry: Pending[] = [];
    for (const batch of batches(pending, maxMessageBytes)) {
      const entries: SendMessageBatchRequestEntry[] = batch.map((p, i) => ({ Id: `m${i}`, MessageBody: p.body }));
      try {
        const response = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
        for (const failure of response.Failed ?? []) {
          const entry = batch[Number(failure.Id?.slice(1))];
          if (entry === undefined) continue;
          errors.set(entry.index, { errorCode: failure.Code ?? "Unknown", errorMessage: failure.Message ?? "" });
          retry.push(entry);
        }
      } catch (error) {
        for (const entry of batch) errors.set(entry.index, { errorCode: (error as Error).name, errorMessage: (error as Error).message });
        retry.push(...batch);
      }
    }
    pending = retry;
  }
  const failedIndexes = new Set(pending.map((p) => p.index));
  const failed = [...failedIndexes].sort((a, b) => a - b).map((index) => ({
    letter: letters[index] as DeadLetter,
    index,
    ...(errors.get(index) ?? { errorCode: "Unknown", errorMessage: "" }),
  }));
  return { sent: letters.length - failed.length, failed };
}

function* batches(pending: readonly Pending[], maxBatchBytes: number): Generator<Pending[]> {
  let batch: Pending[] = [];
  let bytes = 0;
  for (const entry of pending) {
    const size = Buffer.byteLength(entry.body, "utf8");
    if (batch.length === SEND_MESSAGE_BATCH_MAX_ENTRIES || (batch.length > 0 && bytes + size > maxBatchBytes)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(entry);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
