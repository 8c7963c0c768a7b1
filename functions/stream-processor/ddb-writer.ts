import { BatchWriteItemCommand, type AttributeValue, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { backoffDelayMs } from "../shared/retry";
import { itemKey, type EventItem } from "./classify";
import { EVENTS_TABLE_KEY } from "./config";

/** BatchWriteItem takes at most 25 requests. */
export const BATCH_WRITE_MAX_ITEMS = 25;
const RETRYABLE = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "TimeoutError",
]);

/** One item to put; `key` must be unique in a call (BatchWriteItem refuses duplicate keys). */
export interface PutEntry {
  key: string;
  item: EventItem;
}

/** What did not land: `failed` may succeed later (retry the record), `rejected` never will. */
export interface WriteOutcome {
  failed: Map<string, string>;
  rejected: Map<string, string>;
  /** Calls made beyond the first of each chunk. */
  retries: number;
}

/** Options of {@link batchWriteItems}. */
export interface BatchWriteOptions {
  maxAttempts: number;
  sleep: (ms: number) => Promise<void>;
  /**
   * Chunks written at once.
   * @default 4
   */
  concurrency?: number;
}

function keyOf(item: Record<string, AttributeValue>): string {
  return itemKey(item[EVENTS_TABLE_KEY.partitionKey]?.S ?? "", item[EVENTS_TABLE_KEY.sortKey]?.S ?? "");
}

/** Items are flat (strings, numbers, string lists): a few lines instead of the document client. */
export function marshallItem(item: EventItem): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const name in item) {
    const value = item[name]!;
    if (typeof value === "string") out[name] = { S: value };
    else if (typeof value === "number") out[name] = { N: String(value) };
    else out[name] = { L: value.map((v) => ({ S: v })) };
  }
  return out;
}

function isRetryable(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown; code?: string };
  if (e.name !== undefined && RETRYABLE.has(e.name)) return true;
  if (e.$retryable !== undefined || (e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  // Network errors carry no HTTP status at all.
  return e.$metadata === undefined && typeof e.code === "string";
}

/**
 * Puts items with BatchWriteItem, 25 a call, retrying UnprocessedItems and throttled calls with
 * full-jitter backoff up to `maxAttempts` per chunk. A chunk DynamoDB refuses as invalid
 * (ValidationException: an item over 400 KB, say) is written item by item so only the bad item
 * is rejected. Never throws: every key is written, failed (transient) or rejected.
 */
export async function batchWriteItems(client: DynamoDBClient, tableName: string, entries: PutEntry[], options: BatchWriteOptions): Promise<WriteOutcome> {
  const outcome: WriteOutcome = { failed: new Map(), rejected: new Map(), retries: 0 };

  async function writeChunk(chunk: PutEntry[]): Promise<void> {
    let pending = chunk;
    let lastError = "";
    for (let attempt = 1; attempt <= options.maxAttempts && pending.length > 0; attempt++) {
      if (attempt > 1) {
        outcome.retries++;
        await options.sleep(backoffDelayMs(attempt - 2, { baseMs: 25, maxMs: 2000 }));
      }
      try {
        const output = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending.map((e) => ({ PutRequest: { Item: marshallItem(e.item) } })) } }));
        const unprocessed = new Set((output.UnprocessedItems?.[tableName] ?? []).map((r) => keyOf(r.PutRequest?.Item ?? {})));
        pending = pending.filter((e) => unprocessed.has(e.key));
        lastError = "UnprocessedItems: DynamoDB did not process the item (throttling)";
      } catch (error) {
        const e = error as Error;
        if (e.name === "ValidationException") {
          if (pending.length === 1) outcome.rejected.set(pending[0]!.key, `DynamoDB rejected the item: ${e.message}`);
          else for (const entry of pending) await writeChunk([entry]);
          return;
        }
        lastError = `${e.name}: ${e.message}`;
        if (!isRetryable(error)) break;
      }
    }
    for (const entry of pending) outcome.failed.set(entry.key, lastError);
  }

  const chunks: PutEntry[][] = [];
  for (let i = 0; i < entries.length; i += BATCH_WRITE_MAX_ITEMS) chunks.push(entries.slice(i, i + BATCH_WRITE_MAX_ITEMS));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) await writeChunk(chunks[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, chunks.length) }, worker));
  return outcome;
}
