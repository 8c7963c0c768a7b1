import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import type { LogFilterConfig } from "./config";
import type { PendingEvent } from "./log-entry";
import { recordToEvents } from "./record-lines";
import { writeLogEvents, type WriteLogEventsOptions } from "./write-log-events";

/** What {@link filterLogBatch} works with; the handler builds it once per container. */
export interface LogFilterDependencies {
  readonly config: LogFilterConfig;
  readonly logs: CloudWatchLogsClient;
  /**
   * Retry and clock settings of the writes (tests shorten the waits).
   * @default - writeLogEvents' defaults
   */
  readonly writeOptions?: WriteLogEventsOptions;
}

/** Counts of one batch, for metrics and logs. */
export interface LogFilterSummary {
  records: number;
  lines: number;
  kept: number;
  filteredOut: number;
  unparsed: number;
  eventsWritten: number;
  retried: number;
  errors: string[];
}

/**
 * Filters a batch of Kinesis Agent records of F5 BIG-IP logs: ERROR and WARN lines become
 * structured entries in the log group, unparseable lines become `unparsed` entries there, the
 * rest is counted and dropped. Records whose events CloudWatch Logs never took are reported as
 * batch item failures (their already written events may then be written twice: entries carry
 * their source sequence number and line, so duplicates can be told apart).
 */
export async function filterLogBatch(
  event: KinesisStreamEvent,
  deps: LogFilterDependencies,
): Promise<{ response: KinesisStreamBatchResponse; summary: LogFilterSummary }> {
  const summary: LogFilterSummary = { records: event.Records.length, lines: 0, kept: 0, filteredOut: 0, unparsed: 0, eventsWritten: 0, retried: 0, errors: [] };
  const events: PendingEvent[] = [];
  for (const [index, record] of event.Records.entries()) {
    const lines = recordToEvents(record, index);
    summary.lines += lines.lines;
    summary.kept += lines.kept;
    summary.filteredOut += lines.filteredOut;
    summary.unparsed += lines.unparsed;
    events.push(...lines.events);
  }
  const written = await writeLogEvents(deps.logs, deps.config, events, deps.writeOptions);
  summary.eventsWritten = written.written;
  summary.errors = written.errors;
  const failed = [...new Set(written.failed.map((e) => e.recordIndex))].sort((a, b) => a - b);
  summary.retried = failed.length;
  return {
    response: { batchItemFailures: failed.map((i) => ({ itemIdentifier: event.Records[i]!.kinesis.sequenceNumber })) },
    summary,
  };
}
