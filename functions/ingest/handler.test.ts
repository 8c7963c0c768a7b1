import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { configureClients } from "../shared/clients";
import { InMemoryAws } from "../shared/testing/in-memory-aws";
import { SEED_001_MALFORMED_EVENT, SEED_001_TEST_EVENT, iopsSample, oneOfEachType } from "../shared/testing/iops-events";
import { httpRequest } from "../shared/testing/http-request";

const aws = new InMemoryAws();
const TOPIC = "arn:aws:sns:us-east-1:123456789012:malformed";
let handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  Object.assign(process.env, {
    STREAM_NAME: "events",
    PUT_MAX_ATTEMPTS: "3",
    MAX_EVENT_BYTES: "10000",
    MALFORMED_TOPIC_ARN: TOPIC,
    POWERTOOLS_LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
  });
  configureClients({ requestHandler: aws as never, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, maxAttempts: 1 });
  ({ handler } = await import("./handler"));
});
afterEach(() => aws.reset());

const bodyOf = (response: APIGatewayProxyStructuredResultV2) => JSON.parse(response.body!);
const putEntries = () => aws.callsOf("PutRecords").flatMap((c) => c.input.Records);

describe("ingest handler", () => {
  it("accepts one event with 202 and its sequence number, keyed on its source", async () => {
    const event = iopsSample();
    const response = await handler(httpRequest(event));
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual({ accepted: 1, records: [{ index: 0, sequenceNumber: "1000", shardId: "shardId-000000000000" }], warnings: [] });
    expect(putEntries()).toEqual([{ PartitionKey: "array-01", Data: Buffer.from(JSON.stringify(event)).toString("base64") }]);
    expect(aws.callsOf("PutRecords")[0]!.input.StreamName).toBe("events");
  });

  it("accepts seed 001's test event, which has no source, keyed on its session id", async () => {
    const response = await handler(httpRequest(undefined, { raw: SEED_001_TEST_EVENT }));
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toMatchObject({ accepted: 1, warnings: [{ index: 0, rule: "timestamp-stale", severity: "warning" }] });
    expect(putEntries()).toEqual([{ PartitionKey: "test-123", Data: Buffer.from(SEED_001_TEST_EVENT).toString("base64") }]);
  });

  it("answers seed 001's malformed event with 400 listing every error", async () => {
    const response = await handler(httpRequest(undefined, { raw: SEED_001_MALFORMED_EVENT }));
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual({
      message: "validation failed, nothing was written",
      errors: [
        { index: 0, path: "event_type", message: expect.stringContaining("Invalid discriminator value"), rule: "schema", severity: "critical" },
        { index: 0, path: "timestamp", message: "Invalid input: expected string, received undefined", rule: "schema", severity: "critical" },
        { index: 0, path: "payload", message: "Invalid input: expected object, received string", rule: "schema", severity: "critical" },
      ],
    });
    expect(aws.callsOf("PutRecords")).toEqual([]);
    // Reported the way seed 001 describes: one notification to the malformed-data topic, with every error.
    expect(aws.callsOf("Publish").map((c) => c.input)).toEqual([{ Action: "Publish", Version: "2010-03-31", TopicArn: TOPIC, Subject: "1 malformed event refused at POST /events", Message: expect.any(String) }]);
    expect(JSON.parse(aws.callsOf("Publish")[0]!.input.Message)).toEqual({
      requestId: "req",
      route: "POST /events",
      stage: "$default",
      sourceIp: "192.0.2.1",
      events: 1,
      malformed: 1,
      written: 0,
      byRule: { schema: 3 },
      errorCount: 3,
      errors: bodyOf(response).errors,
    });
  });

  it("reports a refused batch in one notification, not one per event", async () => {
    const events = [iopsSample(), ...Array.from({ length: 30 }, () => JSON.parse(SEED_001_MALFORMED_EVENT)), iopsSample({ metrics: { iops: -1, latency: 1, errorRate: 0 } })];
    const response = await handler(httpRequest({ events }));
    expect(response.statusCode).toBe(400);
    const publishes = aws.callsOf("Publish");
    expect(publishes).toHaveLength(1);
    expect(publishes[0]!.input.Subject).toBe("31 malformed events refused at POST /events");
    expect(JSON.parse(publishes[0]!.input.Message)).toMatchObject({ events: 32, malformed: 31, byRule: { schema: 90, "iops-non-negative": 1 }, errorCount: 91 });
  });

  it("still answers 400 when the notification fails", async () => {
    aws.on("Publish", () => ({ error: { name: "AuthorizationError", message: "not allowed" } }));
    const response = await handler(httpRequest(undefined, { raw: "{nope" }));
    expect(response.statusCode).toBe(400);
    expect(aws.callsOf("Publish")).toHaveLength(1);
  });

  it("accepts a batch of every event type, base64-encoded bodies too", async () => {
    const response = await handler(httpRequest({ events: oneOfEachType() }, { base64: true }));
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response).accepted).toBe(6);
    expect(putEntries()).toHaveLength(6);
  });

  it("answers 400 with every error of every event, and writes nothing", async () => {
    const events = [iopsSample(), iopsSample({ metrics: { iops: -1, latency: -2, errorRate: 0 } }), { event_type: "nope" }, iopsSample({ timestamp: "2999-01-01T00:00:00Z" })];
    const response = await handler(httpRequest({ events }));
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response)).toEqual({
      message: "validation failed, nothing was written",
      errors: [
        { index: 1, path: "metrics.iops", message: "iops must be >= 0, got -1", rule: "iops-non-negative", severity: "error" },
        { index: 1, path: "metrics.latency", message: "latency must be >= 0, got -2", rule: "latency-non-negative", severity: "error" },
        { index: 2, path: "event_type", message: expect.stringContaining("Invalid discriminator value"), rule: "schema", severity: "critical" },
        { index: 2, path: "timestamp", message: "Invalid input: expected string, received undefined", rule: "schema", severity: "critical" },
        { index: 2, path: "payload", message: "Invalid input: expected object, received undefined", rule: "schema", severity: "critical" },
        { index: 3, path: "timestamp", message: expect.stringMatching(/^timestamp must be at most 5 minutes in the future/), rule: "timestamp-not-in-future", severity: "error" },
      ],
    });
    expect(aws.callsOf("PutRecords")).toEqual([]);
  });

  it.each([
    ["a body that is not JSON", httpRequest(undefined, { raw: "{nope" }), /^body is not valid JSON/],
    ["an empty batch", httpRequest({ events: [] }), /^events must contain between 1 and 500 events, got 0$/],
    ["a batch of 501", httpRequest({ events: Array.from({ length: 501 }, () => iopsSample()) }), /got 501$/],
    ["events that is not an array", httpRequest({ events: {} }), /^events must be an array$/],
  ])("answers 400 for %s", async (_, request, message) => {
    const response = await handler(request);
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).errors[0].message).toMatch(message);
    expect(aws.callsOf("PutRecords")).toEqual([]);
  });

  it("rejects an event over MAX_EVENT_BYTES", async () => {
    const response = await handler(httpRequest({ events: [iopsSample(), iopsSample({ payload: { volume_id: "v", blob: "x".repeat(20_000) } })] }));
    expect(bodyOf(response).errors).toEqual([{ index: 1, path: "", message: expect.stringMatching(/^event is \d+ bytes, at most 10000 accepted$/), rule: "too-large", severity: "critical" }]);
  });

  it("returns warnings with a 202", async () => {
    const response = await handler(httpRequest(iopsSample({ timestamp: "2020-01-01T00:00:00Z" })));
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response).warnings).toMatchObject([{ index: 0, rule: "timestamp-stale", severity: "warning" }]);
  });

  it("answers 405 to anything but POST", async () => {
    expect((await handler(httpRequest(iopsSample(), { method: "GET" }))).statusCode).toBe(405);
  });

  it("never reports success for a record Kinesis did not accept: 503 with the failed indexes", async () => {
    aws.on("PutRecords", (input) => ({
      body: {
        FailedRecordCount: 1,
        Records: input.Records.map((r: any, i: number) =>
          Buffer.from(r.Data, "base64").toString().includes('"stuck"') ? { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "Rate exceeded" } : { SequenceNumber: String(i), ShardId: "shardId-000000000001" },
        ),
      },
    }));
    const events = [iopsSample(), iopsSample({ source: "stuck" }), iopsSample()];
    const response = await handler(httpRequest({ events }));
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ "retry-after": "1" });
    expect(bodyOf(response)).toMatchObject({
      accepted: 2,
      records: [{ index: 0 }, { index: 2 }],
      failed: [{ index: 1, errorCode: "ProvisionedThroughputExceededException", errorMessage: "Rate exceeded" }],
    });
    expect(aws.callsOf("PutRecords").map((c) => c.input.Records.length)).toEqual([3, 1, 1]);
  });

  it("answers 500 when Kinesis refuses for a reason retries cannot fix", async () => {
    aws.on("PutRecords", () => ({ error: { name: "AccessDeniedException", message: "not allowed" } }));
    const response = await handler(httpRequest(iopsSample()));
    expect(response.statusCode).toBe(500);
    expect(bodyOf(response)).toMatchObject({ accepted: 0, failed: [{ index: 0, errorCode: "AccessDeniedException" }] });
  });
});
