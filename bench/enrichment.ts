import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { KinesisStreamEvent } from "aws-lambda";
import type { EnrichmentConfig } from "../functions/enrichment/config";
import type { LookupResult } from "../functions/enrichment/lookup";
import { TtlLruCache } from "../functions/enrichment/lru-cache";
import { enrichBatch, type EnrichmentDependencies } from "../functions/enrichment/process-batch";
import { InMemoryAws } from "../functions/shared/testing/in-memory-aws";
import { kinesisEvent, kinesisRecord } from "../functions/shared/testing/kinesis-events";
import { peerEnrichment } from "./peer/enrichment";

/** One benchmark figure: records/s of the function and of the floor, measured in the same run. */
export interface BenchFigure {
  value: number;
  unit: string;
  floor: number;
  ratio: number;
}

const TABLE = "customers";
const CUSTOMERS = 1_000;
const MIN_RECORDS_PER_RUN = 20_000;
const RUNS = 3;

// About 450 bytes: a card transaction as the transactions pipeline carries it.
function transactions(count: number): KinesisStreamEvent {
  return kinesisEvent(
    Array.from({ length: count }, (_, i) =>
      kinesisRecord(
        {
          transaction_id: `txn-${i}-7f3c9a1e-4b2d-4e8f-9c1a-2b3c4d5e6f70`,
          customer_id: `cust-${(i * 7919) % CUSTOMERS}`,
          account_id: `acc-${(i * 7919) % CUSTOMERS}`,
          amount: 12.5 + (i % 5000),
          currency: "EUR",
          country: i % 17 === 0 ? "US" : "FR",
          account_country: "FR",
          merchant: { id: `m-${i % 300}`, name: "Boulangerie du Coin", mcc: "5462", city: "Lyon" },
          channel: "card_present",
          timestamp: new Date(1_767_225_600_000 + i * 1000).toISOString(),
          device: { id: `dev-${i % 800}`, ip: "203.0.113.42", user_agent: "POS-Terminal/4.2" },
        },
        { partitionKey: `cust-${(i * 7919) % CUSTOMERS}` },
      ),
    ),
  );
}

function customer(key: { customer_id: { S: string } }) {
  return { customer_id: key.customer_id, name: { S: "Ada Lovelace" }, segment: { S: "gold" }, risk_score: { N: "17" }, since: { S: "2019-04-01" } };
}

function inMemoryAws(): InMemoryAws {
  return new InMemoryAws()
    .on("BatchGetItem", (input) => ({ body: { Responses: { [TABLE]: input.RequestItems[TABLE].Keys.map(customer) }, UnprocessedKeys: {} } }))
    .on("GetItem", (input) => ({ body: { Item: customer(input.Key) } }))
    .on("PutRecord", () => ({ body: { SequenceNumber: "1000", ShardId: "shardId-000000000000" } }));
}

function dependencies(aws: InMemoryAws, cache: TtlLruCache<string, LookupResult>): EnrichmentDependencies {
  const clientConfig = { region: "us-east-1", credentials: { accessKeyId: "bench", secretAccessKey: "bench" }, requestHandler: aws as never };
  const config: EnrichmentConfig = {
    lookupTableName: TABLE,
    lookupKeyField: "customer_id",
    lookupTableKeyAttribute: "customer_id",
    enrichmentAttribute: "customer",
    missingLookupMode: "pass-through",
    cacheMaxEntries: 10_000,
    cacheTtlMs: 300_000,
    outputStream: { streamName: "enriched" },
    deadLetterQueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/dlq",
  };
  return {
    config,
    cache,
    dynamoDb: DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig)),
    kinesis: new KinesisClient(clientConfig),
    sqs: new SQSClient(clientConfig),
  };
}

/** The floor: what any consumer must do to each record, plain base64 decode and JSON.parse. */
function floor(event: KinesisStreamEvent): number {
  let fields = 0;
  for (const record of event.Records) fields += Object.keys(JSON.parse(Buffer.from(record.kinesis.data, "base64").toString("utf8"))).length;
  return fields;
}

/** The Powertools reference is about 30 times slower: fewer records a run keep its runs as long as ours. */
const PEER_MIN_RECORDS_PER_RUN = 1_000;

async function recordsPerSecond(batchSize: number, run: () => Promise<unknown> | unknown, minRecords = MIN_RECORDS_PER_RUN): Promise<number> {
  const iterations = Math.max(3, Math.ceil(minRecords / batchSize));
  for (let i = 0; i < 2; i++) await run();
  const rates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await run();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push((iterations * batchSize) / seconds);
  }
  return [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)]!;
}

/**
 * Enrichment throughput, records/s on one core (Node runs the handler on one thread), on batches
 * of 100 and 1,000 transactions with DynamoDB, Kinesis and SQS answered in memory by the real SDK
 * clients (serialization included, network excluded), against the floor of plain base64 decode +
 * JSON.parse of the same records in the same run; median of three runs. `warm` keeps the lookup
 * cache across batches (a warm container, the common case); `cold` starts every batch with an
 * empty cache, so every distinct key goes through BatchGetItem. `..._vs_powertools_...` is ours
 * against the Powertools reference (bench/peer/enrichment.ts) on the same batches and in-memory
 * I/O, in the same run, with the same cache mode: `floor` is the peer's records/s.
 */
export async function benchEnrichment(): Promise<Record<string, BenchFigure>> {
  const figures: Record<string, BenchFigure> = {};
  for (const batchSize of [100, 1_000]) {
    const event = transactions(batchSize);
    const floorRate = await recordsPerSecond(batchSize, () => floor(event));
    for (const mode of ["warm", "cold"] as const) {
      const aws = inMemoryAws();
      const cache = new TtlLruCache<string, LookupResult>({ maxEntries: 10_000, ttlMs: 300_000 });
      const deps = dependencies(aws, cache);
      const rate = await recordsPerSecond(batchSize, async () => {
        if (mode === "cold") cache.clear();
        aws.calls.length = 0;
        const { response } = await enrichBatch(event, deps);
        if (response.batchItemFailures.length > 0) throw new Error("benchmark batch reported failures");
      });
      figures[`enrichment_${mode}_cache_batch_${batchSize}_records_per_s`] = { value: Math.round(rate), unit: "records/s", floor: Math.round(floorRate), ratio: Number((rate / floorRate).toFixed(3)) };
      const peerAws = inMemoryAws();
      const peer = peerEnrichment({
        tableName: TABLE,
        keyAttribute: "customer_id",
        outputStreamName: "enriched",
        enrichmentAttribute: "customer",
        clientConfig: { region: "us-east-1", credentials: { accessKeyId: "bench", secretAccessKey: "bench" }, requestHandler: peerAws },
      });
      const peerRate = await recordsPerSecond(batchSize, async () => {
        if (mode === "cold") peer.cache.clear();
        peerAws.calls.length = 0;
        const response = await peer.handler(event);
        if (response.batchItemFailures.length > 0) throw new Error("peer batch reported failures");
      }, PEER_MIN_RECORDS_PER_RUN);
      figures[`enrichment_vs_powertools_${mode}_cache_batch_${batchSize}_records_per_s`] = { value: Math.round(rate), unit: "records/s", floor: Math.round(peerRate), ratio: Number((rate / peerRate).toFixed(2)) };
    }
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchEnrichment(), null, 2));
}
