import { CommonEventFieldsSchema, IopsEventSchema, type IopsEvent } from "./schemas";

/** How bad a problem is: `warning` is accepted and reported; `error` and `critical` reject the event. */
export type Severity = "warning" | "error" | "critical";

/** One problem with an event. `path` is dotted (`metrics.iops`), empty for the whole event. */
export interface ValidationIssue {
  rule: string;
  severity: Severity;
  path: string;
  message: string;
}

/** Options of {@link validateEvent}. */
export interface ValidationOptions {
  /**
   * How far in the future a timestamp may be before it is rejected (clock skew allowance).
   * @default 5
   */
  maxFutureMinutes?: number;
  /**
   * Events older than this are accepted with a warning (a replay, or a stuck producer).
   * @default 168 (7 days)
   */
  staleAfterHours?: number;
  /**
   * The current time in epoch milliseconds.
   * @default Date.now()
   */
  now?: number;
}

/** Outcome of {@link validateEvent}: a typed event (maybe with warnings) or every issue found. */
export type ValidationResult =
  | { ok: true; event: IopsEvent; warnings: ValidationIssue[] }
  | { ok: false; issues: ValidationIssue[] };

function schemaIssues(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): ValidationIssue[] {
  return error.issues.map((issue) => ({
    rule: "schema",
    severity: "critical",
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
}

function businessIssues(event: IopsEvent, options: ValidationOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const metrics = event.metrics;
  if (metrics) {
    if (metrics.iops < 0) issues.push({ rule: "iops-non-negative", severity: "error", path: "metrics.iops", message: `iops must be >= 0, got ${metrics.iops}` });
    if (metrics.latency < 0)
      issues.push({ rule: "latency-non-negative", severity: "error", path: "metrics.latency", message: `latency must be >= 0, got ${metrics.latency}` });
    if (metrics.errorRate < 0 || metrics.errorRate > 100)
      issues.push({ rule: "error-rate-range", severity: "error", path: "metrics.errorRate", message: `errorRate must be between 0 and 100, got ${metrics.errorRate}` });
  }
  const now = options.now ?? Date.now();
  const maxFutureMinutes = options.maxFutureMinutes ?? 5;
  const ageMs = now - Date.parse(event.timestamp);
  if (-ageMs > maxFutureMinutes * 60_000) {
    issues.push({
      rule: "timestamp-not-in-future",
      severity: "error",
      path: "timestamp",
      message: `timestamp must be at most ${maxFutureMinutes} minutes in the future, got ${event.timestamp} (${Math.round(-ageMs / 60_000)} minutes ahead)`,
    });
  } else if (ageMs > (options.staleAfterHours ?? 168) * 3_600_000) {
    issues.push({ rule: "timestamp-stale", severity: "warning", path: "timestamp", message: `timestamp ${event.timestamp} is older than ${options.staleAfterHours ?? 168} hours` });
  }
  return issues;
}

/**
 * Validates a decoded value against {@link IopsEventSchema} (an unknown `event_type` also gets the
 * problems of the fields every event has), then the business rules:
 * iops and latency >= 0, errorRate in 0..100 (error), timestamp at most `maxFutureMinutes`
 * ahead (error), older than `staleAfterHours` (warning). Schema problems are critical.
 * Every issue is returned, never only the first.
 */
export function validateEvent(value: unknown, options: ValidationOptions = {}): ValidationResult {
  const parsed = IopsEventSchema.safeParse(value);
  if (!parsed.success) {
    const issues = schemaIssues(parsed.error);
    const unknownType = typeof value === "object" && value !== null && !Array.isArray(value) && issues.length === 1 && issues[0]!.path === "event_type";
    if (unknownType) {
      const common = CommonEventFieldsSchema.safeParse(value);
      if (!common.success) issues.push(...schemaIssues(common.error));
    }
    return { ok: false, issues };
  }
  const issues = businessIssues(parsed.data, options);
  const rejecting = issues.filter((issue) => issue.severity !== "warning");
  if (rejecting.length > 0) return { ok: false, issues };
  return { ok: true, event: parsed.data, warnings: issues };
}
