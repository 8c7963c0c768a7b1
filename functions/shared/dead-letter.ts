import { createHash } from "node:crypto";
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from "@aws-sdk/client-sqs";
import { shardIdOf, type RecordOrigin } from "./decode";
import { backoffDelayMs, sleep as defaultSleep } from "./retry";

/** Largest message body, and largest SendMessageBatch (all bodies together), SQS accepts on every queue. */
export const SQS_MAX_MESSAGE_BYTES = 262_144;
/** SendMessageBatch takes at most 10 entries. */
export const SEND_MESSAGE_BATCH_MAX_ENTRIES = 10;
/** Value of `format` in every message written by {@link sendDeadLetters}. */
export const DEAD_LETTER_FORMAT = "dead-letter/1";
/** Reasons kept in a message, and characters kept of each reason's message (the data is always whole). */
export const DEAD_LETTER_MAX_REASONS = 20;
const MAX_REASON_CHARS = 1024;
// Room for the digits of `part` and `parts` and the escapes of sqsSafe beyond what the head measured.
const HEAD_SLACK_BYTES = 64;

/** Why a record was refused: a failed rule, or what refused it (`not-json`, `lookup-miss`, ...). */
export interface DeadLetterReason {
  readonly rule: string;
  /** `critical` or `error`. */
  readonly severity: string;
  /** Where in the record, as a dotted path; "" for the whole record. */
  readonly path: string;
  readonly message: string;
}

/** A single reason for the whole record (what refused it and why), as handlers without rule paths give it. */
export function recordReason(rule: string, message: string): DeadLetterReason {
  return { rule, severity: "critical", path: "", message };
}

/** A record no retry can fix: its bytes, where it came from and every reason. */
export interface DeadLetter {
  readonly origin: RecordOrigin;
  /** The user record's bytes, exactly as received (a KPL sub-record's own bytes). */
  readonly data: Uint8Array;
  readonly reasons: readonly DeadLetterReason[];
}

/** Where the record is in its stream: enough to read it again while the stream retains it. */
export interface DeadLetterSource {
  readonly eventSourceArn: string;
  readonly shardId: string;
  readonly partitionKey: string;
  readonly sequenceNumber: string;
  /** Position inside a KPL aggregate; 0 for a plain record. */
  readonly subSequenceNumber: number;
  /** Epoch seconds, as Lambda gives it. */
  readonly approximateArrivalTimestamp: number;
}

/**
 * The JSON body of one dead-letter message (format `dead-letter/1`). A record whose message would
 * pass 256 KiB is split into `parts` messages sharing `recordId`, each holding a slice of the bytes
 * that decodes on its own: concatenating the decoded `data` of parts 1..parts gives the record.
 */
export interface DeadLetterMessage {
  readonly format: typeof DEAD_LETTER_FORMAT;
  /** The function that wrote it (a queue may be shared). */
  readonly producer: string;
  /** ISO 8601 time of the write. */
  readonly failedAt: string;
  /** SHA-256 (hex) of the record's place in the stream: the same record always has the same id. */
  readonly recordId: string;
  readonly source: DeadLetterSource;
  /** At most {@link DEAD_LETTER_MAX_REASONS}; `reasonCount` says how many there were. */
  readonly reasons: DeadLetterReason[];
  readonly reasonCount: number;
  /** Size of the whole record in bytes. */
  readonly dataBytes: number;
  /** SHA-256 (hex) of the whole record: replay refuses parts whose join does not match it. */
  readonly dataSha256: string;
  /**
   * Bytes of the record in each part but the last: the split point. Parts of one record written by
   * different attempts (their heads, so split points, may differ) are only joined when it matches.
   */
  readonly partBytes: number;
  /** 1-based. */
  readonly part: number;
  readonly parts: number;
  /** This part's bytes of the record, base64. */
  readonly data: string;
}

/** A dead letter not stored after every attempt: its record must be reported as a batch item failure. */
export interface FailedDeadLetter {
  /** Position in the input array. */
  readonly index: number;
  readonly letter: DeadLetter;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** Options of {@link sendDeadLetters}. */
export interface SendDeadLettersOptions {
  /**
   * Written into each message so a shared queue tells its producers apart.
   * @default - the AWS_LAMBDA_FUNCTION_NAME variable, or "unknown"
   */
  readonly producer?: string;
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
  /**
   * Clock of `failedAt`.
   * @default - the current time
   */
  readonly now?: () => Date;
}

/** What {@link sendDeadLetters} did. */
export interface SendDeadLettersResult {
  /** Letters whose every part was stored. */
  readonly stored: number;
  /** Letters split into more than one message. */
  readonly split: number;
  /** Letters not (wholly) stored, by input index. */
  readonly failed: FailedDeadLetter[];
}

/**
 * SQS refuses U+FFFE and U+FFFF in a body and JSON.stringify leaves them as they are (a partition
 * key or a parser's message quoting the input can carry them): escaping them keeps the same JSON.
 * Lone surrogates are already escaped by JSON.stringify.
 */
function sqsSafe(json: string): string {
  return json.replace(/[\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** The stable id of a record's place in its stream. */
export function deadLetterRecordId(source: Pick<DeadLetterSource, "eventSourceArn" | "shardId" | "sequenceNumber" | "subSequenceNumber">): string {
  return createHash("sha256").update(`${source.eventSourceArn}\n${source.shardId}\n${source.sequenceNumber}\n${source.subSequenceNumber}`).digest("hex");
}

/** The message bodies of one letter: one, or several parts when the record does not fit in one. */
export function deadLetterBodies(letter: DeadLetter, producer: string, failedAt: string, maxBytes = SQS_MAX_MESSAGE_BYTES): string[] {
  const { origin, data } = letter;
  const source: DeadLetterSource = {
    eventSourceArn: origin.eventSourceArn,
    shardId: shardIdOf(origin),
    partitionKey: origin.partitionKey,
    sequenceNumber: origin.sequenceNumber,
    subSequenceNumber: origin.subSequenceNumber,
    approximateArrivalTimestamp: origin.approximateArrivalTimestamp,
  };
  const head = {
    format: DEAD_LETTER_FORMAT,
    producer,
    failedAt,
    recordId: deadLetterRecordId(source),
    source,
    reasons: letter.reasons.slice(0, DEAD_LETTER_MAX_REASONS).map((r) => ({ rule: r.rule, severity: r.severity, path: r.path, message: r.message.slice(0, MAX_REASON_CHARS) })),
    reasonCount: letter.reasons.length,
    dataBytes: data.byteLength,
  } as const;
  const headBytes = Buffer.byteLength(sqsSafe(JSON.stringify({ ...head, dataSha256: "0".repeat(64), partBytes: maxBytes, part: 1, parts: 1, data: "" }))) + HEAD_SLACK_BYTES;
  // base64 takes 4 characters for 3 bytes: whole groups per part, so each part decodes on its own.
  const bytesPerPart = Math.floor((maxBytes - headBytes) / 4) * 3;
  if (bytesPerPart <= 0) throw new RangeError(`dead-letter message head is ${headBytes} bytes, no room for data under ${maxBytes}`);
  const parts = Math.max(1, Math.ceil(data.byteLength / bytesPerPart));
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const dataSha256 = createHash("sha256").update(bytes).digest("hex");
  return Array.from({ length: parts }, (_, i) => {
    const message: DeadLetterMessage = { ...head, dataSha256, partBytes: bytesPerPart, part: i + 1, parts, data: bytes.subarray(i * bytesPerPart, (i + 1) * bytesPerPart).toString("base64") };
    return sqsSafe(JSON.stringify(message));
  });
}

interface Pending {
  readonly index: number;
  readonly part: number;
  readonly body: string;
}

function* batches(pending: readonly Pending[]): Generator<Pending[]> {
  let batch: Pending[] = [];
  let bytes = 0;
  for (const entry of pending) {
    const size = Buffer.byteLength(entry.body);
    if (batch.length === SEND_MESSAGE_BATCH_MAX_ENTRIES || (batch.length > 0 && bytes + size > SQS_MAX_MESSAGE_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(entry);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

/**
 * Stores dead letters in an SQS queue as `dead-letter/1` messages ({@link DeadLetterMessage}),
 * up to 10 messages and 256 KiB a SendMessageBatch call, retrying with backoff the entries SQS
 * failed on its side and the calls it refused; an entry refused as the sender's fault is not
 * retried. On a FIFO queue (URL ending `.fifo`) messages are grouped by shard and deduplicated on
 * `recordId` and part, so a retried batch does not store them twice. Never throws for a letter:
 * each is stored whole or listed in `failed`, for its record to be reported as a batch item failure.
 */
export async function sendDeadLetters(sqs: SQSClient, queueUrl: string, letters: readonly DeadLetter[], options: SendDeadLettersOptions = {}): Promise<SendDeadLettersResult> {
  const producer = options.producer ?? process.env.AWS_LAMBDA_FUNCTION_NAME ?? "unknown";
  const maxAttempts = options.maxAttempts ?? 5;
  const wait = options.sleep ?? defaultSleep;
  const failedAt = (options.now?.() ?? new Date()).toISOString();
  const fifo = queueUrl.endsWith(".fifo");
  const bodies = letters.map((letter) => deadLetterBodies(letter, producer, failedAt));
  const errors = new Map<number, { errorCode: string; errorMessage: string }>();
  const refused = new Set<number>();
  let pending: Pending[] = bodies.flatMap((parts, index) => parts.map((body, part) => ({ index, part, body })));
  for (let attempt = 1; attempt <= maxAttempts && pending.length > 0; attempt++) {
    if (attempt > 1) await wait(backoffDelayMs(attempt - 2, { baseMs: 50, maxMs: 2000 }));
    const retry: Pending[] = [];
    for (const batch of batches(pending)) {
      const entries = batch.map((p, i): SendMessageBatchRequestEntry => {
        const entry: SendMessageBatchRequestEntry = { Id: `m${i}`, MessageBody: p.body };
        if (!fifo) return entry;
        const origin = letters[p.index]!.origin;
        const recordId = deadLetterRecordId({ ...origin, shardId: shardIdOf(origin) });
        return { ...entry, MessageGroupId: shardIdOf(origin), MessageDeduplicationId: createHash("sha256").update(`${recordId}:${p.part}`).digest("hex") };
      });
      try {
        const response = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
        for (const failure of response.Failed ?? []) {
          const entry = batch[Number(failure.Id?.slice(1))];
          if (entry === undefined) continue;
          errors.set(entry.index, { errorCode: failure.Code ?? "Unknown", errorMessage: failure.Message ?? "" });
          if (failure.SenderFault) refused.add(entry.index);
          else retry.push(entry);
        }
      } catch (error) {
        // A refused call (throttling, network, access) leaves every entry of the batch pending.
        for (const entry of batch) errors.set(entry.index, { errorCode: (error as Error).name, errorMessage: (error as Error).message });
        retry.push(...batch);
      }
    }
    pending = retry;
  }
  const failedIndexes = new Set([...refused, ...pending.map((p) => p.index)]);
  const failed = [...failedIndexes]
    .sort((a, b) => a - b)
    .map((index) => ({ index, letter: letters[index]!, ...(errors.get(index) ?? { errorCode: "Unknown", errorMessage: "" }) }));
  return { stored: letters.length - failed.length, split: bodies.filter((b) => b.length > 1).length, failed };
}
