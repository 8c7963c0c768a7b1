import * as z from "zod/mini";
import { en } from "zod/locales";
import { parseEnvironment } from "../shared/env";
import { TRANSACTION_FIELDS, type FieldMapping } from "./field-mapping";

z.config(en());

/** Environment variable names of the fraud-detector function, for the stacks that deploy it. */
export const FraudDetectorEnv = {
  alertTopicArn: "ALERT_TOPIC_ARN",
  deadLetterQueueUrl: "DEAD_LETTER_QUEUE_URL",
  amountThreshold: "AMOUNT_THRESHOLD",
  nightStartHour: "NIGHT_START_HOUR",
  nightEndHour: "NIGHT_END_HOUR",
  fieldMapping: "FIELD_MAPPING",
} as const;

const hour = z.coerce.number().check(z.int(), z.minimum(0), z.maximum(23));

const FieldMappingSchema = z.strictObject(Object.fromEntries(TRANSACTION_FIELDS.map((field) => [field, z.optional(z.string().check(z.minLength(1)))])));

/** FIELD_MAPPING: a JSON object of producer field names by transaction field. */
const fieldMappingVariable = z.pipe(
  z.string(),
  z.transform((value: string, ctx): FieldMapping => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      ctx.issues.push({ code: "custom", input: value, message: "expected a JSON object of producer field names by transaction field" });
      return z.NEVER;
    }
    const result = FieldMappingSchema.safeParse(parsed);
    if (result.success) return result.data as FieldMapping;
    ctx.issues.push({ code: "custom", input: value, message: `expected producer field names for ${TRANSACTION_FIELDS.join(", ")} (${result.error.issues.map((i) => i.message).join("; ")})` });
    return z.NEVER;
  }),
);

/** Schema of the fraud-detector function's environment, keyed by variable name. */
export const FraudDetectorEnvSchema = z.pipe(
  z.object({
    ALERT_TOPIC_ARN: z.string().check(z.regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/, "expected an SNS topic ARN")),
    DEAD_LETTER_QUEUE_URL: z.url(),
    AMOUNT_THRESHOLD: z._default(z.coerce.number().check(z.positive()), 50_000),
    // Both ends inclusive (seed 002: hora >= 23 or hora <= 5); start = end is a one-hour window.
    NIGHT_START_HOUR: z._default(hour, 23),
    NIGHT_END_HOUR: z._default(hour, 5),
    FIELD_MAPPING: z.optional(fieldMappingVariable),
  }),
  z.transform((env) => ({
    alertTopicArn: env.ALERT_TOPIC_ARN,
    deadLetterQueueUrl: env.DEAD_LETTER_QUEUE_URL,
    rules: { amountThreshold: env.AMOUNT_THRESHOLD, nightStartHour: env.NIGHT_START_HOUR, nightEndHour: env.NIGHT_END_HOUR },
    fieldMapping: env.FIELD_MAPPING ?? {},
  })),
);

/** The fraud-detector function's settings, resolved from its environment. */
export type FraudDetectorConfig = z.infer<typeof FraudDetectorEnvSchema>;

/** Reads and validates the fraud-detector function's environment; throws listing every problem. */
export function loadFraudDetectorConfig(env: Readonly<Record<string, string | undefined>> = process.env): FraudDetectorConfig {
  return parseEnvironment("fraud-detector", FraudDetectorEnvSchema, env);
}
