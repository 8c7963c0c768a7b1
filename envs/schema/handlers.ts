import { TRANSACTION_FIELDS } from "../../functions/fraud-detector/field-mapping";
import { EVENTS_TABLE_KEY, EVENTS_TABLE_TTL_ATTRIBUTE } from "../../functions/stream-processor/config";

/** Functions shipped in `functions/` that a processor can run. */
export const HANDLERS = ["stream-processor", "enrichment", "log-filter", "fraud-detector", "json-schema-validator"] as const;

/** One of {@link HANDLERS}. */
export type HandlerName = (typeof HANDLERS)[number];

/** What a handler cannot run without, besides its source stream: each becomes a required processor field. */
export interface HandlerNeeds {
  /** A table of the pipeline (`table:`), and why. */
  readonly table?: string;
  /** The key attributes the handler writes, when it owns the table's items. */
  readonly tableKey?: { readonly partitionKey: string; readonly sortKey: string };
  /** The expiry attribute the handler writes on its items: the table's `ttlAttribute` must be it when set. */
  readonly ttlAttribute?: string;
  /** An alert topic (`alertTopic: true`), and why. */
  readonly alertTopic?: string;
  /** The pipeline's output stream (`writesToOutputStream: true`), and why. */
  readonly outputStream?: string;
  /** A JSON Schema file (`schemaFile:`), and why. */
  readonly schemaFile?: string;
}

/**
 * Each handler's needs, from the environment variables its `config.ts` requires: a processor
 * without them would deploy a function whose every invocation fails on its configuration.
 */
export const HANDLER_NEEDS: Readonly<Record<HandlerName, HandlerNeeds>> = {
  "stream-processor": {
    table: "it writes valid events to EVENTS_TABLE_NAME",
    tableKey: EVENTS_TABLE_KEY,
    ttlAttribute: EVENTS_TABLE_TTL_ATTRIBUTE,
    alertTopic: "it publishes malformed-event summaries to MALFORMED_TOPIC_ARN",
  },
  enrichment: {
    table: "it looks records up in LOOKUP_TABLE_NAME",
    outputStream: "it writes enriched records to OUTPUT_STREAM_NAME",
  },
  "fraud-detector": { alertTopic: "it publishes one alert per flagged transaction to ALERT_TOPIC_ARN" },
  "log-filter": {},
  "json-schema-validator": {
    outputStream: "it writes valid records to OUTPUT_STREAM_NAME",
    schemaFile: "it validates every record against the JSON Schema in RECORD_SCHEMA",
  },
};

/**
 * The record fields a pipeline may map to its producer's names (`fieldMapping:`), by handler; a
 * handler not listed reads its records in its own shape only.
 */
export const HANDLER_RECORD_FIELDS: Readonly<Partial<Record<HandlerName, readonly string[]>>> = {
  "fraud-detector": TRANSACTION_FIELDS,
};
