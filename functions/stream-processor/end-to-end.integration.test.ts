import { CreateTableCommand, DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localClientConfig, startLocalDynamoDb, startLocalKinesis, type LocalServer } from "../../test/local-aws";
import { httpRequest } from "../shared/testing/http-request";
import { configureClients } from "../shared/clients";
import { InMemoryAws } from "../shared/testing/in-memory-aws";
import { iopsSample } from "../shared/testing/iops-events";
import { consumeLikeLambda, createActiveStream, readStreamAsLambdaRecords } from "../shared/testing/stream-reader";

// ingest (HTTP) → kinesalite → stream-processor → dynalite, SQS and SNS answered in memory.
let kinesis: LocalServer;
let dynamo: LocalServer;
let kinesisAdmin: KinesisClient;
let dynamoAdmin: DynamoDBClient;
const aws = new InMemoryAws({ passThrough: { hostnames: ["127.0.0.1"], handler: new NodeHttpHandler() } });
let ingest: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
let processRecords: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>;

beforeAll(async () => {
  [kinesis, dynamo] = await Promise.all([startLocalKinesis(), startLocalDynamoDb()]);
  kinesisAdmin = new KinesisClient(localClientConfig(kinesis));
  dynamoAdmin = new DynamoDBClient(localClientConfig(dynamo));
  await createActiveStream(kinesisAdmin, "iops-events", 2);
  await dynamoAdmin.send(
    new CreateTableCommand({
      TableName: "iops-events",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_KINESIS: kinesis.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    STREAM_NAME: "iops-events",
    EVENTS_TABLE_NAME: "iops-events",
    DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/malformed",
    MALFORMED_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:malformed",
    POWERTOOLS_METRICS_DISABLED: "true",
    POWERTOOLS_LOG_LEVEL: "SILENT",
  });
  configureClients({ requestHandler: aws as never, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  ({ handler: ingest } = await import("../ingest/handler"));
  ({ handler: processRecords } = await import("./handler"));
});
afterAll(async () => {
  kinesisAdmin.destroy();
  dynamoAdmin.destroy();
  await Promise.all([kinesis.close(), dynamo.close()]);
});

describe("ingest → stream → stream-processor → DynamoDB", () => {
  it("stores every accepted event once, and nothing of a rejected request", async () => {
    // Prepare
    const accepted = Array.from({ length: 260 }, (_, i) => iopsSample({ event_id: `e2e-${i}`, source: `array-${i % 5}` }));
    // Act
    const responses = [
      await ingest(httpRequest({ events: accepted.slice(0, 200) })),
      await ingest(httpRequest({ events: [iopsSample({ event_id: "refused" }), { event_type: "iops_sample" }] })),
      ...(await Promise.all(accepted.slice(200).map((event) => ingest(httpRequest(event))))),
    ];
    let invocations = 0;
    for (const records of (await readStreamAsLambdaRecords(kinesisAdmin, "iops-events")).values()) invocations += await consumeLikeLambda(processRecords, records, 100);
    // Assess
    expect(responses.map((r) => r.statusCode)).toEqual([202, 400, ...Array(60).fill(202)]);
    const { Items = [], Count } = await dynamoAdmin.send(new ScanCommand({ TableName: "iops-events" }));
    expect(Count).toBe(260);
    expect(Items.map((i) => i.event_id!.S).sort()).toEqual(accepted.map((e) => e.event_id).sort());
    expect(Items.every((i) => JSON.parse(i.event!.S!).event_id === i.event_id!.S)).toBe(true);
    expect(invocations).toBeGreaterThanOrEqual(2);
    expect(aws.callsOf("SendMessageBatch")).toEqual([]);
  });
});
