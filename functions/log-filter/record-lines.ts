import type { KinesisStreamRecord } from "aws-lambda";
import { deaggregate } from "../shared/kpl";
import { logEntry, toMessages, unparsedEntry, EVENT_OVERHEAD_BYTES, type LineSource, type PendingEvent, type UnparsedEntry } from "./log-entry";
import { parseLine, UnparseableLineError } from "./parse-line";
import { isKept } from "./severity";

/** What one Kinesis record turned into. */
export interface RecordLines {
  readonly events: PendingEvent[];
  readonly lines: number;
  readonly kept: number;
  readonly filteredOut: number;
  readonly unparsed: number;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const LINE_BREAK = /\r?\n/;

// Buffer.from skips characters outside the alphabet, so a wrong decoded length reveals bad input.
function decodeBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, "base64");
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  return bytes.length === (text.length / 4) * 3 - padding ? bytes : undefined;
}

/**
 * Turns one Kinesis record (KPL aggregates de-aggregated, several lines per record) into the
 * CloudWatch Logs events to write: one structured entry per ERROR or WARN line, one `unparsed`
 * entry per line no parser understood (or per record that is not base64 or not UTF-8). Lines
 * below WARN are counted and left out. An event's time is its line's, else the record's arrival.
 */
export function recordToEvents(record: KinesisStreamRecord, recordIndex: number): RecordLines {
  const { kinesis } = record;
  const arrival = Math.round(kinesis.approximateArrivalTimestamp * 1000);
  const arrivalMs = Number.isFinite(arrival) && arrival > 0 ? arrival : Date.now();
  const out = { events: [] as PendingEvent[], lines: 0, kept: 0, filteredOut: 0, unparsed: 0 };
  const base = { eventId: record.eventID, sequenceNumber: kinesis.sequenceNumber, partitionKey: kinesis.partitionKey };
  const push = (messages: string[], timestamp: number) => {
    for (const message of messages) out.events.push({ recordIndex, timestamp, message, bytes: Buffer.byteLength(message, "utf8") + EVENT_OVERHEAD_BYTES });
  };
  const unparsed = (source: LineSource, reason: string, raw: string, encoding: UnparsedEntry["encoding"]) => {
    out.unparsed++;
    push(toMessages(unparsedEntry(source, reason, raw, encoding)), arrivalMs);
  };

  const bytes = decodeBase64(kinesis.data);
  if (bytes === undefined) {
    unparsed({ ...base, subSequenceNumber: 0, line: 0 }, "record data is not base64", kinesis.data, "utf8");
    return out;
  }
  const users = deaggregate({ partitionKey: kinesis.partitionKey, data: bytes, sequenceNumber: kinesis.sequenceNumber });
  if (users.length === 0) {
    unparsed({ ...base, subSequenceNumber: 0, line: 0 }, "KPL aggregate holds no user record", bytes.toString("base64"), "base64");
    return out;
  }
  for (const user of users) {
    const userBase = { ...base, partitionKey: user.partitionKey, subSequenceNumber: user.subSequenceNumber };
    let text: string;
    try {
      text = utf8.decode(user.data);
    } catch {
      unparsed({ ...userBase, line: 0 }, "record data is not UTF-8", Buffer.from(user.data).toString("base64"), "base64");
      continue;
    }
    const linesBefore = out.lines;
    for (const [i, line] of text.split(LINE_BREAK).entries()) {
      if (line.trim().length === 0) continue;
      out.lines++;
      const source = { ...userBase, line: i + 1 };
      try {
        const parsed = parseLine(line, arrivalMs);
        if (!isKept(parsed.level)) {
          out.filteredOut++;
          continue;
        }
        push(toMessages(logEntry(parsed, source, line)), parsed.timestampMs ?? arrivalMs);
        out.kept++;
      } catch (error) {
        // Any exception a line causes keeps the line, whatever its class: nothing is dropped unseen.
        if (error instanceof UnparseableLineError) unparsed(source, error.message, line, "utf8");
        else unparsed(source, `unexpected error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, line, "utf8");
      }
    }
    // A record of no line at all is accounted for too: its (blank) text is kept, never skipped unseen.
    if (out.lines === linesBefore) unparsed({ ...userBase, line: 0 }, "record holds no log line", text, "utf8");
  }
  return out;
}
