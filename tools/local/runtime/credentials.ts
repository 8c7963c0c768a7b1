import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import type { Credentials, RuntimeClients } from "./clients";

/** Lambda names an execution role's session after the function; STS allows 2 to 64 of `[\w+=,.@-]`. */
export function roleSessionName(functionName: string): string {
  return functionName.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
}

/**
 * The function's own role credentials, assumed through the local STS as Lambda does: what the
 * function (and its event source mapping) may do is what the role grants.
 */
export async function assumeFunctionRole(clients: RuntimeClients, functionName: string, roleArn: string): Promise<Credentials & { principalArn: string }> {
  const { Credentials: credentials, AssumedRoleUser: user } = await clients.sts.send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: roleSessionName(functionName), DurationSeconds: 3600 }),
  );
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) {
    throw new Error(`AssumeRole of ${roleArn} for function ${functionName} returned no credentials`);
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    principalArn: user?.Arn ?? `${roleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")}/${roleSessionName(functionName)}`,
  };
}
