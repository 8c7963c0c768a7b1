import { KinesisClient } from "@aws-sdk/client-kinesis";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localClientConfig, startLocalKinesis, type LocalServer } from "../../test/local-aws";
import { configureClients, kinesisClient } from "../shared/clients";
import { failPutRecordsEntries } from "../shared/testing/faults";
import { iopsSample } from "../shared/testing/iops-events";
import { createActiveStream, readStreamAsLambdaRecords } from "../shared/testing/stream-reader";
import { httpRequest } from "../shared/testing/http-request";

let server: LocalServer;
let client: KinesisClient;
let handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  server = await startLocalKinesis();
  client = new KinesisClient(localClientConfig(server));
  await createActiveStream(client, "ingest-events", 3);
  Object.assign(process.env, { AWS_ENDPOINT_URL_KINESIS: server.endpoint, STREAM_NAME: "ingest-events", PUT_MAX_ATTEMPTS: "4", POWERTOOLS_LOG_LEVEL: "SILENT" });
  configureClients({ region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  ({ handler } = await import("./handler"));
});
afterAll(async () => {
  client.destroy();
  await server.close();
});

async function storedEventIds(): Promise<string[]> {
  const shards = await readStreamAsLambdaRecords(client, "ingest-events");
  return [...shards.values()].flat().map((r) => JSON.parse(Buffer.from(r.kinesis.data, "base64").toString()).event_id as string);
}

describe("ingest end to end (handler → kinesalite → GetRecords)", () => {
  it("writes every event of accepted requests exactly once, through injected partial failures, and nothing of a rejected one", async () => {
    // Prepare: every 5th event fails its first PutRecords attempt.
    const events = Array.from({ length: 450 }, (_, i) => iopsSample({ event_id: `in-${i}`, source: `array-${i % 9}` }));
    const tries = new Map<string, number>();
    const remove = failPutRecordsEntries(kinesisClient(), (entry) => {
      const id = JSON.parse(Buffer.from(entry.data).toString()).event_id as string;
      tries.set(id, (tries.get(id) ?? 0) + 1);
      return Number(id.slice(3)) % 5 === 0 && tries.get(id) === 1 ? "ProvisionedThroughputExceededException" : undefined;
    });
    // Act
    const accepted = await handler(httpRequest({ events: events.slice(0, 400) }));
    const single = await handler(httpRequest(events[400]));
    const rejected = await handler(httpRequest({ events: [iopsSample({ event_id: "never" }), { event_type: "iops_sample" }] }));
    const rest = await handler(httpRequest({ events: events.slice(401) }));
    remove();
    // Assess
    expect([accepted.statusCode, single.statusCode, rejected.statusCode, rest.statusCode]).toEqual([202, 202, 400, 202]);
    expect(JSON.parse(accepted.body!).accepted).toBe(400);
    expect(JSON.parse(accepted.body!).records.map((r: { index: number }) => r.index)).toEqual([...Array(400).keys()]);
    const stored = await storedEventIds();
    expect(stored.sort()).toEqual(events.map((e) => e.event_id!).sort());
    expect(tries.get("in-5")).toBe(2);
  });

  it("answers 503 listing the records still refused after every attempt, and they are the only ones missing", async () => {
    const before = (await storedEventIds()).length;
    const remove = failPutRecordsEntries(kinesisClient(), (entry) => (entry.partitionKey === "hot" ? "ProvisionedThroughputExceededException" : undefined));
    const events = [iopsSample({ event_id: "ok-1" }), iopsSample({ event_id: "hot-1", source: "hot" }), iopsSample({ event_id: "ok-2" })];
    const response = await handler(httpRequest({ events }));
    remove();
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body!)).toMatchObject({ accepted: 2, failed: [{ index: 1, errorCode: "ProvisionedThroughputExceededException" }] });
    const stored = await storedEventIds();
    expect(stored.length - before).toBe(2);
    expect(stored).not.toContain("hot-1");
  });
});
