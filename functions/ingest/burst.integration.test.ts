import { readFileSync } from "node:fs";
import { join } from "node:path";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localClientConfig, startLocalKinesis, type LocalServer } from "../../test/local-aws";
import { configureClients } from "../shared/clients";
import { deaggregate } from "../shared/kpl";
import { createActiveStream, readStreamAsLambdaRecords } from "../shared/testing/stream-reader";
import { httpRequest } from "../shared/testing/http-request";

/** Seed 001's pipeline as the catalog declares it: the burst to absorb and the shards that take it. */
const catalog = parse(readFileSync(join(__dirname, "../../envs/catalog/pipelines/iops-events.yaml"), "utf8")) as {
  pipelines: Array<{ traffic: { peakRecordsPerSecond: number }; stream: { shardCount: number } }>;
};
const { traffic, stream } = catalog.pipelines[0]!;
const BURST = traffic.peakRecordsPerSecond;
const SHARDS = stream.shardCount;
/** A shard takes 1000 records/s and 1 MiB/s (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html). */
const SHARD_RECORDS_PER_SECOND = 1000;
const SHARD_BYTES_PER_SECOND = 1024 * 1024;
const EVENTS_PER_REQUEST = 100;
const STREAM = "iops-burst";

let server: LocalServer;
let client: KinesisClient;
let handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  server = await startLocalKinesis();
  client = new KinesisClient(localClientConfig(server));
  await createActiveStream(client, STREAM, SHARDS);
  // The handler finds the server the way it would in Lambda pointed at a local AWS.
  Object.assign(process.env, { AWS_ENDPOINT_URL_KINESIS: server.endpoint, STREAM_NAME: STREAM, POWERTOOLS_LOG_LEVEL: "SILENT" });
  configureClients({ region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, requestHandler: new NodeHttpHandler() });
  ({ handler } = await import("./handler"));
});
afterAll(async () => {
  client.destroy();
  await server.close();
});

/** Seed 001-shaped samples with no `source`: keyed on their volume, 400 volumes. */
function burstEvents(count: number): Array<Record<string, unknown>> {
  const timestamp = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => ({
    event_type: "iops_sample",
    event_id: `burst-${i}`,
    timestamp,
    payload: { volume_id: `vol-${i % 400}`, pool: "gold", padding: "x".repeat(700) },
    metrics: { iops: 50_000, latency: 5.2, errorRate: 0.1 },
  }));
}

describe(`seed 001's burst: ${BURST} events in one second on ${SHARDS} shards`, () => {
  it("accepts every request, writes every event exactly once, and no shard gets more than it takes in a second", async () => {
    // Prepare: the burst as requests of 100 events, started evenly over one second.
    const events = burstEvents(BURST);
    const requests = Array.from({ length: BURST / EVENTS_PER_REQUEST }, (_, r) => events.slice(r * EVENTS_PER_REQUEST, (r + 1) * EVENTS_PER_REQUEST));
    const spacingMs = 1000 / requests.length;
    // Act
    const started = Date.now();
    const responses = await Promise.all(
      requests.map((batch, r) => new Promise<APIGatewayProxyStructuredResultV2>((resolve, reject) => setTimeout(() => handler(httpRequest({ events: batch })).then(resolve, reject), r * spacingMs))),
    );
    const elapsedMs = Date.now() - started;
    // Assess: every request answered 202 with every event accepted.
    expect(responses.map((r) => r.statusCode)).toEqual(requests.map(() => 202));
    expect(responses.reduce((sum, r) => sum + (JSON.parse(r.body!) as { accepted: number }).accepted, 0)).toBe(BURST);
    const byShard = await readStreamAsLambdaRecords(client, STREAM);
    const stored = [...byShard.values()].flat().flatMap((record) =>
      deaggregate({ partitionKey: record.kinesis.partitionKey, data: Buffer.from(record.kinesis.data, "base64") }).map((user) => JSON.parse(Buffer.from(user.data).toString()) as { event_id: string; payload: { volume_id: string } }),
    );
    expect(stored).toHaveLength(BURST);
    expect(new Set(stored.map((e) => e.event_id)).size).toBe(BURST);
    expect(new Set(stored.map((e) => e.event_id))).toEqual(new Set(events.map((e) => e.event_id)));
    // The catalog's shards take the burst: spread by volume, no shard receives more in the second
    // than its write limit, so real Kinesis would not throttle it.
    expect(byShard.size).toBe(SHARDS);
    for (const records of byShard.values()) {
      expect(records.length).toBeLessThanOrEqual(SHARD_RECORDS_PER_SECOND);
      expect(records.reduce((bytes, r) => bytes + Buffer.from(r.kinesis.data, "base64").length + r.kinesis.partitionKey.length, 0)).toBeLessThanOrEqual(SHARD_BYTES_PER_SECOND);
    }
    expect(elapsedMs).toBeLessThan(60_000);
  }, 60_000);
});
