import { CreateTableCommand, DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { localClientConfig, startLocalDynamoDb, startLocalKinesis, type LocalServer } from "../../test/local-aws";
import { configureClients, dynamoDbClient } from "../shared/clients";
import { putRecordsWithRetry } from "../shared/kinesis-put";
import { aggregateRecords, type UserRecord } from "../shared/kpl";
import { leaveWritesUnprocessed } from "../shared/testing/faults";
import { InMemoryAws } from "../shared/testing/in-memory-aws";
import { iopsSample } from "../shared/testing/iops-events";
import { consumeLikeLambda, createActiveStream, readStreamAsLambdaRecords } from "../shared/testing/stream-reader";

// Kinesis and DynamoDB are real local servers (kinesalite, dynalite); SQS and SNS have none, so
// their calls are answered in memory by the clients' request handler and recorded.
let kinesis: LocalServer;
let dynamo: LocalServer;
let kinesisClient: KinesisClient;
let dynamoClient: DynamoDBClient;
const aws = new InMemoryAws({ passThrough: { hostnames: ["127.0.0.1"], handler: new NodeHttpHandler() } });
let handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>;
let run = 0;

beforeAll(async () => {
  [kinesis, dynamo] = await Promise.all([startLocalKinesis(), startLocalDynamoDb()]);
  kinesisClient = new KinesisClient(localClientConfig(kinesis));
  dynamoClient = new DynamoDBClient(localClientConfig(dynamo));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    EVENTS_TABLE_NAME: "placeholder",
    DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/malformed",
    MALFORMED_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:malformed",
    WRITE_MAX_ATTEMPTS: "3",
    POWERTOOLS_METRICS_DISABLED: "true",
    POWERTOOLS_LOG_LEVEL: "SILENT",
  });
  configureClients({ requestHandler: aws as never, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  ({ handler } = await import("./handler"));
});
afterAll(async () => {
  kinesisClient.destroy();
  dynamoClient.destroy();
  await Promise.all([kinesis.close(), dynamo.close()]);
});
afterEach(() => aws.reset());

/** A fresh stream and table per test; the handler's table comes from the environment, read once, so tests share its name. */
async function freshResources(): Promise<string> {
  const name = `pipeline-${++run}`;
  await createActiveStream(kinesisClient, name, 2);
  return name;
}

async function createTable(): Promise<void> {
  await dynamoClient.send(
    new CreateTableCommand({
      TableName: "placeholder",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
}

async function scanEventIds(): Promise<string[]> {
  const ids: string[] = [];
  let start: Record<string, any> | undefined;
  do {
    const page = await dynamoClient.send(new ScanCommand({ TableName: "placeholder", ExclusiveStartKey: start }));
    ids.push(...(page.Items ?? []).map((i) => i.event_id!.S!));
    start = page.LastEvaluatedKey;
  } while (start);
  return ids.sort();
}

const deadLetters = () => aws.callsOf("SendMessageBatch").flatMap((c) => c.input.Entries.map((e: any) => JSON.parse(e.MessageBody)));

describe("stream-processor end to end (kinesalite → handler → dynalite)", () => {
  it("accounts for every record: valid ones in DynamoDB once, malformed ones dead-lettered with reasons, after injected throttling", async () => {
    // Prepare: 400 valid events (100 of them in KPL aggregates), 25 malformed, on a 2-shard stream.
    await createTable();
    const stream = await freshResources();
    const valid = Array.from({ length: 400 }, (_, i) => iopsSample({ event_id: `e-${String(i).padStart(4, "0")}` }));
    const plain: UserRecord[] = valid.slice(0, 300).map((e, i) => ({ partitionKey: `p-${i % 10}`, data: Buffer.from(JSON.stringify(e)) }));
    const aggregated = aggregateRecords(valid.slice(300).map((e, i) => ({ partitionKey: `k-${i}`, data: Buffer.from(JSON.stringify(e)) })), 16_000);
    const malformed: UserRecord[] = Array.from({ length: 25 }, (_, i) => ({
      partitionKey: `bad-${i}`,
      data: Buffer.from(i % 2 ? `{not json ${i}` : JSON.stringify(iopsSample({ event_id: `bad-${i}`, metrics: { iops: -i - 1, latency: 1, errorRate: 0 } }))),
    }));
    const put = await putRecordsWithRetry(kinesisClient, { streamName: stream }, [...plain, ...malformed, ...aggregated]);
    expect(put.failed).toEqual([]);
    // DynamoDB leaves every 7th item unprocessed its first 3 times: with 3 attempts per
    // invocation those items exhaust their retries, their records come back as batch item
    // failures, and the next invocation (from the lowest failed record) writes them.
    const refusals = new Map<string, number>();
    const remove = leaveWritesUnprocessed(dynamoDbClient(), (request) => {
      const id = String(request.PutRequest.Item.event_id.S);
      if (Number(id.slice(2)) % 7 !== 0) return false;
      refusals.set(id, (refusals.get(id) ?? 0) + 1);
      return refusals.get(id)! <= 3;
    });

    // Act
    const shards = await readStreamAsLambdaRecords(kinesisClient, stream);
    let invocations = 0;
    for (const records of shards.values()) invocations += await consumeLikeLambda(handler, records, 100);
    remove();

    // Assess
    const totalRecords = [...shards.values()].reduce((n, r) => n + r.length, 0);
    expect(totalRecords).toBe(put.sent);
    expect(invocations).toBeGreaterThan(Math.ceil(totalRecords / 100));
    expect(refusals.size).toBe(58);
    expect(await scanEventIds()).toEqual(valid.map((e) => e.event_id).sort());
    const stored = deadLetters();
    const storedKeys = new Set(stored.map((m: any) => `${m.source.sequenceNumber}:${m.source.subSequenceNumber}`));
    expect(new Set(stored.map((m: any) => m.source.partitionKey))).toEqual(new Set(malformed.map((m) => m.partitionKey)));
    expect(storedKeys.size).toBe(25);
    for (const message of stored) {
      const original = malformed.find((m) => m.partitionKey === message.source.partitionKey)!;
      expect(Buffer.from(message.data, "base64")).toEqual(Buffer.from(original.data));
      expect(message.reasons[0].rule).toBe(message.source.partitionKey.match(/\d+$/)![0] % 2 ? "not-json" : "iops-non-negative");
    }
    // Count in == count out. (A replayed batch re-sends its malformed records to a standard
    // queue: at least once, hence the set; a FIFO queue deduplicates them on their stream position.)
    expect((await scanEventIds()).length + storedKeys.size).toBe(valid.length + malformed.length);
  });
});
