import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { lookupKeys, type LookupResult } from "./lookup";
import { TtlLruCache } from "./lru-cache";
import { answerCalls } from "../shared/testing/answer-calls";

const TABLE = "customers";
const options = { tableName: TABLE, keyAttribute: "id", baseDelayMs: 1, maxDelayMs: 1 };

function setup() {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1", credentials: { accessKeyId: "l", secretAccessKey: "l" } }));
  const cache = new TtlLruCache<string, LookupResult>({ maxEntries: 1000, ttlMs: 60_000 });
  return { client, cache };
}

const keysOf = (input: any) => input.RequestItems[TABLE].Keys.map((k: { id: string | number }) => k.id);

describe("lookupKeys", () => {
  it("asks for at most 100 distinct keys per BatchGetItem call", async () => {
    // Prepare
    const { client, cache } = setup();
    const calls = answerCalls(client, "BatchGetItemCommand", (input: any) => ({ Responses: { [TABLE]: keysOf(input).map((id: string) => ({ id })) } }));
    const keys = Array.from({ length: 250 }, (_, i) => `k-${i}`);

    // Act
    const outcome = await lookupKeys(client, cache, [...keys, ...keys], options);

    // Assess
    expect(calls.calls.map((c) => keysOf(c).length)).toEqual([100, 100, 50]);
    expect(outcome.results.size).toBe(250);
    expect(outcome.cacheMisses).toBe(250);
  });

  it("retries UnprocessedKeys until they are answered", async () => {
    // Prepare
    const { client, cache } = setup();
    const calls = answerCalls(client, "BatchGetItemCommand", (input: any, call) => {
      const keys = keysOf(input) as string[];
      const answered = call === 1 ? keys.slice(0, 1) : keys;
      return { Responses: { [TABLE]: answered.map((id) => ({ id, v: call })) }, UnprocessedKeys: call === 1 ? { [TABLE]: { Keys: keys.slice(1).map((id) => ({ id })) } } : {} };
    });

    // Act
    const outcome = await lookupKeys(client, cache, ["a", "b", "c"], options);

    // Assess
    expect(calls.calls.map(keysOf)).toEqual([["a", "b", "c"], ["b", "c"]]);
    expect([...outcome.results.entries()]).toEqual([
      ["s:a", { found: true, item: { id: "a", v: 1 } }],
      ["s:b", { found: true, item: { id: "b", v: 2 } }],
      ["s:c", { found: true, item: { id: "c", v: 2 } }],
    ]);
  });

  it("lists keys still unprocessed after every attempt as unavailable and caches nothing for them", async () => {
    // Prepare
    const { client, cache } = setup();
    answerCalls(client, "BatchGetItemCommand", (input: any) => ({ Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: keysOf(input).map((id: string) => ({ id })) } } }));

    // Act
    const outcome = await lookupKeys(client, cache, ["a"], { ...options, maxAttempts: 3 });

    // Assess
    expect([...outcome.unavailable.entries()]).toEqual([["s:a", "still unprocessed after 3 BatchGetItem attempts"]]);
    expect(cache.get("s:a")).toBeUndefined();
  });

  it("caches misses so an unknown key is asked once per time-to-live", async () => {
    // Prepare
    const { client, cache } = setup();
    const calls = answerCalls(client, "BatchGetItemCommand", () => ({ Responses: { [TABLE]: [] } }));

    // Act
    await lookupKeys(client, cache, ["ghost"], options);
    const second = await lookupKeys(client, cache, ["ghost"], options);

    // Assess
    expect(calls.calls).toHaveLength(1);
    expect(second.results.get("s:ghost")).toEqual({ found: false });
    expect(second.cacheHits).toBe(1);
  });

  it("keeps 42 and \"42\" apart", async () => {
    // Prepare
    const { client, cache } = setup();
    answerCalls(client, "BatchGetItemCommand", (input: any) => ({ Responses: { [TABLE]: keysOf(input).map((id: unknown) => ({ id, type: typeof id })) } }));

    // Act
    const outcome = await lookupKeys(client, cache, [42, "42"], options);

    // Assess
    expect(outcome.results.get("n:42")).toEqual({ found: true, item: { id: 42, type: "number" } });
    expect(outcome.results.get("s:42")).toEqual({ found: true, item: { id: "42", type: "string" } });
  });
});
