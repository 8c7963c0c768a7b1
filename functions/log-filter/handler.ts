import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { cloudWatchLogsClient } from "../shared/clients";
import { loadConfig } from "./config";
import { onFirstCall } from "../shared/env";
import { filterLogBatch } from "./process-batch";
import { telemetryOptions } from "../shared/contract";
import { LogFilterContract } from "./contract";

const config = onFirstCall(loadConfig);
const telemetry = telemetryOptions(LogFilterContract);
const logger = new Logger(telemetry);
const metrics = new Metrics(telemetry);

/** Lambda entry point: F5 BIG-IP log records in, ERROR and WARN lines out to CloudWatch Logs. */
export async function handler(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  const { response, summary } = await filterLogBatch(event, { config: config(), logs: cloudWatchLogsClient() });
  metrics.addMetric("LinesKept", MetricUnit.Count, summary.kept);
  metrics.addMetric("LinesFilteredOut", MetricUnit.Count, summary.filteredOut);
  metrics.addMetric("UnparsedLines", MetricUnit.Count, summary.unparsed);
  metrics.addMetric("LogEventsWritten", MetricUnit.Count, summary.eventsWritten);
  metrics.addMetric("RecordsRetried", MetricUnit.Count, summary.retried);
  metrics.publishStoredMetrics();
  if (summary.retried > 0 || summary.unparsed > 0) logger.warn("batch had unparsed lines or failed writes", { ...summary });
  return response;
}
