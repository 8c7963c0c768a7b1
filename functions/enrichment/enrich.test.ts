import { describe, expect, it } from "vitest";
import { enrichRecord, enrichToBytes, type EnrichOptions } from "./enrich";
import { PermanentRecordError } from "../shared/errors";
import type { LookupResult } from "./lookup";

const options: EnrichOptions = { lookupKeyField: "customer_id", enrichmentAttribute: "customer", missingLookupMode: "pass-through" };
const source = { sequenceNumber: "4960", subSequenceNumber: 0 };
const found: LookupResult = { found: true, item: { customer_id: "c-1", name: "Ada \"the first\"", tier: "gold" } };

function both(text: string, lookup: LookupResult, opts: EnrichOptions = options) {
  const record = JSON.parse(text) as Record<string, unknown>;
  const bytes = enrichToBytes(Buffer.from(text), record, lookup, opts, source);
  return { fromBytes: JSON.parse(Buffer.from(bytes).toString("utf8")), reference: enrichRecord(record, lookup, opts, source) };
}

describe("enrichToBytes", () => {
  it.each([
    ["a record", '{"customer_id":"c-1","amount":10,"note":"é}"}'],
    ["a record with spaces and a trailing newline", '{ "customer_id" : "c-1" }\n'],
    ["an empty object", "{}"],
    ["a record that already has the attribute", '{"customer_id":"c-1","customer":"old"}'],
    ["a record that already has metadata", '{"customer_id":"c-1","_enrichment":1}'],
  ])("gives the same JSON as enrichRecord for %s", (_name, text) => {
    // Act
    const { fromBytes, reference } = both(text, found);

    // Assess
    expect(fromBytes).toEqual(reference);
    expect(Object.keys(fromBytes)).toEqual(Object.keys(reference));
  });

  it("marks a miss not_found in pass-through mode", () => {
    // Act
    const { fromBytes } = both('{"customer_id":"c-9"}', { found: false });

    // Assess
    expect(fromBytes).toEqual({ customer_id: "c-9", _enrichment: { status: "not_found", source } });
  });

  it("refuses a miss in fail mode", () => {
    expect(() => both('{"customer_id":"c-9"}', { found: false }, { ...options, missingLookupMode: "fail" })).toThrow(PermanentRecordError);
  });
});
