import { type ChildProcess, spawn } from "node:child_process";
import { boundPort, motoEnvironment } from "../aws-server";

/** A moto server started for a test file. */
export interface MotoServer {
  readonly endpoint: string;
  /** Turns IAM authentication on (`true`) or off, through moto's `/moto-api/reset-auth`. */
  setIamAuth(enabled: boolean): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `moto_server` on a loopback port it chooses itself, holding every resource in `accountId`,
 * and waits until it answers. A port checked free beforehand could be bound by another test's server
 * first, and this test would then talk to that one.
 */
export async function startMoto(accountId: string): Promise<MotoServer> {
  const child: ChildProcess = spawn("moto_server", ["-H", "127.0.0.1", "-p", "0"], { stdio: ["ignore", "ignore", "pipe"], env: motoEnvironment(accountId) });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const port = await boundPort(() => stderr, child, "moto_server");
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${endpoint}/moto-api/data.json`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`moto_server did not answer on ${endpoint} within 30 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    endpoint,
    async setIamAuth(enabled) {
      const response = await fetch(`${endpoint}/moto-api/reset-auth`, { method: "POST", headers: { "content-type": "text/plain" }, body: enabled ? "0" : "inf" });
      if (!response.ok) throw new Error(`moto reset-auth answered ${response.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
