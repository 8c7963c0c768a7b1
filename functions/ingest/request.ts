import { isUtf8 } from "node:buffer";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { eventSpans, looksLikeBatch, type Span } from "./event-spans";
import type { UserRecord } from "../shared/kpl";
import { validateEvent, type ValidationIssue } from "../shared/rules";
import { eventKeyOf, type IopsEvent } from "../shared/schemas";
import { MAX_EVENTS_PER_REQUEST } from "./config";

/** One problem of a request, located: `index` is the event's position (null for the body as a whole). */
export interface RequestError {
  index: number | null;
  path: string;
  message: string;
  rule?: string;
  severity?: string;
}

/**
 * Outcome of {@link parseRequest}: records to write (with warnings), or every error found and how
 * many events the refused request held (1 for a body that is not a readable batch).
 */
export type ParsedRequest =
  | { ok: true; batch: boolean; records: UserRecord[]; warnings: RequestError[] }
  | { ok: false; errors: RequestError[]; events: number };

/** Options of {@link parseRequest}. */
export interface ParseOptions {
  maxEventBytes: number;
  maxFutureMinutes: number;
  now: number;
}

const located = (index: number | null, issue: ValidationIssue): RequestError => ({ index, path: issue.path, message: issue.message, rule: issue.rule, severity: issue.severity });

function bodyBytes(event: APIGatewayProxyEventV2): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, "base64") : Buffer.from(event.body, "utf8");
}

/** Byte offset of the first byte that starts no valid UTF-8 sequence (RFC 3629: no overlong form, surrogate or value past U+10FFFF). */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return -1;
}

/**
 * Every event holding bytes that are not UTF-8, named by index: decoding would replace them with
 * U+FFFD, writing something else than what the client sent (and maybe another partition key).
 */
function utf8Errors(bytes: Buffer): RequestError[] {
  let spans: Span[] | undefined;
  try {
    spans = eventSpans(bytes, looksLikeBatch(bytes));
  } catch {
    spans = undefined;
  }
  const errors: RequestError[] = [];
  for (const [index, span] of (spans ?? []).entries()) {
    const data = bytes.subarray(span.start, span.end);
    if (!isUtf8(data)) errors.push({ index, path: "", message: `event is not valid UTF-8: invalid byte at offset ${firstInvalidByte(data)} of the event`, rule: "not-utf8", severity: "critical" });
  }
  if (errors.length === 0) errors.push({ index: null, path: "", message: `body is not valid UTF-8: invalid byte at offset ${firstInvalidByte(bytes)}`, rule: "not-utf8", severity: "critical" });
  return errors;
}

/**
 * Reads a POST body: one event, or `{ "events": [...] }` with 1 to 500 events. Every event is
 * validated with the shared schemas and rules, and every error of every event is returned; the
 * request is accepted only if none is an error. Each event becomes one record keyed on what it is
 * about ({@link eventKeyOf}: `source`, else the payload's volume or session id), so the events of
 * one source keep their order on the stream, holding the client's
 * bytes of that event. A body that is not UTF-8 is refused, naming the events holding bad bytes.
 */
export function parseRequest(event: APIGatewayProxyEventV2, options: ParseOptions): ParsedRequest {
  const bytes = bodyBytes(event);
  if (!isUtf8(bytes)) {
    const errors = utf8Errors(bytes);
    return { ok: false, errors, events: Math.max(1, new Set(errors.map((e) => e.index)).size) };
  }
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    return { ok: false, errors: [{ index: null, path: "", message: `body is not valid JSON: ${(error as Error).message}` }], events: 1 };
  }
  const batch = typeof body === "object" && body !== null && !Array.isArray(body) && "events" in body;
  const events = batch ? (body as { events: unknown }).events : [body];
  if (!Array.isArray(events)) return { ok: false, errors: [{ index: null, path: "events", message: "events must be an array" }], events: 1 };
  if (events.length < 1 || events.length > MAX_EVENTS_PER_REQUEST) {
    return { ok: false, errors: [{ index: null, path: "events", message: `events must contain between 1 and ${MAX_EVENTS_PER_REQUEST} events, got ${events.length}` }], events: 1 };
  }
  const errors: RequestError[] = [];
  const warnings: RequestError[] = [];
  const records: UserRecord[] = [];
  const validation = { maxFutureMinutes: options.maxFutureMinutes, now: options.now };
  // The client's own bytes of each event: a re-serialization would round integers beyond 2^53
  // and rewrite escapes, so what is written would not be what was accepted.
  const spans = eventSpans(bytes, batch);
  if (spans.length !== events.length) return { ok: false, errors: [{ index: null, path: "events", message: `found ${spans.length} events in the body's bytes, ${events.length} once parsed` }], events: events.length };
  for (const [index, value] of events.entries()) {
    const span = spans[index]!;
    const data = Buffer.from(bytes.subarray(span.start, span.end));
    if (data.length > options.maxEventBytes) {
      errors.push({ index, path: "", message: `event is ${data.length} bytes, at most ${options.maxEventBytes} accepted`, rule: "too-large", severity: "critical" });
      continue;
    }
    const result = validateEvent(value, validation);
    if (!result.ok) {
      errors.push(...result.issues.filter((i) => i.severity !== "warning").map((issue) => located(index, issue)));
      continue;
    }
    warnings.push(...result.warnings.map((issue) => located(index, issue)));
    records.push({ partitionKey: eventKeyOf(result.event as IopsEvent), data });
  }
  return errors.length > 0 ? { ok: false, errors, events: events.length } : { ok: true, batch, records, warnings };
}
