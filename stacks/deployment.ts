import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * `deploy`: real credentials, S3 state, the provider checks the account.
 * `plan-only`: no credentials were found; the provider skips every AWS call it can, uses placeholder
 * credentials and a local state file, so a plan can be reviewed but never applied.
 * `local`: the local AWS API on loopback (moto, `STREAMING_TARGET=local`): every service endpoint points at
 * it, with its test credentials and a local state file per stack. It really applies.
 */
export type DeploymentMode = "deploy" | "plan-only" | "local";

/** The credentials the local AWS API accepts for the deploying principal (moto's root test keys). */
export const LOCAL_CREDENTIALS = { accessKey: "test", secretKey: "test" } as const;

/** The placeholder credentials of plan-only mode: any AWS call made with them fails. */
export const PLAN_ONLY_CREDENTIALS = { accessKey: "PLAN-ONLY-NOT-A-KEY", secretKey: "PLAN-ONLY-NOT-A-SECRET" } as const;

/** The banner every plan-only run prints and writes into its summary. */
export const PLAN_ONLY_BANNER =
  "PLAN-ONLY MODE: no AWS credentials were found. Plans use placeholder credentials, skip the provider's " +
  "account and credential checks and keep state locally. They show what would change; they cannot be applied.";

/** True when the standard AWS credential chain has something to offer (variables, profiles, web identity, containers). */
export function hasAwsCredentials(env: NodeJS.ProcessEnv = process.env, home = homedir()): boolean {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return true;
  if (env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE) return true;
  if (env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) return true;
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, ".aws", "credentials");
  const configFile = env.AWS_CONFIG_FILE ?? join(home, ".aws", "config");
  return existsSync(credentialsFile) || existsSync(configFile);
}

/**
 * `STREAMING_TARGET=local` targets the local AWS API. Otherwise plan-only unless real credentials exist;
 * `STREAMING_PLAN_ONLY=1` forces plan-only even with them (pull-request plans of forks, local reviews).
 */
export function resolveDeploymentMode(env: NodeJS.ProcessEnv = process.env, home = homedir()): DeploymentMode {
  if (env.STREAMING_TARGET === "local") return "local";
  if (env.STREAMING_TARGET !== undefined && env.STREAMING_TARGET !== "" && env.STREAMING_TARGET !== "aws") {
    throw new Error(`STREAMING_TARGET must be "local" or "aws", found "${env.STREAMING_TARGET}"`);
  }
  if (env.STREAMING_PLAN_ONLY === "1" || env.STREAMING_PLAN_ONLY === "true") return "plan-only";
  return hasAwsCredentials(env, home) ? "deploy" : "plan-only";
}
