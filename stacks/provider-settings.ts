import { join, resolve } from "node:path";
import type { AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import { type DeploymentMode, LOCAL_CREDENTIALS, PLAN_ONLY_CREDENTIALS } from "./deployment";

/** Every AWS service the stacks call, each pointed at the local AWS API in `local` mode. */
export const LOCAL_SERVICES = [
  "apigatewayv2",
  "cloudwatch",
  "cloudwatchlogs",
  "dynamodb",
  "ec2",
  "firehose",
  "iam",
  "kinesis",
  "kinesisanalyticsv2",
  "kms",
  "lambda",
  "opensearch",
  "opensearchserverless",
  "s3",
  "sns",
  "sqs",
  "sts",
] as const;

/** Where the local AWS API listens: `http://127.0.0.1:<LOCAL_AWS_PORT or 4566>`. */
export function localEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.LOCAL_AWS_PORT ?? "4566";
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`LOCAL_AWS_PORT must be a TCP port between 1 and 65535, found "${raw}"`);
  return `http://127.0.0.1:${port}`;
}

/**
 * The local state of one stack: one folder per local AWS port, because state describes one server's
 * resources and a test's server on another port must never read a developer's.
 */
export function localStatePath(envName: string, stack: string, env: NodeJS.ProcessEnv = process.env): string {
  const port = new URL(localEndpoint(env)).port;
  return join(localStateRoot(env), port, envName, `${stack}.tfstate`);
}

/** `build/local/state` in the repository, or `LOCAL_STATE_DIR`. */
export function localStateRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.LOCAL_STATE_DIR ?? resolve(import.meta.dirname, "..", "build", "local", "state");
}

/** Provider arguments that depend on where the stacks go (credentials, checks, endpoints), for every provider of a stack. */
export function providerTargetSettings(mode: DeploymentMode, accountId: string, env: NodeJS.ProcessEnv = process.env): Partial<AwsProviderConfig> {
  switch (mode) {
    case "plan-only":
      return {
        accessKey: PLAN_ONLY_CREDENTIALS.accessKey,
        secretKey: PLAN_ONLY_CREDENTIALS.secretKey,
        skipCredentialsValidation: true,
        skipRequestingAccountId: true,
        skipMetadataApiCheck: "true",
      };
    case "local": {
      const endpoint = localEndpoint(env);
      return {
        accessKey: LOCAL_CREDENTIALS.accessKey,
        secretKey: LOCAL_CREDENTIALS.secretKey,
        skipMetadataApiCheck: "true",
        s3UsePathStyle: true,
        // The local server runs the environment's account id, so the account check still holds.
        allowedAccountIds: [accountId],
        endpoints: [Object.fromEntries(LOCAL_SERVICES.map((service) => [service, endpoint]))],
      };
    }
    case "deploy":
      return { allowedAccountIds: [accountId] };
  }
}
