import * as z from "zod/mini";
import { environmentSchema } from "../shared/contract";
import { OutputStreamVariables, outputStreamTarget, parseEnvironment, requireOutputStream } from "../shared/env";
import { JsonSchemaValidatorContract } from "./contract";
import { schemaProblems } from "./json-schema";

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
  environmentSchema(JsonSchemaValidatorContract, {
    RECORD_SCHEMA: RecordSchemaText,
    ...OutputStreamVariables,
    DEAD_LETTER_QUEUE_URL: z.url(),
  }).check(requireOutputStream),
  z.transform((env) => ({
    recordSchema: JSON.parse(env.RECORD_SCHEMA) as unknown,
    outputStream: outputStreamTarget(env),
    deadLetterQueueUrl: env.DEAD_LETTER_QUEUE_URL,
  })),
);

/** The function's settings, resolved from its environment. */
export type JsonSchemaValidatorConfig = z.infer<typeof JsonSchemaValidatorEnvSchema>;

/** Reads and validates the environment; throws listing every problem. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): JsonSchemaValidatorConfig {
  return parseEnvironment(JsonSchemaValidatorContract.handler, JsonSchemaValidatorEnvSchema, env);
}
