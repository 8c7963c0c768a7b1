import type { KinesisClient } from "@aws-sdk/client-kinesis";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { recordReason, sendDeadLetters, type DeadLetter, type SendDeadLettersOptions } from "../shared/dead-letter";
import { decodeKinesisRecord, type RecordOrigin } from "../shared/decode";
import { putRecordsWithRetry, type PutRecordsWithRetryOptions } from "../shared/kinesis-put";
import type { UserRecord } from "../shared/kpl";
import type { EnrichmentConfig } from "./config";
import { asObject, enrichToBytes, lookupKeyOf } from "./enrich";
import { isPermanent } from "../shared/errors";
import { cacheKeyOf, lookupKeys, type LookupKey, type LookupOptions, type LookupResult } from "./lookup";
import type { TtlLruCache } from "./lru-cache";

/** What {@link enrichBatch} works with; the handler builds it once per container. */
export interface EnrichmentDependencies {
  readonly config: EnrichmentConfig;
  readonly cache: TtlLruCache<string, LookupResult>;
  readonly dynamoDb: DynamoDBDocumentClient;
  readonly kinesis: KinesisClient;
  readonly sqs: SQSClient;
  /**
   * Retry settings of the output stream writes (tests shorten the waits).
   * @default - putRecordsWithRetry's defaults
   */
  readonly putOptions?: PutRecordsWithRetryOptions;
  /**
   * Retry settings of the lookups.
   * @default - lookupKeys' defaults
   */
  readonly lookupOptions?: Pick<LookupOptions, "maxAttempts" | "baseDelayMs" | "maxDelayMs">;
  /**
   * Retry settings of the dead-letter writes.
   * @default - sendDeadLetters' defaults
   */
  readonly deadLetterOptions?: SendDeadLettersOptions;
}

/** Counts of one batch, for metrics and logs. */
export interface EnrichmentSummary {
  records: number;
  userRecords: number;
  enriched: number;
  notFound: number;
  deadLettered: number;
  retried: number;
  cacheHits: number;
  cacheMisses: number;
}

interface Pending {
  readonly recordIndex: number;
  readonly origin: RecordOrigin;
  readonly data: Uint8Array;
  readonly record: Record<string, unknown>;
  readonly key: LookupKey;
}

/**
 * Enriches a Lambda Kinesis batch: decode (with KPL de-aggregation), look keys up through the
 * cache with BatchGetItem, write enriched records to the output stream, dead-letter the records
 * no retry can fix, and report as batch item failures only the records a retry can help.
 *
 * Kinesis retries a shard from the lowest failed sequence number, so once a record must be retried
 * nothing after it is written or dead-lettered here: the retry will do it, exactly once.
 */
export async function enrichBatch(
  event: KinesisStreamEvent,
  deps: EnrichmentDependencies,
): Promise<{ response: KinesisStreamBatchResponse; summary: EnrichmentSummary }> {
  const { config } = deps;
  const records = event.Records;
  const summary: EnrichmentSummary = { records: records.length, userRecords: 0, enriched: 0, notFound: 0, deadLettered: 0, retried: 0, cacheHits: 0, cacheMisses: 0 };
  const deadLetters: Array<{ recordIndex: number; letter: DeadLetter }> = [];
  const pending: Pending[] = [];
  const retry = new Set<number>();

  const deadLetter = (recordIndex: number, origin: RecordOrigin, data: Uint8Array, reason: string, detail: string) => {
    deadLetters.push({ recordIndex, letter: { origin, data, reasons: [recordReason(reason, detail)] } });
  };

  // Any exception a record's content causes is that record's fault, known class or not: it is
  // dead-lettered with the error instead of failing the batch for the mapping to retry.
  const deadLetterError = (recordIndex: number, origin: RecordOrigin, data: Uint8Array, error: unknown) => {
    if (isPermanent(error)) deadLetter(recordIndex, origin, data, error.reason, error.message);
    else deadLetter(recordIndex, origin, data, "unexpected_error", error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  };

  for (const [recordIndex, kinesisRecord] of records.entries()) {
    for (const decoded of decodeKinesisRecord(kinesisRecord)) {
      summary.userRecords++;
      if (!decoded.ok) {
        deadLetter(recordIndex, decoded.origin, decoded.data, decoded.error.reason.toLowerCase().replace(/ /g, "_"), decoded.error.message);
        continue;
      }
      try {
        const record = asObject(decoded.value);
        const key = lookupKeyOf(record, config.lookupKeyField);
        pending.push({ recordIndex, origin: decoded.origin, data: decoded.data, record, key });
      } catch (error) {
        deadLetterError(recordIndex, decoded.origin, decoded.data, error);
      }
    }
  }

  const lookups = await lookupKeys(deps.dynamoDb, deps.cache, pending.map((p) => p.key), {
    tableName: config.lookupTableName,
    keyAttribute: config.lookupTableKeyAttribute,
    ...deps.lookupOptions,
  });
  summary.cacheHits = lookups.cacheHits;
  summary.cacheMisses = lookups.cacheMisses;

  const outputs: Array<{ recordIndex: number; origin: RecordOrigin; data: Uint8Array; found: boolean; output: UserRecord }> = [];
  for (const item of pending) {
    const cacheKey = cacheKeyOf(item.key);
    const rejected = lookups.rejected.get(cacheKey);
    const result = lookups.results.get(cacheKey);
    if (rejected !== undefined) {
      deadLetter(item.recordIndex, item.origin, item.data, "lookup_rejected", rejected);
      continue;
    }
    if (result === undefined) {
      retry.add(item.recordIndex);
      continue;
    }
    try {
      const source = { sequenceNumber: item.origin.sequenceNumber, subSequenceNumber: item.origin.subSequenceNumber };
      const data = enrichToBytes(item.data, item.record, result, config, source);
      outputs.push({ recordIndex: item.recordIndex, origin: item.origin, data: item.data, found: result.found, output: { partitionKey: item.origin.partitionKey, data } });
    } catch (error) {
      deadLetterError(item.recordIndex, item.origin, item.data, error);
    }
  }

  const checkpoint = retry.size > 0 ? Math.min(...retry) : records.length;
  const toSend = outputs.filter((o) => o.recordIndex < checkpoint);
  const put = await putRecordsWithRetry(deps.kinesis, config.outputStream, toSend.map((o) => o.output), deps.putOptions);
  const failedPuts = new Set(put.failed.map((f) => f.index));
  for (const [index, sent] of toSend.entries()) {
    if (failedPuts.has(index)) continue;
    if (sent.found) summary.enriched++;
    else summary.notFound++;
  }
  for (const failure of put.failed) {
    const sent = toSend[failure.index];
    if (sent === undefined) continue;
    if (failure.errorCode === "RecordTooLarge" || failure.errorCode === "InvalidPartitionKey") {
      deadLetter(sent.recordIndex, sent.origin, sent.data, "output_rejected", `${failure.errorCode}: ${failure.errorMessage}`);
    } else {
      retry.add(sent.recordIndex);
    }
  }

  const letters = deadLetters.filter((d) => d.recordIndex < checkpoint);
  const sentLetters = await sendDeadLetters(deps.sqs, config.deadLetterQueueUrl, letters.map((d) => d.letter), deps.deadLetterOptions);
  for (const failure of sentLetters.failed) retry.add((letters[failure.index] as { recordIndex: number }).recordIndex);
  summary.deadLettered = sentLetters.stored;

  for (let i = checkpoint; i < records.length; i++) retry.add(i);
  const failedIndexes = [...retry].sort((a, b) => a - b);
  summary.retried = failedIndexes.length;
  return {
    response: { batchItemFailures: failedIndexes.map((i) => ({ itemIdentifier: (records[i] as (typeof records)[number]).kinesis.sequenceNumber })) },
    summary,
  };
}
