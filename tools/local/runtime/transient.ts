/**
 * A failure a later call can get past: what the SDK marks retryable (throttling, which SQS and SNS
 * answer with a 400), a 429 or 5xx, or the connection itself.
 */
export function isTransient(error: unknown): boolean {
  const { $metadata, $retryable, code, name } = error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown; code?: string; name?: string };
  if ($retryable !== undefined) return true;
  const status = $metadata?.httpStatusCode;
  if (status !== undefined) return status === 429 || status >= 500;
  return name === "TimeoutError" || ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT"].includes(code ?? "");
}

/** How {@link untilNotTransient} waits and when it gives up. */
export interface TransientRetryProps {
  /** True once the caller stops: the call is then not made again. */
  readonly stopped: () => boolean;
  readonly log: (message: string) => void;
  /** What the log says a retry does ("sent again", "read again"). */
  readonly verb: string;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Longest wait between two calls. */
const MAX_BACKOFF_MS = 30_000;

/**
 * Makes the call until it succeeds, waiting 1 s, 2 s, 4 s … (at most 30 s) after each transient
 * failure, the way Lambda's poller keeps at a throttled or unavailable service. Any other failure
 * (often a missing grant) is logged once and answered with `undefined`, so a misconfiguration shows
 * at once instead of stalling; so is a failure after the caller stopped.
 */
export async function untilNotTransient<T>(call: () => Promise<T>, props: TransientRetryProps): Promise<{ readonly value: T } | undefined> {
  const sleep = props.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await call() };
    } catch (error) {
      const { name, message } = error as Error;
      if (!isTransient(error)) {
        props.log(`${name}: ${message} (not ${props.verb}: a retry cannot fix it)`);
        return undefined;
      }
      if (props.stopped()) {
        props.log(`${name}: ${message} (attempt ${attempt}; the consumer stopped)`);
        return undefined;
      }
      const wait = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempt - 1));
      props.log(`${name}: ${message} (attempt ${attempt}; ${props.verb} in ${wait / 1000} s)`);
      await sleep(wait);
    }
  }
}
