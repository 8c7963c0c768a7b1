import type { MissingLookupMode } from "./config";
import { PermanentRecordError } from "./errors";
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

/** The record's lookup key, or a permanent failure when it is missing, empty or not a string or number. */
export function lookupKeyOf(record: Record<string, unknown>, field: string): LookupKey {
  const key = record[field];
  if (key === undefined || key === null) {
    throw new PermanentRecordError("missing_key_field", `record has no "${field}" field`);
  }
  if (typeof key === "string" && key.length > 0) return key;
  if (typeof key === "number" && Number.isFinite(key)) return key;
  throw new PermanentRecordError(
    "invalid_key_field",
    `"${field}" must be a non-empty string or a finite number, got ${JSON.stringify(key)}`,
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
  if (!lookup.found && options.missingLookupMode === "fail") {
    throw new PermanentRecordError(
      "lookup_miss",
      `no item for ${options.lookupKeyField}=${JSON.stringify(record[options.lookupKeyField])} in the lookup table`,
    );
  }
  const status: EnrichmentStatus = lookup.found ? "enriched" : "not_found";
  const enriched: Record<string, unknown> = { ...record };
  if (lookup.found) enriched[options.enrichmentAttribute] = lookup.item;
  enriched[ENRICHMENT_METADATA_FIELD] = { status, source };
  return enriched;
}
