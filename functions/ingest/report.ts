import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { RequestError } from "./request";

/** SNS caps a message at 256 KiB; the report keeps well under it. */
const MAX_MESSAGE_BYTES = 200_000;
const MAX_ERRORS = 100;

/** Where a refused request came from, for the report. */
export interface RefusalContext {
  /** `requestContext.requestId` of API Gateway: finds the request in the access log. */
  requestId: string;
  /** `POST /metrics`... */
  routeKey: string;
  stage: string;
  sourceIp: string;
  /** Events the request held (1 for a body that is not a readable batch). */
  events: number;
}

/**
 * How many events of a refused request are malformed: those with an error, or the whole request
 * as one when the body itself could not be read as events.
 */
export function malformedCount(errors: readonly RequestError[]): number {
  const indexes = new Set(errors.map((e) => e.index));
  return indexes.has(null) ? 1 : indexes.size;
}

/**
 * One message for a refused request, whatever its number of bad events: counts per rule, and
 * the errors with their event index (the first {@link MAX_ERRORS}, fewer if the message would pass
 * SNS's size limit). One bad producer sends one e-mail per request, not one per event.
 */
export function refusalReport(errors: readonly RequestError[], context: RefusalContext): { subject: string; message: string } {
  const malformed = malformedCount(errors);
  const byRule: Record<string, number> = {};
  for (const error of errors) byRule[error.rule ?? "request"] = (byRule[error.rule ?? "request"] ?? 0) + 1;
  const subject = `${malformed} malformed event${malformed === 1 ? "" : "s"} refused at ${context.routeKey}`.slice(0, 100);
  let shown = errors.slice(0, MAX_ERRORS);
  const build = () =>
    JSON.stringify(
      { requestId: context.requestId, route: context.routeKey, stage: context.stage, sourceIp: context.sourceIp, events: context.events, malformed, written: 0, byRule, errorCount: errors.length, errors: shown },
      null,
      2,
    );
  let message = build();
  while (Buffer.byteLength(message) > MAX_MESSAGE_BYTES && shown.length > 1) {
    shown = shown.slice(0, Math.ceil(shown.length / 2));
    message = build();
  }
  return { subject, message };
}

/** Publishes the report to the malformed-data topic; throws if SNS refuses it. */
export async function publishRefusal(sns: SNSClient, topicArn: string, report: { subject: string; message: string }): Promise<void> {
  await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: report.subject, Message: report.message }));
}
