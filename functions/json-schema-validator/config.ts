import * as z from "zod/mini";
import { en } from "zod/locales";
import { parseEnvironment } from "../shared/env";
import { schemaProblems } from "./json-schema";

z.config(en());

/** Environment variable names of the json-schema-validator function, for the stacks that deploy it. */
export const JsonSchemaValidatorEnv = {
  /** The record contract: a JSON Schema, as JSON text (the stack reads it from the pipeline's `schemaFile`). */
  recordSchema: "RECORD_SCHEMA",
  outputStreamName: "OUTPUT_STREAM_NAME",
  outputStreamArn: "OUTPUT_STREAM_ARN",
  deadLetterQueueUrl: "DEAD_LETTER_QUEUE_URL",
} as const;

const RecordSchemaText = z.string().check(
  z.refine((text) => {
    try {
      return schemaProblems(JSON.parse(text)).length === 0;
    } catch {
      return false;
    }
  }, "expected a JSON Schema using only the supported keywords (see functions/json-schema-validator/README.md)"),
);

/** Schema of the function's environment, keyed by variable name. */
export const JsonSchemaValidatorEnvSchema = z.pipe(
  z
    .object({
      RECORD_SCHEMA: RecordSchemaText,
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
    recordSchema: JSON.parse(env.RECORD_SCHEMA) as unknown,
    outputStream: env.OUTPUT_STREAM_ARN !== undefined ? { streamArn: env.OUTPUT_STREAM_ARN } : { streamName: env.OUTPUT_STREAM_NAME as string },
    deadLetterQueueUrl: env.DEAD_LETTER_QUEUE_URL,
  })),
);

/** The function's settings, resolved from its environment. */
export type JsonSchemaValidatorConfig = z.infer<typeof JsonSchemaValidatorEnvSchema>;

/** Reads and validates the environment; throws listing every problem. */
export function loadJsonSchemaValidatorConfig(env: Readonly<Record<string, string | undefined>> = process.env): JsonSchemaValidatorConfig {
  return parseEnvironment("json-schema-validator", JsonSchemaValidatorEnvSchema, env);
}
