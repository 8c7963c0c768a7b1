/** Options of {@link backoffDelayMs}. */
export interface BackoffOptions {
  /**
   * Delay cap of the first retry, doubled at each further attempt.
   * @default 50
   */
  baseMs?: number;
  /**
   * Upper bound of any delay.
   * @default 5000
   */
  maxMs?: number;
  /**
   * Source of randomness in [0, 1).
   * @default Math.random
   */
  random?: () => number;
}

/**
 * Exponential backoff with full jitter: a random delay in [0, min(maxMs, baseMs * 2^attempt)).
 * Full jitter spreads retries of many concurrent callers (AWS Architecture Blog, "Exponential
 * Backoff And Jitter"), which is what throttled Kinesis and DynamoDB writers need.
 * @param attempt 0 for the first retry, 1 for the second, and so on.
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions = {}): number {
  const baseMs = options.baseMs ?? 50;
  const maxMs = options.maxMs ?? 5000;
  const random = options.random ?? Math.random;
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * cap);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
