import { Logger } from "@aws-lambda-powertools/logger";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { kinesisClient } from "../shared/clients";
import { putRecordsWithRetry } from "../shared/kinesis-put";
import { loadConfig, type IngestConfig } from "./config";
import { parseRequest } from "./request";
import { telemetryOptions } from "../shared/contract";
import { IngestContract } from "./contract";

const telemetry = telemetryOptions(IngestContract);
const logger = new Logger(telemetry);
const TRANSIENT = new Set(["ProvisionedThroughputExceededException", "LimitExceededException", "InternalFailure", "ThrottlingException", "KMSThrottlingException", "ServiceUnavailable"]);
let config: IngestConfig | undefined;

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

/**
 * HTTP API (payload 2.0) handler: POST one event or `{ "events": [...] }`. 400 with every
 * validation error and nothing written; 202 with each record's sequence number once Kinesis has
 * accepted all of them; 503 (transient, with Retry-After) or 500 listing the records Kinesis did
 * not accept after retries, with those it did, so a client resends only the failed ones.
 */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  config ??= loadConfig();
  if (event.requestContext.http.method !== "POST") return json(405, { message: "only POST is accepted" }, { allow: "POST" });
  const parsed = parseRequest(event, { maxEventBytes: config.MAX_EVENT_BYTES, maxFutureMinutes: config.MAX_FUTURE_MINUTES, now: Date.now() });
  if (!parsed.ok) {
    logger.info("request rejected", { errors: parsed.errors.length });
    return json(400, { message: "validation failed, nothing was written", errors: parsed.errors });
  }
  const target = config.STREAM_ARN ? { streamArn: config.STREAM_ARN } : { streamName: config.STREAM_NAME! };
  const result = await putRecordsWithRetry(kinesisClient(), target, parsed.records, { maxAttempts: config.PUT_MAX_ATTEMPTS, maxDelayMs: 1000 });
  const records = result.accepted;
  if (result.failed.length === 0) return json(202, { accepted: result.sent, records, warnings: parsed.warnings });
  const failed = result.failed.map(({ index, errorCode, errorMessage }) => ({ index, errorCode, errorMessage }));
  logger.error("records not accepted by Kinesis", { failed: failed.length, accepted: result.sent, codes: [...new Set(failed.map((f) => f.errorCode))] });
  const transient = failed.every((f) => TRANSIENT.has(f.errorCode));
  const body = { message: `${failed.length} of ${parsed.records.length} events were not written; resend those listed in failed`, accepted: result.sent, records, failed };
  return transient ? json(503, body, { "retry-after": "1" }) : json(500, body);
}
