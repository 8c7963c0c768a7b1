import * as z from "zod/mini";
import { environmentSchema } from "../shared/contract";
import { parseEnvironment } from "../shared/env";
import { FraudDetectorContract } from "./contract";
import { TRANSACTION_FIELDS, type FieldMapping } from "./field-mapping";

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
  environmentSchema(FraudDetectorContract, {
    ALERT_TOPIC_ARN: z.string().check(z.regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/, "expected an SNS topic ARN")),
    DEAD_LETTER_QUEUE_URL: z.url(),
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
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): FraudDetectorConfig {
  return parseEnvironment(FraudDetectorContract.handler, FraudDetectorEnvSchema, env);
}
