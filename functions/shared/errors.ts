/**
 * A record that no retry can fix (not JSON, a missing field, a failed rule): it goes to the
 * dead-letter queue with `reason` and is never reported as a batch item failure.
 */
export class PermanentRecordError extends Error {
  override readonly name = "PermanentRecordError";
  /** A short machine-readable reason, e.g. `not_json`, `missing_key_field`, `lookup_miss`. */
  readonly reason: string;

  constructor(reason: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

/**
 * A record that failed for a reason a retry can fix (throttling, an unavailable dependency):
 * it is reported as a batch item failure so Lambda delivers it again.
 */
export class RetryableRecordError extends Error {
  override readonly name = "RetryableRecordError";
}

/** True when the error says the record itself is bad, false when a retry may succeed. */
export function isPermanent(error: unknown): error is PermanentRecordError {
  return error instanceof PermanentRecordError;
}
