import { defineContract } from "../shared/contract";
import { integerVariable } from "../shared/env";

/**
 * What ingest reads, for the API stack and the handler. Its one resource, the stream, is set by
 * the http-ingest-api module itself (`STREAM_NAME`), so it declares no access of its own.
 */
export const IngestContract = defineContract({
  handler: "ingest",
  access: {},
  settings: {
    /** Minutes a timestamp may be ahead of now (as stream-processor). */
    MAX_FUTURE_MINUTES: integerVariable(5, 1440),
    /** Largest event accepted, in bytes of JSON (as stream-processor). */
    MAX_EVENT_BYTES: integerVariable(350_000, 1_048_000),
    /** PutRecords attempts per record before answering 503. */
    PUT_MAX_ATTEMPTS: integerVariable(5, 10),
  },
});
