import { ListStreamsCommand } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalKinesis, type LocalServer } from "../../test/local-aws";
import { configureClients, dynamoDbClient, dynamoDbDocumentClient, kinesisClient, snsClient, sqsClient } from "./clients";

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
});
