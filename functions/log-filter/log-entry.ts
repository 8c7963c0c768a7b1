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
  /**
   * Names of the fields cut to {@link MAX_FIELD_CHARS}; the whole line is then in `raw`, so the
   * cut loses nothing.
   */
  readonly truncated?: string[];
  /** The whole line, present only when a field was cut. */
  readonly raw?: string;
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
/**
 * Characters kept of every field but the one split into parts (`message`, or `raw` when a field
 * was cut): a host name, tag or reason of 300 KB would otherwise leave no room for the split field.
 */
export const MAX_FIELD_CHARS = 1024;

function bounded<T extends Record<string, unknown>>(fields: T, cut: string[]): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string" && value.length > MAX_FIELD_CHARS) {
      cut.push(name);
      out[name] = value.slice(0, MAX_FIELD_CHARS);
    } else if (value !== undefined) out[name] = value;
  }
  return out as T;
}

/**
 * The structured entry of a kept line. Every field is bounded to {@link MAX_FIELD_CHARS} but the
 * message; when one had to be cut, the message is cut too and the whole `line` goes in `raw`,
 * which is split into parts like a long message.
 */
export function logEntry(parsed: ParsedLine, source: LineSource, line: string): LogEntry {
  const cut: string[] = [];
  const { hostname, process, pid, messageId } = bounded({ hostname: parsed.hostname, process: parsed.process, pid: parsed.pid, messageId: parsed.messageId }, cut);
  const { format, severity, severityCode, facility } = parsed;
  const message = cut.length > 0 && parsed.message.length > MAX_FIELD_CHARS ? (cut.push("message"), parsed.message.slice(0, MAX_FIELD_CHARS)) : parsed.message;
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
    ...(cut.length > 0 ? { truncated: cut, raw: line } : {}),
    source,
  };
}

/** An entry for a line no parser understood; its reason (which may quote the line) is bounded. */
export function unparsedEntry(source: LineSource, reason: string, raw: string, encoding: UnparsedEntry["encoding"]): UnparsedEntry {
  return { kind: "unparsed", reason: reason.length > MAX_FIELD_CHARS ? reason.slice(0, MAX_FIELD_CHARS) : reason, raw, encoding, source };
}

/**
 * Serialises an entry into CloudWatch Logs messages. An entry over the 256 KiB event limit has
 * its long field (`message` or `raw`) cut into numbered parts, each a complete JSON object, so
 * nothing is truncated and Logs Insights can still parse every event.
 */
export function toMessages(entry: LogEntry | UnparsedEntry): string[] {
  const whole = JSON.stringify(entry);
  if (Buffer.byteLength(whole, "utf8") + EVENT_OVERHEAD_BYTES <= MAX_EVENT_BYTES) return [whole];
  const field = entry.kind === "log" && entry.raw === undefined ? "message" : "raw";
  const text = field === "message" ? (entry as LogEntry).message : (entry.raw as string);
  const envelopeBytes = Buffer.byteLength(JSON.stringify({ ...entry, [field]: "", part: 999_999, parts: 999_999 }), "utf8");
  const chunkChars = Math.floor((MAX_EVENT_BYTES - EVENT_OVERHEAD_BYTES - envelopeBytes) / MAX_ESCAPED_CHAR_BYTES);
  // Unreachable with bounded fields; a guard so a change elsewhere fails loudly, not with empty parts.
  if (chunkChars <= 0) throw new RangeError(`log entry envelope is ${envelopeBytes} bytes: no room for its ${field} under ${MAX_EVENT_BYTES}`);
  const parts = Math.ceil(text.length / chunkChars);
  return Array.from({ length: parts }, (_, i) =>
    JSON.stringify({ ...entry, [field]: text.slice(i * chunkChars, (i + 1) * chunkChars), part: i + 1, parts }),
  );
}
