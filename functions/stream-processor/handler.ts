import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { dynamoDbClient, snsClient, sqsClient } from "../shared/clients";
import { sleep } from "../shared/retry";
import { loadConfig } from "./config";
import { processBatch, type ProcessorDeps } from "./processor";
import { telemetryOptions } from "../shared/contract";
import { StreamProcessorContract } from "./contract";

const telemetry = telemetryOptions(StreamProcessorContract);
const logger = new Logger(telemetry);
const metrics = new Metrics(telemetry);
let deps: ProcessorDeps | undefined;

// Built on the first invocation rather than at import, so a bad environment fails the invocation
// with every problem listed, and tests can set the environment before the first call.
function dependencies(): ProcessorDeps {
  deps ??= {
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
  };
  return deps;
}

/** Kinesis event source handler (with ReportBatchItemFailures): validates, stores, dead-letters. */
export async function handler(event: KinesisStreamEvent, context?: Context): Promise<KinesisStreamBatchResponse> {
  if (context) logger.addContext(context);
  try {
    return await processBatch(event, dependencies());
  } finally {
    metrics.publishStoredMetrics();
  }
}
