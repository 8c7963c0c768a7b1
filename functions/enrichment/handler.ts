import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { dynamoDbDocumentClient, kinesisClient, sqsClient } from "../shared/clients";
import { loadConfig } from "./config";
import type { LookupResult } from "./lookup";
import { TtlLruCache } from "./lru-cache";
import { enrichBatch, type EnrichmentDependencies } from "./process-batch";
import { telemetryOptions } from "../shared/contract";
import { EnrichmentContract } from "./contract";
import { onFirstCall } from "../shared/env";

const config = onFirstCall(loadConfig);
const telemetry = telemetryOptions(EnrichmentContract);
const logger = new Logger(telemetry);
const metrics = new Metrics(telemetry);
// The cache outlives invocations: warm containers answer repeated keys without DynamoDB.
const cache = onFirstCall(() => new TtlLruCache<string, LookupResult>({ maxEntries: config().cacheMaxEntries, ttlMs: config().cacheTtlMs }));

function dependencies(): EnrichmentDependencies {
  return { config: config(), cache: cache(), dynamoDb: dynamoDbDocumentClient(), kinesis: kinesisClient(), sqs: sqsClient() };
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
