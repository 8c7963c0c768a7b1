import { spawn } from "node:child_process";
import { CreateStreamCommand, KinesisClient, ListTagsForStreamCommand } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { expect, test } from "vitest";
import { boundPort, findMotoServer, startLocalAws } from "../aws-server";

// moto 5.2.1's CreateStream drops its Tags (docs/local-aws-gaps.md); sitecustomize.py here stores them.
function kinesisAt(endpoint: string): KinesisClient {
  return new KinesisClient({ endpoint, region: "eu-west-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, requestHandler: new NodeHttpHandler() });
}

async function tagsAfterCreate(endpoint: string): Promise<Record<string, string>> {
  const kinesis = kinesisAt(endpoint);
  await kinesis.send(new CreateStreamCommand({ StreamName: "tagged", ShardCount: 1, Tags: { environment: "dev", team: "streaming" } }));
  const { Tags } = await kinesis.send(new ListTagsForStreamCommand({ StreamName: "tagged" }));
  return Object.fromEntries((Tags ?? []).map((tag) => [tag.Key!, tag.Value!]));
}

test("a stream created with tags on the local AWS API lists them, as on AWS", async () => {
  const server = await startLocalAws({ accountId: "444455556666", port: 0 });
  try {
    expect(await tagsAfterCreate(server.endpoint)).toEqual({ environment: "dev", team: "streaming" });
  } finally {
    await server.stop();
  }
});

test("moto without the project's patches drops them (the gap the patch mends)", async () => {
  const child = spawn(findMotoServer()!, ["-H", "127.0.0.1", "-p", "0"], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, PYTHONPATH: "" } });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const port = await boundPort(() => stderr, child, "moto_server");
    expect(await tagsAfterCreate(`http://127.0.0.1:${port}`)).toEqual({});
  } finally {
    child.kill("SIGTERM");
  }
});
