import {
  CreateLogStreamCommand,
  PutLogEventsCommand,
  type CloudWatchLogsClient,
  type RejectedLogEventsInfo,
} from "@aws-sdk/client-cloudwatch-logs";
import { backoffDelayMs, sleep as defaultSleep } from "../shared/retry";
import type { PendingEvent } from "./log-entry";
import { planLogBatches } from "./log-batches";

/** Where the events go. */
export interface LogDestination {
  readonly logGroupName: string;
  readonly logStreamName: string;
}

/** Options of {@link writeLogEvents}. */
export interface WriteLogEventsOptions {
  /**
   * Attempts per request, the first included, for throttling and service errors.
   * @default 5
   */
  readonly maxAttempts?: number;
  /**
   * How to wait between attempts (tests pass a no-op).
   * @default - setTimeout
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * The current time in epoch milliseconds.
   * @default Date.now
   */
  readonly now?: () => number;
}

/** Outcome: events written, events CloudWatch Logs never took (their records must be retried). */
export interface WriteLogEventsResult {
  written: number;
  /** Events re-sent with the current time because their own was refused as too old or too new. */
  retimed: number;
  failed: PendingEvent[];
  /** Last error of each request that failed, for the logs. */
  errors: string[];
}

const RETRYABLE = new Set(["ThrottlingException", "ServiceUnavailableException", "InternalFailure", "ServiceUnavailable", "TooManyRequestsException"]);
// Events may be at most 14 days old and 2 hours ahead; stay inside with a margin for clock skew.
const MAX_AGE_MS = 14 * 24 * 3600 * 1000 - 3600 * 1000;
const MAX_AHEAD_MS = 2 * 3600 * 1000 - 5 * 60 * 1000;

function isRetryable(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (e.name !== undefined && RETRYABLE.has(e.name)) || (e.$metadata?.httpStatusCode ?? 0) >= 500;
}

/** Events the response refused for their time (too old, too new, older than the retention). */
function refusedForTime(batch: readonly PendingEvent[], info: RejectedLogEventsInfo | undefined): PendingEvent[] {
  if (info === undefined) return [];
  const refused = new Set<number>();
  // tooOldLogEventEndIndex is exclusive (API reference). The reference leaves expiredLogEventEndIndex's
  // bound unsaid: it is read as inclusive, so at worst one event is written twice, never lost.
  const upTo = Math.max((info.tooOldLogEventEndIndex ?? 0) - 1, info.expiredLogEventEndIndex ?? -1);
  for (let i = 0; i <= upTo && i < batch.length; i++) refused.add(i);
  if (info.tooNewLogEventStartIndex !== undefined) for (let i = info.tooNewLogEventStartIndex; i < batch.length; i++) refused.add(i);
  return [...refused].map((i) => batch[i] as PendingEvent);
}

/**
 * Writes events with PutLogEvents in valid requests (sorted, 10,000 events, 1 MiB, 24 h). Times
 * outside what CloudWatch Logs accepts are replaced by the current time (the entry keeps its own
 * `timestamp`), and events refused for their time are re-sent with the current time, so none is
 * lost. Throttling and service errors are retried with backoff; a missing log stream is created.
 * Never throws: events of a request that never succeeds come back in `failed`.
 */
export async function writeLogEvents(
  client: CloudWatchLogsClient,
  destination: LogDestination,
  events: readonly PendingEvent[],
  options: WriteLogEventsOptions = {},
): Promise<WriteLogEventsResult> {
  const now = (options.now ?? Date.now)();
  const inRange = events.map((e) => (e.timestamp < now - MAX_AGE_MS || e.timestamp > now + MAX_AHEAD_MS ? { ...e, timestamp: now } : e));
  const result: WriteLogEventsResult = { written: 0, retimed: 0, failed: [], errors: [] };
  const retime: PendingEvent[] = [];
  for (const batch of planLogBatches(inRange)) {
    const outcome = await putBatch(client, destination, batch, options);
    if (outcome instanceof Error) {
      result.failed.push(...batch);
      result.errors.push(`${outcome.name}: ${outcome.message}`);
      continue;
    }
    const refused = refusedForTime(batch, outcome);
    result.written += batch.length - refused.length;
    retime.push(...refused.map((e) => ({ ...e, timestamp: now })));
  }
  for (const batch of planLogBatches(retime)) {
    const outcome = await putBatch(client, destination, batch, options);
    if (outcome instanceof Error) {
      result.failed.push(...batch);
      result.errors.push(`${outcome.name}: ${outcome.message}`);
    } else {
      const refused = refusedForTime(batch, outcome);
      result.failed.push(...refused);
      result.written += batch.length - refused.length;
      result.retimed += batch.length - refused.length;
    }
  }
  return result;
}

async function putBatch(
  client: CloudWatchLogsClient,
  destination: LogDestination,
  batch: readonly PendingEvent[],
  options: WriteLogEventsOptions,
): Promise<RejectedLogEventsInfo | undefined | Error> {
  const maxAttempts = options.maxAttempts ?? 5;
  const wait = options.sleep ?? defaultSleep;
  let createdStream = false;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    try {
      const response = await client.send(
        new PutLogEventsCommand({ ...destination, logEvents: batch.map((e) => ({ timestamp: e.timestamp, message: e.message })) }),
      );
      return response.rejectedLogEventsInfo;
    } catch (error) {
      if ((error as Error).name === "ResourceNotFoundException" && !createdStream) {
        createdStream = true;
        const created = await createStream(client, destination);
        if (created !== true) return created;
        attempt--;
        continue;
      }
      if (!isRetryable(error) || attempt === maxAttempts) return error as Error;
      await wait(backoffDelayMs(attempt - 1, { baseMs: 100 }));
    }
  }
  return new Error("no attempt made");
}

async function createStream(client: CloudWatchLogsClient, destination: LogDestination): Promise<true | Error> {
  try {
    await client.send(new CreateLogStreamCommand(destination));
    return true;
  } catch (error) {
    return (error as Error).name === "ResourceAlreadyExistsException" ? true : (error as Error);
  }
}
