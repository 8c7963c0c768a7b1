import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { dynamoDbClient, snsClient, sqsClient } from "../shared/clients";
import { sleep } from "../shared/retry";
import { loadConfig } from "./config";
import { onFirstCall } from "../shared/env";
import { processBatch, type ProcessorDeps } from "./processor";
import { telemetryOptions } from "../shared/contract";
import { StreamProcessorContract } from "./contract";

const telemetry = telemetryOptions(StreamProcessorContract);
const logger = new Logger(telemetry);
const metrics = new Metrics(telemetry);
// On the first invocation, as every handler loads its configuration (shared/env.ts onFirstCall).
const dependencies = onFirstCall(
  (): ProcessorDeps => ({
    config: loadConfig(),
    dynamo: dynamoDbClient(),
    sqs: sqsClient(),
    sns: snsClient(),
    sleep,
    now: Date.now,
    telemetry: {
      info: (message, extra) => logger.info(message, extra ?? {}),
      warn: (message, extra) => logger.warn(message, extra ?? {}),
      error: (message, extra) => logger.error(message, extra ?? {}),
      count: (metric, value) => metrics.addMetric(metric, MetricUnit.Count, value),
    },
  }),
);

/** Kinesis event source handler (with ReportBatchItemFailures): validates, stores, dead-letters. */
export async function handler(event: KinesisStreamEvent, context?: Context): Promise<KinesisStreamBatchResponse> {
  if (context) logger.addContext(context);
  try {
    return await processBatch(event, dependencies());
  } finally {
    metrics.publishStoredMetrics();
  }
}
