import type { PendingEvent } from "./log-entry";

/** PutLogEvents limits: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html */
export const PUT_LOG_EVENTS_MAX_EVENTS = 10_000;
/** Sum of message bytes plus 26 per event. */
export const PUT_LOG_EVENTS_MAX_BYTES = 1_048_576;
/** A request's events may not span more than 24 hours. */
export const PUT_LOG_EVENTS_MAX_SPAN_MS = 24 * 3600 * 1000;

/**
 * Sorts events by timestamp (stable, so lines of one record keep their order) and cuts them into
 * PutLogEvents requests of at most 10,000 events, 1 MiB, and less than 24 hours from first to last.
 */
export function planLogBatches(events: readonly PendingEvent[]): PendingEvent[][] {
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
  const batches: PendingEvent[][] = [];
  let batch: PendingEvent[] = [];
  let bytes = 0;
  for (const event of sorted) {
    const first = batch[0];
    if (
      first !== undefined &&
      (batch.length === PUT_LOG_EVENTS_MAX_EVENTS || bytes + event.bytes > PUT_LOG_EVENTS_MAX_BYTES || event.timestamp - first.timestamp >= PUT_LOG_EVENTS_MAX_SPAN_MS)
    ) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(event);
    bytes += event.bytes;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
