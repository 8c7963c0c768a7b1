import * as z from "zod/mini";
import { environmentSchema } from "../shared/contract";
import { parseEnvironment } from "../shared/env";
import { LogFilterContract } from "./contract";

/** Schema of the log-filter function's environment, keyed by variable name. */
export const LogFilterEnvSchema = z.pipe(
  environmentSchema(LogFilterContract, {
    // CloudWatch Logs group names: 1-512 of [.-_/#A-Za-z0-9].
    LOG_GROUP_NAME: z.string().check(z.regex(/^[.\-_/#A-Za-z0-9]{1,512}$/, "expected a log group name (1-512 of A-Z a-z 0-9 . - _ / #)")),
  }),
  z.transform((env) => ({ logGroupName: env.LOG_GROUP_NAME, logStreamName: env.LOG_STREAM_NAME })),
);

/** The log-filter function's settings, resolved from its environment. */
export type LogFilterConfig = z.infer<typeof LogFilterEnvSchema>;

/** Reads and validates the log-filter function's environment; throws listing every problem. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): LogFilterConfig {
  return parseEnvironment(LogFilterContract.handler, LogFilterEnvSchema, env);
}
