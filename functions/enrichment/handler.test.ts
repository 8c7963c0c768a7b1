import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { configureClients, dynamoDbDocumentClient, kinesisClient, sqsClient } from "../shared/clients";
import { aggregateRecords } from "../shared/kpl";
import { failCalls, failPutRecordsEntries, serviceError } from "../shared/testing/faults";
import { localClientConfig, startLocalDynamoDb, startLocalKinesis, type LocalServer } from "../../test/local-aws";
import type { DeadLetterMessage } from "../shared/dead-letter";
import { acceptAllMessages, answerCalls } from "../shared/testing/answer-calls";
import { createStream, readAllRecords } from "./test-support/local-streams";

const REGION = "us-east-1";
const INPUT = "transactions";
const OUTPUT = "transactions-enriched";
const TABLE = "customers";
const CUSTOMERS = 150;

let kinesisServer: LocalServer;
let dynamoServer: LocalServer;
let handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>;
let kinesis: KinesisClient;

beforeAll(async () => {
  [kinesisServer, dynamoServer] = await Promise.all([startLocalKinesis(), startLocalDynamoDb()]);
  kinesis = new KinesisClient(localClientConfig(kinesisServer));
  await createStream(kinesis, INPUT, 2);
  await createStream(kinesis, OUTPUT, 2);
  const dynamo = new DynamoDBClient(localClientConfig(dynamoServer));
  await dynamo.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: "customer_id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "customer_id", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  const documents = DynamoDBDocumentClient.from(dynamo);
  for (let start = 0; start < CUSTOMERS; start += 25) {
    const items = Array.from({ length: Math.min(25, CUSTOMERS - start) }, (_, i) => ({ PutRequest: { Item: { customer_id: `c-${start + i}`, segment: `s-${(start + i) % 3}` } } }));
    await documents.send(new BatchWriteCommand({ RequestItems: { [TABLE]: items } }));
  }
  vi.stubEnv("AWS_ENDPOINT_URL_KINESIS", kinesisServer.endpoint);
  vi.stubEnv("AWS_ENDPOINT_URL_DYNAMODB", dynamoServer.endpoint);
  vi.stubEnv("LOOKUP_TABLE_NAME", TABLE);
  vi.stubEnv("OUTPUT_STREAM_NAME", OUTPUT);
  vi.stubEnv("MISSING_LOOKUP_MODE", "fail");
  vi.stubEnv("DEAD_LETTER_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/enrichment-dlq");
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
  configureClients({ region: REGION, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  ({ handler } = await import("./handler"));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  configureClients();
  await Promise.all([kinesisServer?.close(), dynamoServer?.close()]);
});

/** Puts payloads on the input stream and reads them back as Lambda would deliver them. */
async function putAndRead(payloads: unknown[]): Promise<KinesisStreamRecord[]> {
  await kinesis.send(
    new PutRecordsCommand({
      StreamName: INPUT,
      Records: payloads.map((p, i) => ({
        PartitionKey: `pk-${i}`,
        Data: p instanceof Uint8Array ? p : typeof p === "string" ? Buffer.from(p) : Buffer.from(JSON.stringify(p)),
      })),
    }),
  );
  const stored = await readAllRecords(kinesis, INPUT);
  return stored.map((r) => ({
    awsRegion: REGION,
    eventID: `${r.shardId}:${r.sequenceNumber}`,
    eventName: "aws:kinesis:record",
    eventSource: "aws:kinesis",
    eventSourceARN: `arn:aws:kinesis:${REGION}:000000000000:stream/${INPUT}`,
    eventVersion: "1.0",
    invokeIdentityArn: "arn:aws:iam::000000000000:role/enrichment",
    kinesis: {
      kinesisSchemaVersion: "1.0",
      partitionKey: r.partitionKey,
      sequenceNumber: r.sequenceNumber,
      approximateArrivalTimestamp: (r.approximateArrivalTimestamp?.getTime() ?? 0) / 1000,
      data: Buffer.from(r.data).toString("base64"),
    },
  }));
}

/**
 * Delivers a shard's records like Lambda does: after a partial failure, again from the lowest
 * failed record. Returns how many invocations reported failures.
 */
async function deliverShard(records: KinesisStreamRecord[], batchSize: number): Promise<number> {
  let position = 0;
  let invocations = 0;
  let partialFailures = 0;
  while (position < records.length) {
    if (++invocations > 20) throw new Error("the shard never drained");
    const batch = records.slice(position, position + batchSize);
    const { batchItemFailures } = await handler({ Records: batch });
    const failedAt = batch.findIndex((r) => batchItemFailures.some((f) => f.itemIdentifier === r.kinesis.sequenceNumber));
    if (failedAt !== -1) partialFailures++;
    position += failedAt === -1 ? batch.length : failedAt;
  }
  return partialFailures;
}

describe("enrichment handler against kinesalite and dynalite", () => {
  it("writes every record (KPL user records included) exactly once, enriched, through throttled lookups and partial PutRecords failures", async () => {
    // Prepare
    const count = 400;
    const payloads = Array.from({ length: count }, (_, i) => ({ transaction_id: `t-${i}`, customer_id: `c-${i % CUSTOMERS}`, amount: i }));
    payloads.splice(100, 0, "{not json" as never);
    payloads.splice(250, 0, { transaction_id: "t-orphan", customer_id: "c-nobody", amount: 1 } as never);
    const aggregated = aggregateRecords(
      Array.from({ length: 5 }, (_, i) => ({ partitionKey: `kpl-${i}`, data: Buffer.from(JSON.stringify({ transaction_id: `t-kpl-${i}`, customer_id: `c-${i}`, amount: 0 })) })),
    );
    expect(aggregated).toHaveLength(1);
    payloads.splice(300, 0, aggregated[0]!.data as never);
    const records = await putAndRead(payloads);
    const deadLetters = answerCalls(sqsClient(), "SendMessageBatchCommand", acceptAllMessages);
    const removeThrottle = failCalls(dynamoDbDocumentClient(), "BatchGetItemCommand", 1, () => serviceError("ProvisionedThroughputExceededException"));
    let injected = 0;
    const removePartial = failPutRecordsEntries(kinesisClient(), (entry, call) => {
      const n = Number(/"amount":(\d+)/.exec(Buffer.from(entry.data).toString())?.[1]);
      if (call > 3 || n % 7 !== 0) return undefined;
      injected++;
      return "ProvisionedThroughputExceededException";
    });
    const shards = [...new Set(records.map((r) => r.eventID.split(":")[0]))];

    // Act
    let partialFailures = 0;
    for (const shard of shards) partialFailures += await deliverShard(records.filter((r) => r.eventID.startsWith(`${shard}:`)), 100);
    removeThrottle();
    removePartial();

    // Assess
    const out = (await readAllRecords(kinesis, OUTPUT)).map((r) => JSON.parse(Buffer.from(r.data).toString()));
    const ids = out.map((r) => r.transaction_id).sort();
    expect(ids).toEqual([...Array.from({ length: count }, (_, i) => `t-${i}`), ...Array.from({ length: 5 }, (_, i) => `t-kpl-${i}`)].sort());
    expect(out.every((r) => r.customer?.customer_id === r.customer_id && r._enrichment.status === "enriched")).toBe(true);
    const letters = deadLetters.calls.flatMap((c) => c.Entries.map((e: { MessageBody: string }) => JSON.parse(e.MessageBody) as DeadLetterMessage));
    expect(letters.map((l) => [l.reasons[0]?.rule, Buffer.from(l.data, "base64").toString()]).sort()).toEqual([
      ["lookup_miss", JSON.stringify({ transaction_id: "t-orphan", customer_id: "c-nobody", amount: 1 })],
      ["not_json", "{not json"],
    ]);
    expect(out.length + letters.length).toBe(records.length - 1 + 5);
    expect(partialFailures).toBe(1);
    expect(injected).toBeGreaterThan(0);
  });
});
