import * as z from "zod/mini";
import { defineContract } from "../shared/contract";

/** What to do with a record whose key is not in the lookup table. */
export const MissingLookupModeSchema = z.enum(["pass-through", "fail"]);

const fieldName = z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_-]{0,254}$/, "expected a field name"));
const integerIn = (min: number, max: number) => z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max));

/** What enrichment needs and reads, for the stacks, the alarms and the handler. */
export const EnrichmentContract = defineContract({
  handler: "enrichment",
  access: {
    lookupTable: { variable: "LOOKUP_TABLE_NAME", why: "it looks records up in" },
    outputStream: { variable: "OUTPUT_STREAM_NAME", why: "it writes enriched records to" },
    deadLetterStore: { variable: "DEAD_LETTER_QUEUE_URL" },
  },
  settings: {
    /** The record field holding the lookup key. */
    LOOKUP_KEY_FIELD: z._default(fieldName, "customer_id"),
    /** The table's key attribute, when it differs from the record's field. */
    LOOKUP_TABLE_KEY_ATTRIBUTE: z.optional(fieldName),
    /** The record field the looked-up item is written to. */
    ENRICHMENT_ATTRIBUTE: z._default(fieldName, "customer"),
    MISSING_LOOKUP_MODE: z._default(MissingLookupModeSchema, "pass-through"),
    CACHE_MAX_ENTRIES: z._default(integerIn(1, 1_000_000), 10_000),
    CACHE_TTL_SECONDS: z._default(integerIn(1, 86_400), 300),
  },
});
