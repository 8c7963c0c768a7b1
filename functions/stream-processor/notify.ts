import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { MalformedEvent } from "./classify";

/** SNS caps a message at 256 KiB; the summary keeps well under it. */
const MAX_MESSAGE_BYTES = 200_000;
const MAX_EXAMPLES = 50;

/** Facts of one invocation's malformed events, for {@link malformedSummary}. */
export interface SummaryContext {
  streamArn: string;
  deadLetterQueueUrl: string;
  /** Events stored in the dead-letter queue. */
  stored: number;
  /** Events the queue refused, to be retried with their Kinesis record. */
  notStored: number;
}

/**
 * One message for all malformed events of an invocation: counts per rule and severity and the
 * first examples with their place in the stream. One bad producer sends one e-mail per batch,
 * not one per record.
 */
export function malformedSummary(events: MalformedEvent[], context: SummaryContext): { subject: string; message: string } {
  const byRule: Record<string, number> = {};
  const bySeverity: Record<string, number> = {};
  for (const event of events) {
    for (const rule of new Set(event.reasons.map((r) => r.rule))) byRule[rule] = (byRule[rule] ?? 0) + 1;
    for (const severity of new Set(event.reasons.map((r) => r.severity))) bySeverity[severity] = (bySeverity[severity] ?? 0) + 1;
  }
  const streamName = context.streamArn.slice(context.streamArn.lastIndexOf("/") + 1);
  const subject = `${events.length} malformed event${events.length === 1 ? "" : "s"} on ${streamName}`.slice(0, 100);
  let examples = events.slice(0, MAX_EXAMPLES).map((e) => ({
    sequenceNumber: e.origin.sequenceNumber,
    subSequenceNumber: e.origin.subSequenceNumber,
    partitionKey: e.origin.partitionKey,
    reasons: e.reasons.map((r) => `${r.severity} ${r.rule}${r.path ? ` at ${r.path}` : ""}: ${r.message}`),
  }));
  const build = () =>
    JSON.stringify({ stream: context.streamArn, malformed: events.length, stored: context.stored, notStored: context.notStored, deadLetterQueueUrl: context.deadLetterQueueUrl, byRule, bySeverity, examples }, null, 2);
  let message = build();
  while (Buffer.byteLength(message) > MAX_MESSAGE_BYTES && examples.length > 1) {
    examples = examples.slice(0, Math.ceil(examples.length / 2));
    message = build();
  }
  return { subject, message };
}

/** Publishes the summary to the malformed-data topic; throws if SNS refuses it. */
export async function publishMalformedSummary(sns: SNSClient, topicArn: string, summary: { subject: string; message: string }): Promise<void> {
  await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: summary.subject, Message: summary.message }));
}
