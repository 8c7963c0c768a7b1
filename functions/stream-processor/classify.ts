import type { KinesisStreamRecord } from "aws-lambda";
import { decodeKinesisRecord, shardIdOf, type DecodeReason, type RecordOrigin } from "../shared/decode";
import { validateEvent, type ValidationIssue } from "../shared/rules";
import { eventKeyOf, type IopsEvent } from "../shared/schemas";
import { EVENTS_TABLE_KEY, EVENTS_TABLE_TTL_ATTRIBUTE } from "./config";

/**
 * One row of the events table, flat: `event` is the event's JSON text as the producer sent it,
 * `pk`/`sk` are the key ({@link EVENTS_TABLE_KEY}).
 */
export type EventItem = Record<string, string | number | string[]>;

/** A valid event, ready to be written. `key` is unique per event: the same record always gives the same key. */
export interface ValidEvent {
  /** Index of the Kinesis record in the batch (KPL sub-records share it). */
  recordIndex: number;
  origin: RecordOrigin;
  /** The raw bytes, kept for the dead-letter queue should DynamoDB refuse the item. */
  data: Uint8Array;
  key: string;
  item: EventItem;
  warnings: ValidationIssue[];
}

/** A record that no retry can fix, with every reason. */
export interface MalformedEvent {
  recordIndex: number;
  origin: RecordOrigin;
  data: Uint8Array;
  reasons: ValidationIssue[];
}

/** Options of {@link classifyRecords}. */
export interface ClassifyOptions {
  maxEventBytes: number;
  maxFutureMinutes: number;
  now: number;
  /** Days an item stays in the table: its TTL attribute is `now` plus these days, in epoch seconds. */
  retentionDays: number;
}

const DECODE_RULES: Record<DecodeReason, string> = { "not base64": "not-base64", "not JSON": "not-json", "too large": "too-large", "empty aggregate": "empty-aggregate" };

/**
 * DynamoDB key of an event: `pk` is what it is about ({@link eventKeyOf}: the source, else the
 * payload's volume or session id), `sk` the timestamp then the producer's `event_id`,
 * or the record's place in the stream when there is none. Both come from the record itself, so a
 * retried batch overwrites the same items and never duplicates them.
 */
function keyOf(event: IopsEvent, origin: RecordOrigin): { pk: string; sk: string } {
  const id = event.event_id ?? `${shardIdOf(origin)}:${origin.sequenceNumber}:${origin.subSequenceNumber}`;
  return { pk: eventKeyOf(event), sk: `${event.timestamp}#${id}` };
}

/**
 * The in-memory key of an item: `pk`'s length, then both parts, so no two different (pk, sk) pairs
 * share one (a separator character alone could appear inside either part). Cheaper than JSON of the
 * pair, which scans both parts for characters to escape.
 */
export function itemKey(pk: string, sk: string): string {
  return `${pk.length}:${pk}${sk}`;
}

function unexpectedReason(error: unknown): ValidationIssue {
  const e = error instanceof Error ? error : new Error(String(error));
  return { rule: "unexpected-error", severity: "critical", path: "", message: `${e.name}: ${e.message}` };
}

/** Splits a batch into valid events and malformed ones; pure, never throws for a record. */
export function classifyRecords(records: KinesisStreamRecord[], options: ClassifyOptions): { valid: ValidEvent[]; malformed: MalformedEvent[] } {
  const valid: ValidEvent[] = [];
  const malformed: MalformedEvent[] = [];
  const validation = { maxFutureMinutes: options.maxFutureMinutes, now: options.now };
  // From the write, not the event's timestamp: a replayed or late event (seed 001's test event is
  // from 2024) would otherwise be deleted as soon as it is stored.
  const expiresAt = Math.floor(options.now / 1000) + options.retentionDays * 86_400;
  for (const [recordIndex, record] of records.entries()) {
    for (const decoded of decodeKinesisRecord(record, { maxBytes: options.maxEventBytes })) {
      if (!decoded.ok) {
        const reason: ValidationIssue = { rule: DECODE_RULES[decoded.error.reason], severity: "critical", path: "", message: decoded.error.message };
        malformed.push({ recordIndex, origin: decoded.origin, data: decoded.data, reasons: [reason] });
        continue;
      }
      // Whatever a record's content makes throw is that record's fault: it is dead-lettered with
      // the error, never left to fail the batch (which the mapping would retry, then give up on).
      try {
        const result = validateEvent(decoded.value, validation);
        if (!result.ok) {
          malformed.push({ recordIndex, origin: decoded.origin, data: decoded.data, reasons: result.issues });
          continue;
        }
        const { pk, sk } = keyOf(result.event, decoded.origin);
        const event = result.event;
        // Flat on purpose: the key, what a dashboard filters on, and the event itself as the JSON
        // text the producer sent. Nested maps would cost DynamoDB write units for every attribute name
        // and most of this function's CPU in marshalling (bench/functions.ts).
        const item: EventItem = {
          [EVENTS_TABLE_KEY.partitionKey]: pk,
          [EVENTS_TABLE_KEY.sortKey]: sk,
          event_type: event.event_type,
          timestamp: event.timestamp,
          event: decoded.text,
          shard_id: shardIdOf(decoded.origin),
          sequence_number: decoded.origin.sequenceNumber,
          sub_sequence_number: decoded.origin.subSequenceNumber,
          arrival_timestamp: decoded.origin.approximateArrivalTimestamp,
          [EVENTS_TABLE_TTL_ATTRIBUTE]: expiresAt,
        };
        if (event.source !== undefined) item.source = event.source;
        if (event.event_id !== undefined) item.event_id = event.event_id;
        if (event.metrics) {
          item.iops = event.metrics.iops;
          item.latency = event.metrics.latency;
          item.error_rate = event.metrics.errorRate;
        }
        if (result.warnings.length > 0) item.warnings = result.warnings.map((w) => `${w.rule}: ${w.message}`);
        valid.push({ recordIndex, origin: decoded.origin, data: decoded.data, key: itemKey(pk, sk), item, warnings: result.warnings });
      } catch (error) {
        malformed.push({ recordIndex, origin: decoded.origin, data: decoded.data, reasons: [unexpectedReason(error)] });
      }
    }
  }
  return { valid, malformed };
}
