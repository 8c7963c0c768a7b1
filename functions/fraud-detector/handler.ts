import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { snsClient, sqsClient } from "../shared/clients";
import { loadConfig } from "./config";
import { onFirstCall } from "../shared/env";
import { detectFraud } from "./process-batch";
import { telemetryOptions } from "../shared/contract";
import { FraudDetectorContract } from "./contract";

const config = onFirstCall(loadConfig);
const telemetry = telemetryOptions(FraudDetectorContract);
const logger = new Logger(telemetry);
const metrics = new Metrics(telemetry);

/** Lambda entry point: transactions in, one SNS alert per flagged transaction out. */
export async function handler(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  const { response, summary } = await detectFraud(event, { config: config(), sns: snsClient(), sqs: sqsClient() });
  metrics.addMetric("TransactionsChecked", MetricUnit.Count, summary.transactions);
  metrics.addMetric("TransactionsFlagged", MetricUnit.Count, summary.flagged);
  metrics.addMetric("AlertsPublished", MetricUnit.Count, summary.alertsPublished);
  metrics.addMetric("InvalidTransactions", MetricUnit.Count, summary.invalid);
  metrics.addMetric("RecordsDeadLettered", MetricUnit.Count, summary.deadLettered);
  metrics.addMetric("RecordsRetried", MetricUnit.Count, summary.retried);
  metrics.publishStoredMetrics();
  if (summary.invalid > 0 || summary.retried > 0) logger.warn("batch had invalid transactions or failed writes", { ...summary });
  return response;
}
