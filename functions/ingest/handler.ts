import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { kinesisClient, snsClient } from "../shared/clients";
import { putRecordsWithRetry } from "../shared/kinesis-put";
import { loadConfig } from "./config";
import { onFirstCall } from "../shared/env";
import { malformedCount, publishRefusal, refusalReport } from "./report";
import { parseRequest, type RequestError } from "./request";
import { telemetryOptions } from "../shared/contract";
import { IngestContract } from "./contract";

const telemetry = telemetryOptions(IngestContract);
const logger = new Logger(telemetry);
const metrics = new Metrics(telemetry);
const TRANSIENT = new Set(["ProvisionedThroughputExceededException", "LimitExceededException", "InternalFailure", "ThrottlingException", "KMSThrottlingException", "ServiceUnavailable"]);
const config = onFirstCall(loadConfig);

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

/**
 * Counts a refused request (EventsRefused: every event it held, none was written; EventsMalformed:
 * those with an error), which the malformed-rate alarm adds to stream-processor's counts, and tells
 * the malformed-data topic once for the request. A failed report is logged, never turned into
 * another answer: the client's 400 is what matters to it.
 */
async function reportRefusal(event: APIGatewayProxyEventV2, errors: RequestError[], events: number): Promise<void> {
  metrics.addMetric("EventsRefused", MetricUnit.Count, events);
  metrics.addMetric("EventsMalformed", MetricUnit.Count, malformedCount(errors));
  metrics.publishStoredMetrics();
  const topicArn = config().MALFORMED_TOPIC_ARN;
  if (!topicArn) return;
  const context = event.requestContext;
  const report = refusalReport(errors, { requestId: context.requestId, routeKey: context.routeKey, stage: context.stage, sourceIp: context.http.sourceIp, events });
  try {
    await publishRefusal(snsClient(), topicArn, report);
  } catch (error) {
    logger.error("malformed-data notification failed", { error: (error as Error).message });
  }
}

/**
 * HTTP API (payload 2.0) handler: POST one event or `{ "events": [...] }`. 400 with every
 * validation error and nothing written; 202 with each record's sequence number once Kinesis has
 * accepted all of them; 503 (transient, with Retry-After) or 500 listing the records Kinesis did
 * not accept after retries, with those it did, so a client resends only the failed ones.
 */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const { MAX_EVENT_BYTES, MAX_FUTURE_MINUTES, STREAM_ARN, STREAM_NAME, PUT_MAX_ATTEMPTS } = config();
  if (event.requestContext.http.method !== "POST") return json(405, { message: "only POST is accepted" }, { allow: "POST" });
  const parsed = parseRequest(event, { maxEventBytes: MAX_EVENT_BYTES, maxFutureMinutes: MAX_FUTURE_MINUTES, now: Date.now() });
  if (!parsed.ok) {
    logger.info("request rejected", { errors: parsed.errors.length });
    await reportRefusal(event, parsed.errors, parsed.events);
    return json(400, { message: "validation failed, nothing was written", errors: parsed.errors });
  }
  metrics.addMetric("EventsAccepted", MetricUnit.Count, parsed.records.length);
  metrics.publishStoredMetrics();
  const target = STREAM_ARN ? { streamArn: STREAM_ARN } : { streamName: STREAM_NAME! };
  const result = await putRecordsWithRetry(kinesisClient(), target, parsed.records, { maxAttempts: PUT_MAX_ATTEMPTS, maxDelayMs: 1000 });
  const records = result.accepted;
  if (result.failed.length === 0) return json(202, { accepted: result.sent, records, warnings: parsed.warnings });
  const failed = result.failed.map(({ index, errorCode, errorMessage }) => ({ index, errorCode, errorMessage }));
  logger.error("records not accepted by Kinesis", { failed: failed.length, accepted: result.sent, codes: [...new Set(failed.map((f) => f.errorCode))] });
  const transient = failed.every((f) => TRANSIENT.has(f.errorCode));
  const body = { message: `${failed.length} of ${parsed.records.length} events were not written; resend those listed in failed`, accepted: result.sent, records, failed };
  return transient ? json(503, body, { "retry-after": "1" }) : json(500, body);
}
