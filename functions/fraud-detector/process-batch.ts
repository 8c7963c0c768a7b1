import type { SNSClient } from "@aws-sdk/client-sns";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { decodeKinesisRecord, type RecordOrigin } from "../shared/decode";
import { recordReason, sendDeadLetters, type DeadLetter, type SendDeadLettersOptions } from "../shared/dead-letter";
import { PermanentRecordError } from "../shared/errors";
import { buildAlert, type FraudAlert } from "./alert";
import type { FraudDetectorConfig } from "./config";
import { publishAlerts, type PublishAlertsOptions } from "./publish-alerts";
import { evaluateRules } from "./rules";
import { applyFieldMapping } from "./field-mapping";
import { describeIssues, TransactionSchema } from "./transaction";

/** What {@link detectFraud} works with; the handler builds it once per container. */
export interface FraudDetectorDependencies {
  readonly config: FraudDetectorConfig;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  /**
   * Retry settings of the alert publishing (tests shorten the waits).
   * @default - publishAlerts' defaults
   */
  readonly publishOptions?: PublishAlertsOptions;
  /**
   * Retry settings of the dead-letter writes.
   * @default - sendDeadLetters' defaults
   */
  readonly deadLetterOptions?: SendDeadLettersOptions;
  /**
   * The current time, written into alerts as `detected_at`.
   * @default - the clock
   */
  readonly now?: () => Date;
}

/** Counts of one batch, for metrics and logs. */
export interface FraudSummary {
  transactions: number;
  flagged: number;
  alertsPublished: number;
  invalid: number;
  deadLettered: number;
  retried: number;
}

/**
 * Checks one decoded record, read through the pipeline's field mapping: the alert when the
 * transaction breaks a rule, undefined when it is clean. Throws a {@link PermanentRecordError}
 * for a record that is not a valid transaction, naming the producer's fields.
 */
export function checkTransaction(value: unknown, origin: RecordOrigin, config: FraudDetectorConfig, now: Date): FraudAlert | undefined {
  const mapping = config.fieldMapping ?? {};
  const parsed = TransactionSchema.safeParse(applyFieldMapping(value, mapping));
  if (!parsed.success) throw new PermanentRecordError("invalid_transaction", describeIssues(parsed.error, mapping));
  const reasons = evaluateRules(parsed.data, config.rules);
  if (reasons.length === 0) return undefined;
  return buildAlert(parsed.data, reasons, { sequenceNumber: origin.sequenceNumber, subSequenceNumber: origin.subSequenceNumber }, now);
}

/**
 * Applies the fraud rules to a batch of transactions: one alert per flagged transaction, with all
 * its reasons, published to SNS; invalid records dead-lettered with their reason; records whose
 * alert or dead letter could not be written (and a retry may help) reported as batch item failures.
 * A retried record may publish its alert twice: the alert id is stable for subscribers to dedupe
 * (a FIFO topic does it by itself).
 */
export async function detectFraud(
  event: KinesisStreamEvent,
  deps: FraudDetectorDependencies,
): Promise<{ response: KinesisStreamBatchResponse; summary: FraudSummary }> {
  const now = (deps.now ?? (() => new Date()))();
  const summary: FraudSummary = { transactions: 0, flagged: 0, alertsPublished: 0, invalid: 0, deadLettered: 0, retried: 0 };
  const alerts: Array<{ recordIndex: number; alert: FraudAlert; origin: RecordOrigin; data: Uint8Array }> = [];
  const letters: Array<{ recordIndex: number; letter: DeadLetter }> = [];
  const retry = new Set<number>();

  for (const [recordIndex, record] of event.Records.entries()) {
    for (const decoded of decodeKinesisRecord(record)) {
      summary.transactions++;
      try {
        if (!decoded.ok) throw new PermanentRecordError(decoded.error.reason.toLowerCase().replace(/ /g, "_"), decoded.error.message);
        const alert = checkTransaction(decoded.value, decoded.origin, deps.config, now);
        if (alert !== undefined) alerts.push({ recordIndex, alert, origin: decoded.origin, data: decoded.data });
      } catch (error) {
        // Any exception a record's content causes dead-letters that record, known class or not.
        summary.invalid++;
        const reason = error instanceof PermanentRecordError ? recordReason(error.reason, error.message) : recordReason("unexpected_error", error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        letters.push({ recordIndex, letter: { origin: decoded.origin, data: decoded.data, reasons: [reason] } });
      }
    }
  }
  summary.flagged = alerts.length;

  const published = await publishAlerts(deps.sns, deps.config.alertTopicArn, alerts.map((a) => a.alert), deps.publishOptions);
  summary.alertsPublished = published.published;
  for (const failure of published.failed) {
    const item = alerts[failure.index]!;
    if (failure.permanent) {
      letters.push({
        recordIndex: item.recordIndex,
        letter: { origin: item.origin, data: item.data, reasons: [recordReason("alert_rejected", `${failure.errorCode}: ${failure.errorMessage}`)] },
      });
    } else {
      retry.add(item.recordIndex);
    }
  }

  const sent = await sendDeadLetters(deps.sqs, deps.config.deadLetterQueueUrl, letters.map((l) => l.letter), deps.deadLetterOptions);
  summary.deadLettered = sent.stored;
  for (const failure of sent.failed) retry.add(letters[failure.index]!.recordIndex);

  const failedIndexes = [...retry].sort((a, b) => a - b);
  summary.retried = failedIndexes.length;
  return {
    response: { batchItemFailures: failedIndexes.map((i) => ({ itemIdentifier: event.Records[i]!.kinesis.sequenceNumber })) },
    summary,
  };
}
