import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { kinesisClient, sqsClient } from "../shared/clients";
import { loadConfig } from "./config";
import { onFirstCall } from "../shared/env";
import { validateBatch } from "./process-batch";
import { telemetryOptions } from "../shared/contract";
import { JsonSchemaValidatorContract } from "./contract";

const config = onFirstCall(loadConfig);
const telemetry = telemetryOptions(JsonSchemaValidatorContract);
const logger = new Logger(telemetry);
const metrics = new Metrics(telemetry);

/** Lambda entry point: a Kinesis batch in, the records a retry can help as batch item failures. */
export async function handler(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  const { response, summary } = await validateBatch(event, { config: config(), kinesis: kinesisClient(), sqs: sqsClient() });
  metrics.addMetric("RecordsValid", MetricUnit.Count, summary.valid);
  metrics.addMetric("RecordsMalformed", MetricUnit.Count, summary.invalid);
  metrics.addMetric("RecordsDeadLettered", MetricUnit.Count, summary.deadLettered);
  metrics.addMetric("RecordsRetried", MetricUnit.Count, summary.retried);
  metrics.publishStoredMetrics();
  if (summary.invalid > 0 || summary.retried > 0) logger.warn("batch had refused records", { ...summary });
  return response;
}
