import * as z from "zod/mini";
import { en } from "zod/locales";
import { parseEnvironment } from "../shared/env";

z.config(en());

/** Environment variable names of the fraud-detector function, for the stacks that deploy it. */
export const FraudDetectorEnv = {
  alertTopicArn: "ALERT_TOPIC_ARN",
  deadLetterQueueUrl: "DEAD_LETTER_QUEUE_URL",
  amountThreshold: "AMOUNT_THRESHOLD",
  nightStartHour: "NIGHT_START_HOUR",
  nightEndHour: "NIGHT_END_HOUR",
} as const;

const hour = z.coerce.number().check(z.int(), z.minimum(0), z.maximum(23));

/** Schema of the fraud-detector function's environment, keyed by variable name. */
export const FraudDetectorEnvSchema = z.pipe(
  z
    .object({
      ALERT_TOPIC_ARN: z.string().check(z.regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/, "expected an SNS topic ARN")),
      DEAD_LETTER_QUEUE_URL: z.url(),
      AMOUNT_THRESHOLD: z._default(z.coerce.number().check(z.positive()), 50_000),
      NIGHT_START_HOUR: z._default(hour, 23),
      NIGHT_END_HOUR: z._default(hour, 5),
    })
    .check(
      z.refine((env) => env.NIGHT_START_HOUR !== env.NIGHT_END_HOUR, {
        message: "NIGHT_START_HOUR and NIGHT_END_HOUR must differ (the window would be empty)",
        path: ["NIGHT_END_HOUR"],
      }),
    ),
  z.transform((env) => ({
    alertTopicArn: env.ALERT_TOPIC_ARN,
    deadLetterQueueUrl: env.DEAD_LETTER_QUEUE_URL,
    rules: { amountThreshold: env.AMOUNT_THRESHOLD, nightStartHour: env.NIGHT_START_HOUR, nightEndHour: env.NIGHT_END_HOUR },
  })),
);

/** The fraud-detector function's settings, resolved from its environment. */
export type FraudDetectorConfig = z.infer<typeof FraudDetectorEnvSchema>;

/** Reads and validates the fraud-detector function's environment; throws listing every problem. */
export function loadFraudDetectorConfig(env: Readonly<Record<string, string | undefined>> = process.env): FraudDetectorConfig {
  return parseEnvironment("fraud-detector", FraudDetectorEnvSchema, env);
}
