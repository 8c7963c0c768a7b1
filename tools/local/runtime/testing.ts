import { type LocalAwsServer, startLocalAws } from "../aws-server";

/** A moto server started for a test file: the local AWS API, with IAM authentication under the test's control. */
export interface MotoServer extends LocalAwsServer {
  /** Turns IAM authentication on (`true`) or off, through moto's `/moto-api/reset-auth`. */
  setIamAuth(enabled: boolean): Promise<void>;
}

/**
 * Starts the local AWS API as `make up` runs it (the same moto, patches and account), on a port the
 * server chooses itself, owned by this test file.
 */
export async function startMoto(accountId: string): Promise<MotoServer> {
  const server = await startLocalAws({ accountId, port: 0 });
  return {
    ...server,
    async setIamAuth(enabled) {
      const response = await fetch(`${server.endpoint}/moto-api/reset-auth`, { method: "POST", headers: { "content-type": "text/plain" }, body: enabled ? "0" : "inf" });
      if (!response.ok) throw new Error(`moto reset-auth answered ${response.status}`);
    },
  };
}
