import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { expect, test } from "vitest";
import { startLocalAws } from "./aws-server";
import { startMoto } from "./runtime/testing";

async function accountOf(endpoint: string): Promise<string | undefined> {
  const sts = new STSClient({ endpoint, region: "eu-west-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, requestHandler: new NodeHttpHandler() });
  return (await sts.send(new GetCallerIdentityCommand({}))).Account;
}

test("servers started at once on port 0 each bind a port of their own and answer with their own account", async () => {
  // Act: what two test files in two workers do at the same moment
  const [first, second, moto] = await Promise.all([
    startLocalAws({ accountId: "111111111111", port: 0 }),
    startLocalAws({ accountId: "222222222222", port: 0 }),
    startMoto("333333333333"),
  ]);
  const servers = [first, second, moto];
  try {
    // Assess
    const ports = servers.map((server) => Number(new URL(server.endpoint).port));
    expect(new Set(ports).size).toBe(3);
    expect(ports.every((port) => port > 0)).toBe(true);
    expect([first.port, second.port]).toEqual(ports.slice(0, 2));
    expect(await Promise.all(servers.map((server) => accountOf(server.endpoint)))).toEqual(["111111111111", "222222222222", "333333333333"]);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}, 60_000);

test("a detached server (make up, make deploy) refuses port 0: its pid file is named by its port", async () => {
  await expect(startLocalAws({ accountId: "111111111111", port: 0, detached: true })).rejects.toThrow(
    "A detached local AWS needs a fixed port (its pid file is named by it); port 0 is for a server owned by this process.",
  );
});
