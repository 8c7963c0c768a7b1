import { describe, expect, it } from "vitest";
import { TtlLruCache } from "./lru-cache";

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe("TtlLruCache", () => {
  it("returns what was set until the time-to-live runs out", () => {
    // Prepare
    const time = clock();
    const cache = new TtlLruCache<string, number>({ maxEntries: 10, ttlMs: 1000, now: time.now });
    cache.set("a", 1);

    // Act
    time.advance(999);
    const before = cache.get("a");
    time.advance(1);
    const after = cache.get("a");

    // Assess
    expect([before, after]).toEqual([1, undefined]);
  });

  it("evicts the least recently used entry beyond its bound", () => {
    // Prepare
    const cache = new TtlLruCache<string, number>({ maxEntries: 2, ttlMs: 1000 });
    cache.set("a", 1);
    cache.set("b", 2);
    cache.get("a");

    // Act
    cache.set("c", 3);

    // Assess
    expect([cache.get("a"), cache.get("b"), cache.get("c"), cache.size]).toEqual([1, undefined, 3, 2]);
  });

  it("restarts an entry's time-to-live when it is set again", () => {
    // Prepare
    const time = clock();
    const cache = new TtlLruCache<string, number>({ maxEntries: 2, ttlMs: 100, now: time.now });
    cache.set("a", 1);
    time.advance(90);

    // Act
    cache.set("a", 2);
    time.advance(90);

    // Assess
    expect(cache.get("a")).toBe(2);
  });

  it("fails when maxEntries is not a positive integer", () => {
    expect(() => new TtlLruCache({ maxEntries: 0, ttlMs: 1 })).toThrow(/^maxEntries must be an integer of at least 1, got 0$/);
  });

  it("fails when ttlMs is not positive", () => {
    expect(() => new TtlLruCache({ maxEntries: 1, ttlMs: 0 })).toThrow(/^ttlMs must be greater than 0, got 0$/);
  });
});
