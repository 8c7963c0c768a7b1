import * as z from "zod/mini";
import { defineContract } from "../shared/contract";
import { TRANSACTION_FIELDS } from "./field-mapping";

const hour = z.coerce.number().check(z.int(), z.minimum(0), z.maximum(23));

/** What fraud-detector needs and reads, for the stacks, the alarms and the handler. */
export const FraudDetectorContract = defineContract({
  handler: "fraud-detector",
  access: {
    alertTopic: { variable: "ALERT_TOPIC_ARN", why: "it publishes one alert per flagged transaction to" },
    deadLetterStore: { variable: "DEAD_LETTER_QUEUE_URL" },
  },
  fields: {
    fieldMapping: { variable: "FIELD_MAPPING", recordFields: TRANSACTION_FIELDS },
  },
  settings: {
    /** Amount above which a transaction is flagged. */
    AMOUNT_THRESHOLD: z._default(z.coerce.number().check(z.positive()), 50_000),
    // Both ends inclusive (seed 002: hora >= 23 or hora <= 5); start = end is a one-hour window.
    NIGHT_START_HOUR: z._default(hour, 23),
    NIGHT_END_HOUR: z._default(hour, 5),
  },
});
