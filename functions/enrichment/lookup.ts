import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { backoffDelayMs, sleep } from "../shared/retry";
import { plainKey } from "./item-json";
import type { TtlLruCache } from "./lru-cache";

/** A lookup key as it appears in a record: DynamoDB keys are strings or numbers. */
export type LookupKey = string | number;

/** The outcome of one key's lookup; a miss is cached too, so unknown keys do not hammer the table. */
export type LookupResult = { readonly found: true; readonly item: Record<string, unknown> } | { readonly found: false };

/** BatchGetItem accepts at most 100 keys per request. */
export const BATCH_GET_MAX_KEYS = 100;

/** Settings of {@link lookupKeys}. */
export interface LookupOptions {
  readonly tableName: string;
  /** Name of the table's partition key attribute. */
  readonly keyAttribute: string;
  /**
   * Attempts for keys DynamoDB returns as unprocessed before they are given up as unavailable.
   * @default 6
   */
  readonly maxAttempts?: number;
  /**
   * First backoff delay in milliseconds, doubled per attempt with full jitter.
   * @default 50
   */
  readonly baseDelayMs?: number;
  /**
   * Longest backoff delay in milliseconds.
   * @default 2000
   */
  readonly maxDelayMs?: number;
}

/**
 * Results of a batch of lookups: what was resolved, keys that stayed unavailable (a retry may
 * help) and keys DynamoDB refused (e.g. a number where the table's key is a string: no retry helps).
 */
export interface LookupOutcome {
  readonly results: Map<string, LookupResult>;
  readonly unavailable: Map<string, string>;
  readonly rejected: Map<string, string>;
  /** Distinct keys answered by the cache. */
  cacheHits: number;
  /** Distinct keys asked of DynamoDB. */
  cacheMisses: number;
}

/** The cache key of a lookup key: the type is kept so `42` and `"42"` never collide. */
export function cacheKeyOf(key: LookupKey): string {
  return `${typeof key === "number" ? "n" : "s"}:${key}`;
}

/** The cache key of a key attribute as DynamoDB sends it back (numbers as NumberValue). */
function returnedCacheKey(value: unknown): string {
  const key = plainKey(value);
  return key === undefined ? `?:${String(value)}` : cacheKeyOf(key);
}

/**
 * Resolves keys through the cache, fetching the misses with BatchGetItem (100 keys per call),
 * retrying UnprocessedKeys with exponential backoff and jitter. Fetched hits and misses are cached.
 * A key still unprocessed after every attempt, or whose call failed, is listed as unavailable so
 * only the records that need it are retried. A ValidationException refuses the whole request for
 * one bad key, so the request is halved until the bad keys are isolated and listed as rejected.
 */
export async function lookupKeys(
  client: DynamoDBDocumentClient,
  cache: TtlLruCache<string, LookupResult>,
  keys: Iterable<LookupKey>,
  options: LookupOptions,
): Promise<LookupOutcome> {
  const outcome: LookupOutcome = { results: new Map(), unavailable: new Map(), rejected: new Map(), cacheHits: 0, cacheMisses: 0 };
  const { results } = outcome;
  const misses = new Map<string, LookupKey>();
  for (const key of keys) {
    const cacheKey = cacheKeyOf(key);
    if (results.has(cacheKey) || misses.has(cacheKey)) continue;
    const cached = cache.get(cacheKey);
    if (cached !== undefined) results.set(cacheKey, cached);
    else misses.set(cacheKey, key);
  }
  const pending = [...misses.values()];
  outcome.cacheHits = results.size;
  outcome.cacheMisses = pending.length;
  const chunks: LookupKey[][] = [];
  for (let i = 0; i < pending.length; i += BATCH_GET_MAX_KEYS) chunks.push(pending.slice(i, i + BATCH_GET_MAX_KEYS));
  await Promise.all(chunks.map((chunk) => fetchChunk(client, chunk, options, outcome)));
  for (const [cacheKey, result] of results) if (misses.has(cacheKey)) cache.set(cacheKey, result);
  return outcome;
}

async function fetchChunk(
  client: DynamoDBDocumentClient,
  chunk: readonly LookupKey[],
  options: LookupOptions,
  outcome: LookupOutcome,
): Promise<void> {
  const { results, unavailable, rejected } = outcome;
  const { tableName, keyAttribute } = options;
  const maxAttempts = options.maxAttempts ?? 6;
  let requestKeys: Array<Record<string, unknown>> = chunk.map((key) => ({ [keyAttribute]: key }));
  for (let attempt = 0; requestKeys.length > 0; attempt++) {
    if (attempt >= maxAttempts) {
      for (const key of requestKeys) unavailable.set(cacheKeyOf(key[keyAttribute] as LookupKey), `still unprocessed after ${maxAttempts} BatchGetItem attempts`);
      return;
    }
    if (attempt > 0) {
      await sleep(backoffDelayMs(attempt, { baseMs: options.baseDelayMs ?? 50, maxMs: options.maxDelayMs ?? 2000, random: Math.random }));
    }
    let response;
    try {
      response = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: requestKeys } } }));
    } catch (error) {
      if ((error as Error).name === "ValidationException") {
        const keys = requestKeys.map((key) => key[keyAttribute] as LookupKey);
        if (keys.length === 1) {
          rejected.set(cacheKeyOf(keys[0] as LookupKey), `BatchGetItem refused the key: ${(error as Error).message}`);
          return;
        }
        const half = Math.ceil(keys.length / 2);
        await Promise.all([keys.slice(0, half), keys.slice(half)].map((part) => fetchChunk(client, part, options, outcome)));
        return;
      }
      const message = `BatchGetItem failed: ${(error as Error).name}: ${(error as Error).message}`;
      for (const key of requestKeys) unavailable.set(cacheKeyOf(key[keyAttribute] as LookupKey), message);
      return;
    }
    const unprocessed = response.UnprocessedKeys?.[tableName]?.Keys ?? [];
    const unprocessedIds = new Set(unprocessed.map((key) => returnedCacheKey(key[keyAttribute])));
    const found = new Map<string, Record<string, unknown>>();
    for (const item of response.Responses?.[tableName] ?? []) found.set(returnedCacheKey(item[keyAttribute]), item);
    for (const key of requestKeys) {
      const cacheKey = cacheKeyOf(key[keyAttribute] as LookupKey);
      if (unprocessedIds.has(cacheKey)) continue;
      const item = found.get(cacheKey);
      results.set(cacheKey, item === undefined ? { found: false } : { found: true, item });
    }
    // Asked again as the plain keys they were (the SDK hands unprocessed numbers back as NumberValue).
    requestKeys = unprocessed.map((key) => ({ [keyAttribute]: plainKey(key[keyAttribute]) ?? key[keyAttribute] }));
  }
}
