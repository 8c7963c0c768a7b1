import type { MissingLookupMode } from "./config";
import { PermanentRecordError } from "../shared/errors";
import { randomUUID } from "node:crypto";
import { itemToJson } from "./item-json";
import type { LookupKey, LookupResult } from "./lookup";

/** How a record is enriched. */
export interface EnrichOptions {
  /** Field of the record holding the lookup key. */
  readonly lookupKeyField: string;
  /** Field the looked-up item is written under. */
  readonly enrichmentAttribute: string;
  /** What a key missing from the table does to the record. */
  readonly missingLookupMode: MissingLookupMode;
}

/** Where an output record came from, so consumers can drop the duplicates a retried batch may write. */
export interface SourcePosition {
  readonly sequenceNumber: string;
  readonly subSequenceNumber?: number;
}

/** Status written under `_enrichment.status`: `not_found` marks a record passed through unchanged. */
export type EnrichmentStatus = "enriched" | "not_found";

/** Name of the metadata field every output record carries. */
export const ENRICHMENT_METADATA_FIELD = "_enrichment";

/** The record as a JSON object, or a permanent failure (arrays and scalars cannot be enriched). */
export function asObject(payload: unknown): Record<string, unknown> {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    const kind = payload === null ? "null" : Array.isArray(payload) ? "an array" : `a ${typeof payload}`;
    throw new PermanentRecordError("not_object", `record must be a JSON object, got ${kind}`);
  }
  return payload as Record<string, unknown>;
}

/** DynamoDB refuses a partition key over 2048 bytes: such a key is the record's fault, found before any call. */
const MAX_KEY_BYTES = 2048;

/**
 * The record's lookup key, or a permanent failure when it is missing, empty, longer than DynamoDB
 * accepts, or a number that is not a safe integer (JSON.parse already rounded anything beyond
 * 2^53, so the lookup would find another customer: such keys must be sent as strings).
 */
export function lookupKeyOf(record: Record<string, unknown>, field: string): LookupKey {
  const key = record[field];
  if (key === undefined || key === null) {
    throw new PermanentRecordError("missing_key_field", `record has no "${field}" field`);
  }
  if (typeof key === "string" && key.length > 0) {
    const bytes = Buffer.byteLength(key, "utf8");
    if (bytes <= MAX_KEY_BYTES) return key;
    throw new PermanentRecordError("invalid_key_field", `"${field}" must be at most ${MAX_KEY_BYTES} bytes, got ${bytes}`);
  }
  if (typeof key === "number" && Number.isSafeInteger(key)) return key;
  const shown = (JSON.stringify(key) ?? String(key)).slice(0, 100);
  throw new PermanentRecordError(
    "invalid_key_field",
    `"${field}" must be a non-empty string or a safe integer (up to 2^53 - 1; send bigger ids as strings), got ${shown}`,
  );
}

/**
 * The enriched record: the looked-up item under the enrichment attribute, and `_enrichment`
 * metadata (status and source position). A miss passes the record through marked `not_found`,
 * or throws a permanent failure in `fail` mode.
 */
export function enrichRecord(
  record: Record<string, unknown>,
  lookup: LookupResult,
  options: EnrichOptions,
  source: SourcePosition,
): Record<string, unknown> {
  assertUsable(record, lookup, options);
  const status: EnrichmentStatus = lookup.found ? "enriched" : "not_found";
  const enriched: Record<string, unknown> = { ...record };
  if (lookup.found) enriched[options.enrichmentAttribute] = lookup.item;
  enriched[ENRICHMENT_METADATA_FIELD] = { status, source };
  return enriched;
}

function assertUsable(record: Record<string, unknown>, lookup: LookupResult, options: EnrichOptions): void {
  if (!lookup.found && options.missingLookupMode === "fail") {
    throw new PermanentRecordError(
      "lookup_miss",
      `no item for ${options.lookupKeyField}=${JSON.stringify(record[options.lookupKeyField])} in the lookup table`,
    );
  }
}

// Items are shared by every record with the same key (they live in the cache): serialise each once.
const itemJson = new WeakMap<object, string>();

function jsonOfItem(item: Record<string, unknown>): string {
  let json = itemJson.get(item);
  if (json === undefined) {
    json = itemToJson(item);
    itemJson.set(item, json);
  }
  return json;
}

const CLOSING_BRACE = 0x7d;
const utf8 = new TextEncoder();

function hasNoKeys(record: Record<string, unknown>): boolean {
  for (const _key in record) return false;
  return true;
}

/**
 * The bytes of {@link enrichRecord}'s result, built by appending the new fields to the record's
 * original JSON instead of serialising the whole record again (the record's own bytes are kept
 * as they were). Falls back to a full serialisation when the record already has one of the fields.
 */
export function enrichToBytes(
  data: Uint8Array,
  record: Record<string, unknown>,
  lookup: LookupResult,
  options: EnrichOptions,
  source: SourcePosition,
): Uint8Array {
  assertUsable(record, lookup, options);
  if (Object.hasOwn(record, options.enrichmentAttribute) || Object.hasOwn(record, ENRICHMENT_METADATA_FIELD)) {
    // The record carries a field we write: serialise the whole result (only then are the record's
    // own bytes not kept), with the item spliced in as exact JSON where a placeholder stood.
    const result = enrichRecord(record, lookup, options, source);
    if (!lookup.found) return utf8.encode(JSON.stringify(result));
    let placeholder = randomUUID();
    let text = JSON.stringify({ ...result, [options.enrichmentAttribute]: placeholder });
    while (text.indexOf(placeholder) !== text.lastIndexOf(placeholder)) {
      placeholder = randomUUID();
      text = JSON.stringify({ ...result, [options.enrichmentAttribute]: placeholder });
    }
    return utf8.encode(text.replace(`"${placeholder}"`, () => jsonOfItem(lookup.item)));
  }
  const base = data;
  const end = base.lastIndexOf(CLOSING_BRACE);
  if (end < 0) throw new PermanentRecordError("not_object", "record has no closing brace");
  const status: EnrichmentStatus = lookup.found ? "enriched" : "not_found";
  const added = lookup.found ? `${JSON.stringify(options.enrichmentAttribute)}:${jsonOfItem(lookup.item)},` : "";
  const suffix = utf8.encode(`${hasNoKeys(record) ? "" : ","}${added}"${ENRICHMENT_METADATA_FIELD}":${JSON.stringify({ status, source })}}`);
  const out = new Uint8Array(end + suffix.length);
  out.set(base.subarray(0, end), 0);
  out.set(suffix, end);
  return out;
}
