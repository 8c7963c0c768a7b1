import { createHash } from "node:crypto";
import type { KinesisStreamRecord } from "aws-lambda";
import { aggregateRecords, deaggregate, KPL_MAGIC } from "../kpl";
import { kinesisRecord } from "./kinesis-events";

/** One generated input: a Kinesis record and what it is, for failure messages. */
export interface HostileInput {
  readonly label: string;
  readonly record: KinesisStreamRecord;
}

const BIG_INTEGER = "123456789012345678901234567890";
const MARKER = "\u0000hostile-literal\u0000";

/** Values put in every field position (strings are JSON strings; `literal` values are raw JSON text). */
const FIELD_VALUES: ReadonlyArray<{ label: string; value?: unknown; literal?: string }> = [
  { label: "integer beyond 2^53", literal: BIG_INTEGER },
  { label: "negative integer beyond 2^53", literal: `-${BIG_INTEGER}` },
  { label: "300 KB string", value: "x".repeat(300_000) },
  { label: "300 KB of multi-byte characters", value: "é".repeat(150_000) },
  { label: "NUL", value: "a\u0000b" },
  { label: "U+FFFE and U+FFFF", value: "a\uFFFEb\uFFFF" },
  { label: "lone high surrogate", value: "a\uD800b" },
  { label: "lone low surrogate", value: "\uDC00" },
  { label: "epoch nanoseconds", literal: "1768046401123456789" },
  { label: "negative time", literal: "-1" },
  { label: "NaN as a string", value: "NaN" },
  { label: "1e400 (Infinity once parsed)", literal: "1e400" },
  { label: "deeply nested JSON", literal: "[".repeat(5_000) + "]".repeat(5_000) },
  { label: "null", value: null },
  { label: "empty string", value: "" },
];

/** Every leaf path of a JSON object, dotted. */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return prefix.length > 0 ? [prefix] : [];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
}

function withValue(sample: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(sample);
  let node = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

function jsonWith(sample: Record<string, unknown>, path: string[], field: (typeof FIELD_VALUES)[number]): string {
  if (field.literal === undefined) return JSON.stringify(withValue(sample, path, field.value));
  return JSON.stringify(withValue(sample, path, MARKER)).replace(JSON.stringify(MARKER), field.literal);
}

/**
 * Hostile inputs for a handler, generated from a valid sample (`sample(i)` must give a different
 * valid record each call, so no two inputs share an idempotency key): every value of
 * {@link FIELD_VALUES} in every field position of the sample, then whole-record cases (invalid
 * UTF-8, not base64, empty and corrupt KPL aggregates, a 1 MiB record, deeply nested JSON,
 * an aggregate mixing good and bad records). `encode` turns a sample's JSON text into the record's
 * bytes (log-filter wraps it in a syslog line, say).
 */
export function hostileInputs(sample: (i: number) => Record<string, unknown>, encode: (json: string) => string = (json) => json): HostileInput[] {
  let i = 0;
  const inputs: HostileInput[] = [];
  const add = (label: string, record: KinesisStreamRecord) => inputs.push({ label, record });
  const base = sample(i++);
  for (const path of leafPaths(base)) {
    for (const field of FIELD_VALUES) add(`${field.label} in ${path.join(".")}`, kinesisRecord(encode(jsonWith(sample(i++), path, field))));
  }
  add("invalid UTF-8", kinesisRecord(Buffer.concat([Buffer.from(encode(JSON.stringify(sample(i++))).slice(0, -2)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')])));
  add("not base64", kinesisRecord(undefined, { data: "***not-base64***" }));
  add("base64 of nothing", kinesisRecord(undefined, { data: "" }));
  add("empty KPL aggregate", kinesisRecord(emptyAggregate()));
  const corrupt = Buffer.from(aggregateRecords([{ partitionKey: "p", data: Buffer.from(encode(JSON.stringify(sample(i++)))) }, { partitionKey: "p", data: Buffer.from("x") }])[0]!.data);
  corrupt[corrupt.length - 1]! ^= 0xff;
  add("corrupt KPL aggregate (bad MD5)", kinesisRecord(corrupt));
  add("KPL magic and nothing else", kinesisRecord(Buffer.from(KPL_MAGIC)));
  add("1 MiB record", kinesisRecord(encode(JSON.stringify({ ...sample(i++), padding: "p".repeat(1_048_576 - 2_000) }))));
  add("deeply nested record", kinesisRecord("[".repeat(100_000) + "]".repeat(100_000)));
  const mixed = aggregateRecords([
    { partitionKey: "a", data: Buffer.from(encode(JSON.stringify(sample(i++)))) },
    { partitionKey: "b", data: Buffer.from("{not json") },
    { partitionKey: "c", data: Buffer.from(encode(jsonWith(sample(i++), leafPaths(base)[0]!, FIELD_VALUES[0]!))) },
  ]);
  add("KPL aggregate mixing good and bad records", kinesisRecord(mixed[0]!.data, { partitionKey: mixed[0]!.partitionKey }));
  add("a plain valid record", kinesisRecord(encode(JSON.stringify(sample(i++)))));
  return inputs;
}

/** A valid KPL aggregate of zero user records (magic, empty protobuf, MD5 of it). */
export function emptyAggregate(): Buffer {
  return Buffer.concat([Buffer.from(KPL_MAGIC), createHash("md5").update(Buffer.alloc(0)).digest()]);
}

/** The user records of a Kinesis record as a handler sees them: `${sequenceNumber}/${subSequenceNumber}` and bytes. */
export function userRecordsOf(record: KinesisStreamRecord): Array<{ id: string; data: Buffer }> {
  const bytes = Buffer.from(record.kinesis.data, "base64");
  if (bytes.toString("base64") !== record.kinesis.data) return [{ id: `${record.kinesis.sequenceNumber}/0`, data: Buffer.from(record.kinesis.data, "utf8") }];
  const users = deaggregate({ partitionKey: record.kinesis.partitionKey, data: bytes });
  if (users.length === 0) return [{ id: `${record.kinesis.sequenceNumber}/0`, data: bytes }];
  return users.map((u) => ({ id: `${record.kinesis.sequenceNumber}/${u.subSequenceNumber}`, data: Buffer.from(u.data) }));
}

/** Cuts inputs into batches of at most `size` records. */
export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Dead-letter messages (`dead-letter/1`) of SendMessageBatch calls, joined by record: `${sequenceNumber}/${subSequenceNumber}` to bytes. */
export function deadLetteredData(bodies: readonly string[]): Map<string, Buffer> {
  const parts = new Map<string, { id: string; parts: number; got: Map<number, Buffer> }>();
  for (const body of bodies) {
    const message = JSON.parse(body);
    const entry = parts.get(message.recordId) ?? { id: `${message.source.sequenceNumber}/${message.source.subSequenceNumber}`, parts: message.parts, got: new Map() };
    entry.got.set(message.part, Buffer.from(message.data, "base64"));
    parts.set(message.recordId, entry);
  }
  const out = new Map<string, Buffer>();
  for (const entry of parts.values()) {
    if (entry.got.size !== entry.parts) continue;
    out.set(entry.id, Buffer.concat(Array.from({ length: entry.parts }, (_, i) => entry.got.get(i + 1)!)));
  }
  return out;
}
