import * as z from "zod/mini";
import { environmentSchema } from "../shared/contract";
import { OutputStreamVariables, outputStreamTarget, parseEnvironment, requireOutputStream } from "../shared/env";
import { EnrichmentContract, MissingLookupModeSchema } from "./contract";

export { MissingLookupModeSchema };

/** What to do with a record whose key is not in the lookup table. */
export type MissingLookupMode = z.infer<typeof MissingLookupModeSchema>;

/** Schema of the enrichment function's environment, keyed by variable name. */
export const EnrichmentEnvSchema = z.pipe(
  environmentSchema(EnrichmentContract, {
    LOOKUP_TABLE_NAME: z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, "expected a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)")),
    ...OutputStreamVariables,
    DEAD_LETTER_QUEUE_URL: z.url(),
  }).check(requireOutputStream),
  z.transform((env) => ({
    lookupTableName: env.LOOKUP_TABLE_NAME,
    lookupKeyField: env.LOOKUP_KEY_FIELD,
    lookupTableKeyAttribute: env.LOOKUP_TABLE_KEY_ATTRIBUTE ?? env.LOOKUP_KEY_FIELD,
    enrichmentAttribute: env.ENRICHMENT_ATTRIBUTE,
    missingLookupMode: env.MISSING_LOOKUP_MODE,
    cacheMaxEntries: env.CACHE_MAX_ENTRIES,
    cacheTtlMs: env.CACHE_TTL_SECONDS * 1000,
    outputStream: outputStreamTarget(env),
    deadLetterQueueUrl: env.DEAD_LETTER_QUEUE_URL,
  })),
);

/** The enrichment function's settings, resolved from its environment. */
export type EnrichmentConfig = z.infer<typeof EnrichmentEnvSchema>;

/** Reads and validates the enrichment function's environment; throws listing every problem. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): EnrichmentConfig {
  return parseEnvironment(EnrichmentContract.handler, EnrichmentEnvSchema, env);
}
