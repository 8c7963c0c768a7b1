import * as z from "zod/mini";
import { en } from "zod/locales";
import { parseEnvironment } from "../shared/env";

// zod/mini: the same schemas for a fraction of the classic API's module initialisation time.
z.config(en());

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

const fieldName = z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_-]{0,254}$/, "expected a field name"));

/** What to do with a record whose key is not in the lookup table. */
export type MissingLookupMode = z.infer<typeof MissingLookupModeSchema>;

/** Schema of the enrichment function's environment, keyed by variable name. */
export const EnrichmentEnvSchema = z.pipe(
  z
    .object({
      LOOKUP_TABLE_NAME: z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, "expected a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)")),
      LOOKUP_KEY_FIELD: z._default(fieldName, "customer_id"),
      LOOKUP_TABLE_KEY_ATTRIBUTE: z.optional(fieldName),
      ENRICHMENT_ATTRIBUTE: z._default(fieldName, "customer"),
      MISSING_LOOKUP_MODE: z._default(MissingLookupModeSchema, "pass-through"),
      CACHE_MAX_ENTRIES: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)), 10_000),
      CACHE_TTL_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(86_400)), 300),
      OUTPUT_STREAM_NAME: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
      OUTPUT_STREAM_ARN: z.optional(z.string().check(z.startsWith("arn:"))),
      DEAD_LETTER_QUEUE_URL: z.url(),
    })
    .check(
      z.refine((env) => env.OUTPUT_STREAM_NAME !== undefined || env.OUTPUT_STREAM_ARN !== undefined, {
        message: "one of OUTPUT_STREAM_NAME or OUTPUT_STREAM_ARN is required",
        path: ["OUTPUT_STREAM_NAME"],
      }),
    ),
  z.transform((env) => ({
    lookupTableName: env.LOOKUP_TABLE_NAME,
    lookupKeyField: env.LOOKUP_KEY_FIELD,
    lookupTableKeyAttribute: env.LOOKUP_TABLE_KEY_ATTRIBUTE ?? env.LOOKUP_KEY_FIELD,
    enrichmentAttribute: env.ENRICHMENT_ATTRIBUTE,
    missingLookupMode: env.MISSING_LOOKUP_MODE,
    cacheMaxEntries: env.CACHE_MAX_ENTRIES,
    cacheTtlMs: env.CACHE_TTL_SECONDS * 1000,
    outputStream: env.OUTPUT_STREAM_ARN !== undefined ? { streamArn: env.OUTPUT_STREAM_ARN } : { streamName: env.OUTPUT_STREAM_NAME as string },
    deadLetterQueueUrl: env.DEAD_LETTER_QUEUE_URL,
  })),
);

/** The enrichment function's settings, resolved from its environment. */
export type EnrichmentConfig = z.infer<typeof EnrichmentEnvSchema>;

/** Reads and validates the enrichment function's environment; throws listing every problem. */
export function loadEnrichmentConfig(env: Readonly<Record<string, string | undefined>> = process.env): EnrichmentConfig {
  return parseEnvironment("enrichment", EnrichmentEnvSchema, env);
}
