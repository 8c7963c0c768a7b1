import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { dynamoDbDocumentClient, kinesisClient, sqsClient } from "../shared/clients";
import { loadEnrichmentConfig } from "./config";
import type { LookupResult } from "./lookup";
import { TtlLruCache } from "./lru-cache";
import { enrichBatch, type EnrichmentDependencies } from "./process-batch";

const config = loadEnrichmentConfig();
const logger = new Logger({ serviceName: "enrichment" });
const metrics = new Metrics({ namespace: "StreamingPlatform", serviceName: "enrichment" });
// The cache outlives invocations: warm containers answer repeated keys without DynamoDB.
const cache = new TtlLruCache<string, LookupResult>({ maxEntries: config.cacheMaxEntries, ttlMs: config.cacheTtlMs });

function dependencies(): EnrichmentDependencies {
  return { config, cache, dynamoDb: dynamoDbDocumentClient(), kinesis: kinesisClient(), sqs: sqsClient() };
}

/** Lambda entry point: a Kinesis batch in, the records a retry can help out as batch item failures. */
export async function handler(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  const { response, summary } = await enrichBatch(event, dependencies());
  metrics.addMetric("RecordsEnriched", MetricUnit.Count, summary.enriched);
  metrics.addMetric("RecordsNotFound", MetricUnit.Count, summary.notFound);
  metrics.addMetric("RecordsDeadLettered", MetricUnit.Count, summary.deadLettered);
  metrics.addMetric("RecordsRetried", MetricUnit.Count, summary.retried);
  metrics.addMetric("LookupCacheHits", MetricUnit.Count, summary.cacheHits);
  metrics.addMetric("LookupCacheMisses", MetricUnit.Count, summary.cacheMisses);
  metrics.publishStoredMetrics();
  if (summary.deadLettered > 0 || summary.retried > 0) logger.warn("batch had failures", { ...summary });
  else logger.debug("batch enriched", { ...summary });
  return response;
}
