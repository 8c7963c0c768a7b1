import { levelOf, SEVERITY_NAMES, severityFromPri, severityFromWord, type Level, type SeverityCode } from "./severity";

/** One log line understood: severity, time and the fields F5 BIG-IP writes. */
export interface ParsedLine {
  readonly format: "rfc3164" | "rfc5424" | "json";
  readonly severityCode: SeverityCode;
  readonly severity: string;
  readonly level: Level;
  /** Milliseconds since the epoch, or undefined when the line carries no usable time. */
  readonly timestampMs: number | undefined;
  readonly hostname?: string;
  readonly process?: string;
  readonly pid?: string;
  /** F5 message id, e.g. `01010028`. */
  readonly messageId?: string;
  readonly facility?: number;
  readonly message: string;
}

/** A line that is neither syslog nor JSON with a severity; it is kept as an `unparsed` entry. */
export class UnparseableLineError extends Error {
  override readonly name = "UnparseableLineError";
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const PRI = String.raw`(?:<(\d{1,3})>)?`;
const BSD_TIME = String.raw`([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})`;
const ISO_TIME = String.raw`(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))`;
const RFC3164 = new RegExp(String.raw`^${PRI}(?:${BSD_TIME}|${ISO_TIME}) (\S+) (.*)$`, "s");
const RFC5424 = new RegExp(String.raw`^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]\\]|\\.)*\])+)(?: (.*))?$`, "s");
const TAG = /^([^\s[\]:]{1,64})(?:\[([^\]]{1,32})\])?: ?(.*)$/s;
const F5_MESSAGE_ID = /^([0-9a-fA-F]{8}):([0-7]):\s*/;
// A Kinesis Agent record holds lines from the last few minutes; a BSD time later than this is last year's.
const FUTURE_TOLERANCE_MS = 24 * 3600 * 1000;

/**
 * Parses one line: syslog RFC 5424, syslog RFC 3164 as BIG-IP writes it (optional PRI, BSD or
 * ISO time, host, optional severity word, `tag[pid]:`, optional `01010028:3:` message id), or a
 * JSON object. Severity comes from the PRI, else the severity word, else the F5 message id.
 * BSD times carry no year nor zone: they are read as UTC in the year that puts them at most one
 * day after `referenceMs` (the record's arrival time).
 * @throws UnparseableLineError when the line matches no format or carries no severity.
 */
export function parseLine(line: string, referenceMs: number): ParsedLine {
  const trimmed = line.trim();
  if (trimmed.startsWith("{")) return parseJsonLine(trimmed);
  const rfc5424 = RFC5424.exec(trimmed);
  if (rfc5424) return parseRfc5424(rfc5424);
  const rfc3164 = RFC3164.exec(trimmed);
  if (rfc3164) return parseRfc3164(rfc3164, referenceMs);
  throw new UnparseableLineError("not syslog (RFC 3164 or 5424) nor a JSON object");
}

/** Largest time a Date can hold (100,000,000 days after the epoch), in milliseconds. */
const MAX_DATE_MS = 8.64e15;

/** The time if a Date can hold it and it is not before the epoch; otherwise none (the arrival time is used). */
function usableTime(ms: number | undefined): number | undefined {
  return ms !== undefined && Number.isFinite(ms) && ms >= 0 && ms <= MAX_DATE_MS ? Math.floor(ms) : undefined;
}

function nil(value: string | undefined): string | undefined {
  return value === undefined || value === "-" ? undefined : value;
}

function withSeverity(code: SeverityCode) {
  return { severityCode: code, severity: SEVERITY_NAMES[code] as string, level: levelOf(code) };
}

function parseRfc5424(m: RegExpExecArray): ParsedLine {
  const pri = Number(m[1]);
  const code = severityFromPri(pri);
  if (code === undefined) throw new UnparseableLineError(`syslog PRI must be between 0 and 191, got ${pri}`);
  const time = nil(m[2]);
  const timestampMs = time === undefined ? undefined : Date.parse(time);
  let message = m[8] ?? "";
  if (message.startsWith("\uFEFF")) message = message.slice(1);
  const f5 = F5_MESSAGE_ID.exec(message);
  return {
    format: "rfc5424",
    ...withSeverity(code),
    timestampMs: usableTime(timestampMs),
    hostname: nil(m[3]),
    process: nil(m[4]),
    pid: nil(m[5]),
    messageId: f5?.[1] ?? nil(m[6]),
    facility: Math.floor(pri / 8),
    message,
  };
}

function bsdTime(month: string, day: string, h: string, min: string, s: string, referenceMs: number): number | undefined {
  const monthIndex = MONTHS.indexOf(month);
  if (monthIndex < 0) return undefined;
  const year = new Date(referenceMs).getUTCFullYear();
  const at = (y: number) => Date.UTC(y, monthIndex, Number(day), Number(h), Number(min), Number(s));
  const thisYear = at(year);
  return thisYear > referenceMs + FUTURE_TOLERANCE_MS ? at(year - 1) : thisYear;
}

function parseRfc3164(m: RegExpExecArray, referenceMs: number): ParsedLine {
  const pri = m[1] === undefined ? undefined : Number(m[1]);
  const priCode = pri === undefined ? undefined : severityFromPri(pri);
  if (pri !== undefined && priCode === undefined) throw new UnparseableLineError(`syslog PRI must be between 0 and 191, got ${pri}`);
  let timestampMs: number | undefined;
  if (m[2] !== undefined) {
    timestampMs = bsdTime(m[2], m[3] as string, m[4] as string, m[5] as string, m[6] as string, referenceMs);
    if (timestampMs === undefined) throw new UnparseableLineError(`unknown month "${m[2]}"`);
  } else {
    timestampMs = Date.parse(m[7] as string);
  }
  let rest = m[9] as string;
  const firstWord = /^(\S+) /.exec(rest);
  const wordCode = firstWord ? severityFromWord(firstWord[1] as string) : undefined;
  if (wordCode !== undefined) rest = rest.slice((firstWord as RegExpExecArray)[0].length);
  const tag = TAG.exec(rest);
  const message = tag ? (tag[3] as string) : rest;
  const f5 = F5_MESSAGE_ID.exec(message);
  const code = priCode ?? wordCode ?? (f5 ? (Number(f5[2]) as SeverityCode) : undefined);
  if (code === undefined) throw new UnparseableLineError("syslog line without PRI, severity word or F5 message id: no severity");
  return {
    format: "rfc3164",
    ...withSeverity(code),
    timestampMs: usableTime(timestampMs),
    hostname: m[8],
    ...(tag ? { process: tag[1] as string } : {}),
    ...(tag?.[2] !== undefined ? { pid: tag[2] } : {}),
    ...(f5 ? { messageId: f5[1] as string } : {}),
    ...(pri !== undefined ? { facility: Math.floor(pri / 8) } : {}),
    message,
  };
}

const SEVERITY_FIELDS = ["severity", "level", "log_level", "loglevel", "syslog_severity", "priority"];
const HOST_FIELDS = ["hostname", "host", "syslog_hostname"];
const MESSAGE_FIELDS = ["message", "msg", "log"];
const TIME_FIELDS = ["timestamp", "@timestamp", "time", "date"];

function first(object: Record<string, unknown>, fields: readonly string[]): unknown {
  for (const field of fields) if (object[field] !== undefined && object[field] !== null) return object[field];
  return undefined;
}

/**
 * An epoch number in seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude
 * (each unit's values for the years 1973 to 5138 do not overlap), or an ISO string. Anything else,
 * negative or out of a Date's range gives none.
 */
function jsonTime(value: unknown): number | undefined {
  if (typeof value === "number") {
    const magnitude = Math.abs(value);
    if (magnitude < 1e11) return usableTime(value * 1000);
    if (magnitude < 1e14) return usableTime(value);
    if (magnitude < 1e17) return usableTime(value / 1e3);
    if (magnitude < 1e20) return usableTime(value / 1e6);
    return undefined;
  }
  if (typeof value !== "string") return undefined;
  return usableTime(Date.parse(value));
}

function parseJsonLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new UnparseableLineError(`looks like JSON but does not parse: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new UnparseableLineError("JSON line is not an object");
  const object = value as Record<string, unknown>;
  const rawSeverity = first(object, SEVERITY_FIELDS);
  const code =
    typeof rawSeverity === "string"
      ? severityFromWord(rawSeverity.trim())
      : typeof rawSeverity === "number" && Number.isInteger(rawSeverity) && rawSeverity >= 0 && rawSeverity <= 7
        ? (rawSeverity as SeverityCode)
        : undefined;
  if (code === undefined) {
    throw new UnparseableLineError(`JSON line has no known severity in ${SEVERITY_FIELDS.join("/")}, got ${JSON.stringify(rawSeverity) ?? "nothing"}`);
  }
  const host = first(object, HOST_FIELDS);
  const message = first(object, MESSAGE_FIELDS);
  const messageText = typeof message === "string" ? message : JSON.stringify(message ?? object);
  const f5 = F5_MESSAGE_ID.exec(messageText);
  return {
    format: "json",
    ...withSeverity(code),
    timestampMs: jsonTime(first(object, TIME_FIELDS)),
    ...(typeof host === "string" ? { hostname: host } : {}),
    ...(f5 ? { messageId: f5[1] as string } : {}),
    message: messageText,
  };
}
