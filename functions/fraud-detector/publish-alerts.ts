import { createHash } from "node:crypto";
import { PublishBatchCommand, type PublishBatchRequestEntry, type SNSClient } from "@aws-sdk/client-sns";
import { backoffDelayMs, sleep as defaultSleep } from "../shared/retry";
import type { FraudAlert } from "./alert";

/** PublishBatch accepts at most 10 entries per call. */
export const PUBLISH_BATCH_MAX_ENTRIES = 10;
/** ... and 256 KiB for all messages and attributes of a call. */
export const PUBLISH_BATCH_MAX_BYTES = 262_144;

/** Options of {@link publishAlerts}. */
export interface PublishAlertsOptions {
  /**
   * Total attempts for an alert, the first included.
   * @default 5
   */
  readonly maxAttempts?: number;
  /**
   * How to wait between attempts (tests pass a no-op).
   * @default - setTimeout
   */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** An alert SNS did not take; `permanent` when SNS blamed the request (a retry cannot help). */
export interface FailedAlert {
  readonly index: number;
  readonly permanent: boolean;
  readonly errorCode: string;
  readonly errorMessage: string;
}

const RETRYABLE = new Set(["ThrottledException", "Throttling", "ThrottlingException", "InternalError", "InternalFailure", "ServiceUnavailable", "KMSThrottlingException"]);

function isRetryable(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (e.name !== undefined && RETRYABLE.has(e.name)) || (e.$metadata?.httpStatusCode ?? 0) >= 500;
}

/**
 * The PublishBatch entry of an alert: the JSON alert as the message, and message attributes
 * `severity` (String) and `rules` (String.Array) that subscription filter policies can match.
 * A FIFO topic gets the account as message group and the alert id as deduplication id.
 */
export function toEntry(alert: FraudAlert, id: string, fifo: boolean): PublishBatchRequestEntry {
  const entry: PublishBatchRequestEntry = {
    Id: id,
    // SNS refuses a subject that is not printable ASCII or is 100 characters or more.
    Subject: `Fraud alert (${alert.severity}): transaction ${alert.transaction.transaction_id}`.replace(/[^\x20-\x7e]/g, "?").slice(0, 99),
    Message: JSON.stringify(alert),
    MessageAttributes: {
      severity: { DataType: "String", StringValue: alert.severity },
      rules: { DataType: "String.Array", StringValue: JSON.stringify(alert.reasons.map((r) => r.rule)) },
    },
  };
  if (fifo) {
    entry.MessageGroupId = alert.transaction.account_id;
    entry.MessageDeduplicationId = createHash("sha256").update(alert.alert_id).digest("hex");
  }
  return entry;
}

function entryBytes(entry: PublishBatchRequestEntry): number {
  let bytes = Buffer.byteLength(entry.Message ?? "", "utf8");
  for (const [name, value] of Object.entries(entry.MessageAttributes ?? {})) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? "") + Buffer.byteLength(value.StringValue ?? "");
  }
  return bytes;
}

/**
 * Publishes one message per alert with PublishBatch (10 entries and 256 KiB per call), retrying
 * the entries SNS failed for a reason of its own and whole calls refused by throttling, with
 * backoff. Never throws: each alert is either published or listed in `failed`.
 */
export async function publishAlerts(
  client: SNSClient,
  topicArn: string,
  alerts: readonly FraudAlert[],
  options: PublishAlertsOptions = {},
): Promise<{ published: number; failed: FailedAlert[] }> {
  const maxAttempts = options.maxAttempts ?? 5;
  const wait = options.sleep ?? defaultSleep;
  const fifo = topicArn.endsWith(".fifo");
  const failed: FailedAlert[] = [];
  let pending = alerts.map((alert, index) => ({ index, entry: toEntry(alert, `a${index}`, fifo), error: { errorCode: "", errorMessage: "" } }));
  let published = 0;
  for (let attempt = 1; attempt <= maxAttempts && pending.length > 0; attempt++) {
    if (attempt > 1) await wait(backoffDelayMs(attempt - 2, { baseMs: 100 }));
    const retry: typeof pending = [];
    for (const batch of batches(pending)) {
      try {
        const response = await client.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: batch.map((p) => p.entry) }));
        const failures = new Map((response.Failed ?? []).map((f) => [f.Id, f]));
        for (const item of batch) {
          const failure = failures.get(item.entry.Id);
          if (failure === undefined) {
            published++;
            continue;
          }
          const error = { errorCode: failure.Code ?? "Unknown", errorMessage: failure.Message ?? "" };
          if (failure.SenderFault === true) failed.push({ index: item.index, permanent: true, ...error });
          else retry.push({ ...item, error });
        }
      } catch (error) {
        const e = { errorCode: (error as Error).name, errorMessage: (error as Error).message };
        if (isRetryable(error)) retry.push(...batch.map((item) => ({ ...item, error: e })));
        else failed.push(...batch.map((item) => ({ index: item.index, permanent: false, ...e })));
      }
    }
    pending = retry;
  }
  failed.push(...pending.map((item) => ({ index: item.index, permanent: false, ...item.error })));
  failed.sort((a, b) => a.index - b.index);
  return { published, failed };
}

function* batches<T extends { entry: PublishBatchRequestEntry }>(pending: readonly T[]): Generator<T[]> {
  let batch: T[] = [];
  let bytes = 0;
  for (const item of pending) {
    const size = entryBytes(item.entry);
    if (batch.length === PUBLISH_BATCH_MAX_ENTRIES || (batch.length > 0 && bytes + size > PUBLISH_BATCH_MAX_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
