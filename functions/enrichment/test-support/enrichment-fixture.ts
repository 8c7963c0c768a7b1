import { KinesisClient } from "@aws-sdk/client-kinesis";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { localClientConfig, startLocalDynamoDb, startLocalKinesis } from "../../../test/local-aws";
import type { EnrichmentConfig } from "../config";
import type { DeadLetterMessage } from "../../shared/dead-letter";
import type { LookupResult } from "../lookup";
import { TtlLruCache } from "../lru-cache";
import type { EnrichmentDependencies } from "../process-batch";
import { acceptAllMessages, answerCalls } from "../../shared/testing/answer-calls";
import { createStream, readAllRecords } from "./local-streams";

/** The lookup table every fixture holds: c-1 (Ada, gold) and c-2 (Grace, silver), keyed by a string `customer_id`. */
export const FIXTURE_TABLE = "customers";
const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/enrichment-dlq";
const noWait = async () => {};

/**
 * Starts kinesalite and dynalite with the lookup table, and returns `setup()`, which gives each
 * test its own output stream, real clients (SQS answered by a recording layer) and readers of
 * what came out; `close()` stops the servers.
 */
export async function startEnrichmentFixture() {
  const [kinesisServer, dynamoServer] = await Promise.all([startLocalKinesis(), startLocalDynamoDb()]);
  const dynamo = new DynamoDBClient(localClientConfig(dynamoServer));
  await dynamo.send(
    new CreateTableCommand({
      TableName: FIXTURE_TABLE,
      AttributeDefinitions: [{ AttributeName: "customer_id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "customer_id", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  await DynamoDBDocumentClient.from(dynamo).send(
    new BatchWriteCommand({
      RequestItems: {
        [FIXTURE_TABLE]: [
          { PutRequest: { Item: { customer_id: "c-1", name: "Ada", tier: "gold" } } },
          { PutRequest: { Item: { customer_id: "c-2", name: "Grace", tier: "silver" } } },
        ],
      },
    }),
  );
  let streams = 0;

  async function setup(overrides: Partial<EnrichmentConfig> = {}) {
    const streamName = `enriched-${++streams}`;
    const kinesis = new KinesisClient(localClientConfig(kinesisServer));
    await createStream(kinesis, streamName);
    const dynamoDb = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(dynamoServer)));
    const sqs = new SQSClient({ region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    const deadLetterCalls = answerCalls<any>(sqs, "SendMessageBatchCommand", acceptAllMessages);
    const config: EnrichmentConfig = {
      lookupTableName: FIXTURE_TABLE,
      lookupKeyField: "customer_id",
      lookupTableKeyAttribute: "customer_id",
      enrichmentAttribute: "customer",
      missingLookupMode: "pass-through",
      cacheMaxEntries: 100,
      cacheTtlMs: 60_000,
      outputStream: { streamName },
      deadLetterQueueUrl: QUEUE_URL,
      ...overrides,
    };
    const deps: EnrichmentDependencies = {
      config,
      cache: new TtlLruCache<string, LookupResult>({ maxEntries: 100, ttlMs: 60_000 }),
      dynamoDb,
      kinesis,
      sqs,
      putOptions: { sleep: noWait },
      lookupOptions: { baseDelayMs: 1, maxDelayMs: 2 },
      deadLetterOptions: { sleep: noWait },
    };
    const output = async () => (await readAllRecords(kinesis, streamName)).map((r) => JSON.parse(Buffer.from(r.data).toString("utf8")));
    const letters = () =>
      deadLetterCalls.calls.flatMap((call: { Entries: Array<{ MessageBody: string }> }) => call.Entries.map((e) => JSON.parse(e.MessageBody) as DeadLetterMessage));
    return { deps, kinesis, streamName, dynamoDb, sqs, output, letters, deadLetterCalls };
  }

  return { setup, close: () => Promise.all([kinesisServer.close(), dynamoServer.close()]).then(() => undefined) };
}
