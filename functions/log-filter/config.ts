import * as z from "zod/mini";
import { en } from "zod/locales";
import { parseEnvironment } from "../shared/env";

z.config(en());

/** Environment variable names of the log-filter function, for the stacks that deploy it. */
export const LogFilterEnv = {
  logGroupName: "LOG_GROUP_NAME",
  logStreamName: "LOG_STREAM_NAME",
} as const;

/** Schema of the log-filter function's environment, keyed by variable name. */
export const LogFilterEnvSchema = z.pipe(
  z.object({
    // CloudWatch Logs names: group 1-512 of [.-_/#A-Za-z0-9], stream 1-512 without ':' or '*'.
    LOG_GROUP_NAME: z.string().check(z.regex(/^[.\-_/#A-Za-z0-9]{1,512}$/, "expected a log group name (1-512 of A-Z a-z 0-9 . - _ / #)")),
    LOG_STREAM_NAME: z._default(z.string().check(z.regex(/^[^:*]{1,512}$/, "expected a log stream name (1-512 characters, no ':' or '*')")), "f5-bigip"),
  }),
  z.transform((env) => ({ logGroupName: env.LOG_GROUP_NAME, logStreamName: env.LOG_STREAM_NAME })),
);

/** The log-filter function's settings, resolved from its environment. */
export type LogFilterConfig = z.infer<typeof LogFilterEnvSchema>;

/** Reads and validates the log-filter function's environment; throws listing every problem. */
export function loadLogFilterConfig(env: Readonly<Record<string, string | undefined>> = process.env): LogFilterConfig {
  return parseEnvironment("log-filter", LogFilterEnvSchema, env);
}
