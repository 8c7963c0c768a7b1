/** Options of {@link TtlLruCache}. */
export interface TtlLruCacheOptions {
  /** Most entries kept; the least recently used one is evicted beyond it. */
  readonly maxEntries: number;
  /** How long an entry stays valid after it was set, in milliseconds. */
  readonly ttlMs: number;
  /**
   * Clock, for tests.
   * @default Date.now
   */
  readonly now?: () => number;
}

interface Entry<V> {
  readonly value: V;
  readonly expiresAt: number;
}

/**
 * A bounded least-recently-used cache whose entries expire after a time-to-live.
 * A Map keeps insertion order, so re-inserting on read moves an entry to the young end
 * and the first key is always the eviction candidate.
 */
export class TtlLruCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: TtlLruCacheOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new Error(`maxEntries must be an integer of at least 1, got ${options.maxEntries}`);
    }
    if (!(options.ttlMs > 0)) throw new Error(`ttlMs must be greater than 0, got ${options.ttlMs}`);
    this.maxEntries = options.maxEntries;
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
  }

  /** Number of entries held, expired ones included until they are touched or evicted. */
  get size(): number {
    return this.entries.size;
  }

  /** True when a live entry exists for the key (without refreshing its recency). */
  has(key: K): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.expiresAt > this.now();
  }

  /** The live value for the key, or undefined; a hit becomes the most recently used entry. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores a value, evicting the least recently used entries beyond the bound. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Removes every entry. */
  clear(): void {
    this.entries.clear();
  }
}
