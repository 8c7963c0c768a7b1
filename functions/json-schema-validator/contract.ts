import { defineContract } from "../shared/contract";

/** What json-schema-validator needs and reads, for the stacks, the alarms and the handler. */
export const JsonSchemaValidatorContract = defineContract({
  handler: "json-schema-validator",
  access: {
    outputStream: { variable: "OUTPUT_STREAM_NAME", why: "it writes valid records to" },
    deadLetterStore: { variable: "DEAD_LETTER_QUEUE_URL" },
    /** The record contract, as JSON text: the stack minifies the pipeline's `schemaFile` into it. */
    recordSchema: { variable: "RECORD_SCHEMA", why: "it validates every record against the JSON Schema in" },
  },
  settings: {},
});
