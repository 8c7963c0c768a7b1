import { ListStreamsCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalKinesis, type LocalServer } from "../../test/local-aws";
import { DEFAULT_TIMEOUT_SECONDS } from "../../modules/lambda-enrichment/defaults";
import { cloudWatchLogsClient, configureClients, CONNECTION_TIMEOUT_MS, dynamoDbClient, dynamoDbDocumentClient, kinesisClient, REQUEST_TIMEOUT_MS, snsClient, sqsClient } from "./clients";

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalKinesis();
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_KINESIS;
  configureClients();
  await server.close();
});

describe("shared clients", () => {
  it("creates each client once per container, and anew after configureClients", () => {
    configureClients({ region: "us-east-1" });
    const first = kinesisClient();
    expect(kinesisClient()).toBe(first);
    configureClients({ region: "us-east-1" });
    expect(kinesisClient()).not.toBe(first);
  });

  it("takes the endpoint from AWS_ENDPOINT_URL_KINESIS, never from code", async () => {
    process.env.AWS_ENDPOINT_URL_KINESIS = server.endpoint;
    configureClients({ region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    const { StreamNames } = await kinesisClient().send(new ListStreamsCommand({}));
    expect(StreamNames).toEqual([]);
  });

  it("drops the SDK logger middleware and caches middleware, except under the document client", () => {
    configureClients({ region: "us-east-1" });
    for (const client of [kinesisClient(), dynamoDbClient(), snsClient(), sqsClient()]) {
      expect(client.middlewareStack.identify().some((m) => m.startsWith("loggerMiddleware"))).toBe(false);
      expect(client.config.cacheMiddleware).toBe(true);
    }
    expect(dynamoDbDocumentClient().config.cacheMiddleware).toBe(false);
  });

  it("gives every client connection and request timeouts well below the function's timeout", async () => {
    configureClients({ region: "us-east-1" });
    for (const client of [kinesisClient(), dynamoDbClient(), dynamoDbDocumentClient(), snsClient(), sqsClient(), cloudWatchLogsClient()]) {
      const handlerConfig = await (client.config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> }).configProvider;
      expect(handlerConfig).toMatchObject({ connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true });
    }
    expect(CONNECTION_TIMEOUT_MS + REQUEST_TIMEOUT_MS).toBeLessThan((DEFAULT_TIMEOUT_SECONDS * 1000) / 4);
  });

  it("fails a call that gets no answer after the request timeout instead of waiting for the function's", async () => {
    const { createServer } = await import("node:net");
    const silent = createServer(() => {}).listen(0, "127.0.0.1");
    await new Promise((resolve) => silent.once("listening", resolve));
    const { NodeHttpHandler } = await import("@smithy/node-http-handler");
    const client = new (await import("@aws-sdk/client-kinesis")).KinesisClient({
      region: "us-east-1",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
      endpoint: `http://127.0.0.1:${(silent.address() as { port: number }).port}`,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ requestTimeout: 200, throwOnRequestTimeout: true }),
    });
    const started = Date.now();
    await expect(client.send(new ListStreamsCommand({}))).rejects.toMatchObject({ name: "TimeoutError" });
    expect(Date.now() - started).toBeLessThan(5_000);
    client.destroy();
    silent.close();
  });
});
