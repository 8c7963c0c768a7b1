import { z } from "zod";
import { parseEnvironment } from "./env";

/** Environment variable names of the enrichment function, for the stacks that deploy it. */
export const EnrichmentEnv = {
  lookupTableName: "LOOKUP_TABLE_NAME",
  lookupKeyField: "LOOKUP_KEY_FIELD",
  lookupTableKeyAttribute: "LOOKUP_TABLE_KEY_ATTRIBUTE",
  enrichmentAttribute: "ENRICHMENT_ATTRIBUTE",
  missingLookupMode: "MISSING_LOOKUP_MODE",
  cacheMaxEntries: "CACHE_MAX_ENTRIES",
  cacheTtlSeconds: "CACHE_TTL_SECONDS",
  outputStreamName: "OUTPUT_STREAM_NAME",
  outputStreamArn: "OUTPUT_STREAM_ARN",
  deadLetterQueueUrl: "DEAD_LETTER_QUEUE_URL",
} as const;

/** What to do with a record whose key is not in the lookup table. */
export const MissingLookupModeSchema = z.enum(["pass-through", "fail"]);

const fieldName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,254}$/, "expected a field name");

/** What to do with a record whose key is not in the lookup table. */
export type MissingLookupMode = z.infer<typeof MissingLookupModeSchema>;

/** Schema of the enrichment function's environment, keyed by variable name. */
export const EnrichmentEnvSchema = z
  .object({
    LOOKUP_TABLE_NAME: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, "expected a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)"),
    LOOKUP_KEY_FIELD: fieldName.default("customer_id"),
    LOOKUP_TABLE_KEY_ATTRIBUTE: fieldName.optional(),
    ENRICHMENT_ATTRIBUTE: fieldName.default("customer"),
    MISSING_LOOKUP_MODE: MissingLookupModeSchema.default("pass-through"),
    CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
    CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    OUTPUT_STREAM_NAME: z.string().min(1).max(128).optional(),
    OUTPUT_STREAM_ARN: z.string().startsWith("arn:").optional(),
    DEAD_LETTER_QUEUE_URL: z.url(),
  })
  .refine((env) => env.OUTPUT_STREAM_NAME !== undefined || env.OUTPUT_STREAM_ARN !== undefined, {
    message: "one of OUTPUT_STREAM_NAME or OUTPUT_STREAM_ARN is required",
    path: ["OUTPUT_STREAM_NAME"],
  })
  .transform((env) => ({
    lookupTableName: env.LOOKUP_TABLE_NAME,
    lookupKeyField: env.LOOKUP_KEY_FIELD,
    lookupTableKeyAttribute: env.LOOKUP_TABLE_KEY_ATTRIBUTE ?? env.LOOKUP_KEY_FIELD,
    enrichmentAttribute: env.ENRICHMENT_ATTRIBUTE,
    missingLookupMode: env.MISSING_LOOKUP_MODE,
    cacheMaxEntries: env.CACHE_MAX_ENTRIES,
    cacheTtlMs: env.CACHE_TTL_SECONDS * 1000,
    outputStream: env.OUTPUT_STREAM_ARN !== undefined ? { streamArn: env.OUTPUT_STREAM_ARN } : { streamName: env.OUTPUT_STREAM_NAME as string },
    deadLetterQueueUrl: env.DEAD_LETTER_QUEUE_URL,
  }));

/** The enrichment function's settings, resolved from its environment. */
export type EnrichmentConfig = z.infer<typeof EnrichmentEnvSchema>;

/** Reads and validates the enrichment function's environment; throws listing every problem. */
export function loadEnrichmentConfig(env: Readonly<Record<string, string | undefined>> = process.env): EnrichmentConfig {
  return parseEnvironment("enrichment", EnrichmentEnvSchema, env);
}
