import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { parser } from "@aws-lambda-powertools/batch/parser";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KinesisClient, PutRecordCommand } from "@aws-sdk/client-kinesis";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { KinesisStreamEvent, KinesisStreamRecord } from "aws-lambda";
import { z } from "zod";

/**
 * The reference users would write for enrichment, the way Powertools documents it: BatchProcessor
 * with the parser integration (`innerSchema` + `transformer: "base64"`), one async record handler
 * that looks the customer up (document client GetItem, behind a per-container Map cache) and puts
 * the enriched record on the output stream with the same fields ours adds. Not shipped.
 */

const TransactionSchema = z.looseObject({ customer_id: z.union([z.string().min(1), z.number()]) });
type Transaction = z.infer<typeof TransactionSchema>;

/** What the peer handler is configured with (its Lambda environment). */
export interface PeerEnrichmentConfig {
  tableName: string;
  keyAttribute: string;
  outputStreamName: string;
  enrichmentAttribute: string;
  clientConfig: Record<string, unknown>;
}

/** The peer's handler and its lookup cache (cleared for the cold-cache runs). */
export function peerEnrichment(config: PeerEnrichmentConfig): {
  handler: (event: KinesisStreamEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  cache: Map<string, Record<string, unknown> | undefined>;
} {
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient(config.clientConfig));
  const kinesis = new KinesisClient(config.clientConfig);
  const processor = new BatchProcessor(EventType.KinesisDataStreams, { parser, innerSchema: TransactionSchema, transformer: "base64" });
  const cache = new Map<string, Record<string, unknown> | undefined>();

  const lookup = async (key: string | number): Promise<Record<string, unknown> | undefined> => {
    const cacheKey = String(key);
    if (cache.has(cacheKey)) return cache.get(cacheKey);
    const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: { [config.keyAttribute]: key } }));
    cache.set(cacheKey, Item);
    return Item;
  };

  const recordHandler = async (record: KinesisStreamRecord): Promise<void> => {
    const transaction = record.kinesis.data as unknown as Transaction;
    const item = await lookup(transaction.customer_id);
    const enriched = {
      ...transaction,
      ...(item ? { [config.enrichmentAttribute]: item } : {}),
      _enrichment: { status: item ? "enriched" : "not_found", source: { sequenceNumber: record.kinesis.sequenceNumber, subSequenceNumber: 0 } },
    };
    await kinesis.send(new PutRecordCommand({ StreamName: config.outputStreamName, PartitionKey: record.kinesis.partitionKey, Data: Buffer.from(JSON.stringify(enriched)) }));
  };

  return { handler: (event) => processPartialResponse(event, recordHandler, processor), cache };
}
