import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { UserRecord } from "../shared/kpl";
import { validateEvent, type ValidationIssue } from "../shared/rules";
import type { IopsEvent } from "../shared/schemas";
import { MAX_EVENTS_PER_REQUEST } from "./config";

/** One problem of a request, located: `index` is the event's position (null for the body as a whole). */
export interface RequestError {
  index: number | null;
  path: string;
  message: string;
  rule?: string;
  severity?: string;
}

/** Outcome of {@link parseRequest}: records to write (with warnings), or every error found. */
export type ParsedRequest =
  | { ok: true; batch: boolean; records: UserRecord[]; warnings: RequestError[] }
  | { ok: false; errors: RequestError[] };

/** Options of {@link parseRequest}. */
export interface ParseOptions {
  maxEventBytes: number;
  maxFutureMinutes: number;
  now: number;
}

const located = (index: number | null, issue: ValidationIssue): RequestError => ({ index, path: issue.path, message: issue.message, rule: issue.rule, severity: issue.severity });

function bodyOf(event: APIGatewayProxyEventV2): string {
  if (!event.body) return "";
  return event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
}

/**
 * Reads a POST body: one event, or `{ "events": [...] }` with 1 to 500 events. Every event is
 * validated with the shared schemas and rules, and every error of every event is returned; the
 * request is accepted only if none is an error. Each event becomes one record keyed on its
 * `source`, so the events of one source keep their order on the stream.
 */
export function parseRequest(event: APIGatewayProxyEventV2, options: ParseOptions): ParsedRequest {
  let body: unknown;
  try {
    body = JSON.parse(bodyOf(event));
  } catch (error) {
    return { ok: false, errors: [{ index: null, path: "", message: `body is not valid JSON: ${(error as Error).message}` }] };
  }
  const batch = typeof body === "object" && body !== null && !Array.isArray(body) && "events" in body;
  const events = batch ? (body as { events: unknown }).events : [body];
  if (!Array.isArray(events)) return { ok: false, errors: [{ index: null, path: "events", message: "events must be an array" }] };
  if (events.length < 1 || events.length > MAX_EVENTS_PER_REQUEST) {
    return { ok: false, errors: [{ index: null, path: "events", message: `events must contain between 1 and ${MAX_EVENTS_PER_REQUEST} events, got ${events.length}` }] };
  }
  const errors: RequestError[] = [];
  const warnings: RequestError[] = [];
  const records: UserRecord[] = [];
  const validation = { maxFutureMinutes: options.maxFutureMinutes, now: options.now };
  for (const [index, value] of events.entries()) {
    const data = Buffer.from(JSON.stringify(value) ?? "null");
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
    records.push({ partitionKey: (result.event as IopsEvent).source, data });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, batch, records, warnings };
}
