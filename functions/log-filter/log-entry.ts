import type { ParsedLine } from "./parse-line";

/** Where a line came from: enough to find it again in the stream. */
export interface LineSource {
  readonly eventId: string;
  readonly sequenceNumber: string;
  readonly subSequenceNumber: number;
  readonly partitionKey: string;
  /** 1-based line number inside the record. */
  readonly line: number;
}

/** A kept line as written to CloudWatch Logs. */
export interface LogEntry {
  readonly kind: "log";
  readonly level: "ERROR" | "WARN";
  readonly severity: string;
  readonly severityCode: number;
  /** The line's own time (ISO 8601), or null when it carries none. */
  readonly timestamp: string | null;
  readonly hostname?: string;
  readonly process?: string;
  readonly pid?: string;
  readonly messageId?: string;
  readonly facility?: number;
  readonly format: ParsedLine["format"];
  readonly message: string;
  readonly source: LineSource;
  readonly part?: number;
  readonly parts?: number;
}

/** A line no parser understood, kept whole in the log group so nothing is silently dropped. */
export interface UnparsedEntry {
  readonly kind: "unparsed";
  readonly reason: string;
  /** The line as text, or the record's bytes in base64 when they are not UTF-8 (`encoding`). */
  readonly raw: string;
  readonly encoding: "utf8" | "base64";
  readonly source: LineSource;
  readonly part?: number;
  readonly parts?: number;
}

/** One CloudWatch Logs event to write, and the Kinesis record it comes from. */
export interface PendingEvent {
  readonly recordIndex: number;
  readonly timestamp: number;
  readonly message: string;
  readonly bytes: number;
}

/** CloudWatch Logs counts 26 bytes per event on top of the message. */
export const EVENT_OVERHEAD_BYTES = 26;
/** Largest event CloudWatch Logs accepts (256 KiB), overhead included. */
export const MAX_EVENT_BYTES = 262_144;
// A JSON-escaped character takes at most 6 bytes (\u001f), which bounds a part's size safely.
const MAX_ESCAPED_CHAR_BYTES = 6;

/** The structured entry of a kept line. */
export function logEntry(parsed: ParsedLine, source: LineSource): LogEntry {
  const { format, severity, severityCode, hostname, process, pid, messageId, facility, message } = parsed;
  return {
    kind: "log",
    level: parsed.level === "ERROR" ? "ERROR" : "WARN",
    severity,
    severityCode,
    timestamp: parsed.timestampMs === undefined ? null : new Date(parsed.timestampMs).toISOString(),
    ...(hostname !== undefined ? { hostname } : {}),
    ...(process !== undefined ? { process } : {}),
    ...(pid !== undefined ? { pid } : {}),
    ...(messageId !== undefined ? { messageId } : {}),
    ...(facility !== undefined ? { facility } : {}),
    format,
    message,
    source,
  };
}

/**
 * Serialises an entry into CloudWatch Logs messages. An entry over the 256 KiB event limit has
 * its long field (`message` or `raw`) cut into numbered parts, each a complete JSON object, so
 * nothing is truncated and Logs Insights can still parse every event.
 */
export function toMessages(entry: LogEntry | UnparsedEntry): string[] {
  const whole = JSON.stringify(entry);
  if (Buffer.byteLength(whole, "utf8") + EVENT_OVERHEAD_BYTES <= MAX_EVENT_BYTES) return [whole];
  const field = entry.kind === "log" ? "message" : "raw";
  const text = entry.kind === "log" ? entry.message : entry.raw;
  const envelopeBytes = Buffer.byteLength(JSON.stringify({ ...entry, [field]: "", part: 999_999, parts: 999_999 }), "utf8");
  const chunkChars = Math.floor((MAX_EVENT_BYTES - EVENT_OVERHEAD_BYTES - envelopeBytes) / MAX_ESCAPED_CHAR_BYTES);
  const parts = Math.ceil(text.length / chunkChars);
  return Array.from({ length: parts }, (_, i) =>
    JSON.stringify({ ...entry, [field]: text.slice(i * chunkChars, (i + 1) * chunkChars), part: i + 1, parts }),
  );
}
