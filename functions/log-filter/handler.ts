import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { cloudWatchLogsClient } from "../shared/clients";
import { loadLogFilterConfig } from "./config";
import { filterLogBatch } from "./process-batch";

const config = loadLogFilterConfig();
const logger = new Logger({ serviceName: "log-filter" });
const metrics = new Metrics({ namespace: "StreamingPlatform", serviceName: "log-filter" });

/** Lambda entry point: F5 BIG-IP log records in, ERROR and WARN lines out to CloudWatch Logs. */
export async function handler(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  const { response, summary } = await filterLogBatch(event, { config, logs: cloudWatchLogsClient() });
  metrics.addMetric("LinesKept", MetricUnit.Count, summary.kept);
  metrics.addMetric("LinesFilteredOut", MetricUnit.Count, summary.filteredOut);
  metrics.addMetric("UnparsedLines", MetricUnit.Count, summary.unparsed);
  metrics.addMetric("LogEventsWritten", MetricUnit.Count, summary.eventsWritten);
  metrics.addMetric("RecordsRetried", MetricUnit.Count, summary.retried);
  metrics.publishStoredMetrics();
  if (summary.retried > 0 || summary.unparsed > 0) logger.warn("batch had unparsed lines or failed writes", { ...summary });
  return response;
}
