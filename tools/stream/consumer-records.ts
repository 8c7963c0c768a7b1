import type { _Record } from "@aws-sdk/client-kinesis";
import type { KinesisStreamRecord } from "aws-lambda";
import { aggregateRecords } from "../../functions/shared/kpl";
import type { ConsumerRecord } from "./consumer-invoker";
import type { MalformedRecord } from "./replay-messages";

/** Where records of one shard come from, for their Lambda envelope. */
export interface ShardOrigin {
  readonly eventSourceArn: string;
  readonly shardId: string;
}

const regionOfArn = (arn: string) => arn.split(":")[3] ?? "";

/**
 * A Kinesis record in the shape Lambda delivers it, at its original place: the sequence number,
 * partition key and arrival time the stream gave it (`eventID` `<shardId>:<sequenceNumber>`), so a
 * consumer's sequence-based idempotent keys come out as they did the first time.
 */
export function lambdaRecord(origin: ShardOrigin, record: { partitionKey: string; sequenceNumber: string; data: Uint8Array; approximateArrivalTimestamp: number }): ConsumerRecord {
  const lambda: KinesisStreamRecord = {
    kinesis: {
      kinesisSchemaVersion: "1.0",
      partitionKey: record.partitionKey,
      sequenceNumber: record.sequenceNumber,
      data: Buffer.from(record.data).toString("base64"),
      approximateArrivalTimestamp: record.approximateArrivalTimestamp,
    },
    eventSource: "aws:kinesis",
    eventVersion: "1.0",
    eventID: `${origin.shardId}:${record.sequenceNumber}`,
    eventName: "aws:kinesis:record",
    // The mapping's execution role is not known here; no handler of the platform reads it.
    invokeIdentityArn: "",
    awsRegion: regionOfArn(origin.eventSourceArn),
    eventSourceARN: origin.eventSourceArn,
  };
  return { record: lambda, sequenceNumber: record.sequenceNumber };
}

/** A record read back from the stream (GetRecords) as Lambda would deliver it. */
export function fromStreamRecord(origin: ShardOrigin, record: _Record): ConsumerRecord {
  const arrival = record.ApproximateArrivalTimestamp ?? new Date();
  return lambdaRecord(origin, { partitionKey: record.PartitionKey!, sequenceNumber: record.SequenceNumber!, data: record.Data ?? new Uint8Array(), approximateArrivalTimestamp: arrival.getTime() / 1000 });
}

/** Dead-lettered records of one consumer and one shard, rebuilt as the Kinesis records they came in. */
export interface DeadLetterShard extends ShardOrigin {
  readonly functionName: string;
  /** In stream order. */
  readonly records: ConsumerRecord[];
  /** The recordIds (dead-letter messages) behind each Kinesis record, by sequence number. */
  readonly recordIds: ReadonlyMap<string, readonly string[]>;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/**
 * Groups re-assembled dead letters by consumer (the message's `producer`, or `functionName`), shard
 * and Kinesis record. A record's user records are put back at their sequence number and their
 * sub-sequence number: one at 0 as a plain record, several of one KPL aggregate as an aggregate
 * again. A consumer numbers an aggregate's user records from 0, so the dead letters of one sequence
 * number are placed only when they are sub-sequences 0..n-1; otherwise a rebuilt aggregate would
 * give one of them the key of a sibling the consumer already wrote, and they are returned apart
 * (with the records that name no consumer or no place in a stream), never replayed.
 */
export function deadLetterShards(records: readonly (MalformedRecord & { producer?: string })[], functionName?: string): { shards: DeadLetterShard[]; unplaced: Array<{ recordId: string; reason: string }> } {
  const unplaced: Array<{ recordId: string; reason: string }> = [];
  const groups = new Map<string, { fn: string; origin: ShardOrigin; bySequence: Map<string, Array<MalformedRecord & { sub: number }>> }>();
  for (const record of records) {
    const fn = functionName ?? text(record.producer);
    const { eventSourceArn, shardId, sequenceNumber } = record.source;
    if (fn === undefined) {
      unplaced.push({ recordId: record.recordId, reason: "its message names no producer: pass --function" });
      continue;
    }
    if (text(eventSourceArn) === undefined || text(shardId) === undefined || text(sequenceNumber) === undefined) {
      unplaced.push({ recordId: record.recordId, reason: "its source has no eventSourceArn, shardId and sequenceNumber" });
      continue;
    }
    const key = JSON.stringify([fn, eventSourceArn, shardId]);
    const group = groups.get(key) ?? { fn, origin: { eventSourceArn: eventSourceArn as string, shardId: shardId as string }, bySequence: new Map() };
    groups.set(key, group);
    const sub = typeof record.source.subSequenceNumber === "number" ? record.source.subSequenceNumber : 0;
    group.bySequence.set(sequenceNumber as string, [...(group.bySequence.get(sequenceNumber as string) ?? []), { ...record, sub }]);
  }
  const shards: DeadLetterShard[] = [];
  for (const { fn, origin, bySequence } of groups.values()) {
    const sequences = [...bySequence.keys()].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
    const out: ConsumerRecord[] = [];
    const recordIds = new Map<string, string[]>();
    for (const sequenceNumber of sequences) {
      const users = bySequence.get(sequenceNumber)!.sort((a, b) => a.sub - b.sub);
      if (users.some((u, i) => u.sub !== i)) {
        const subs = users.map((u) => u.sub).join(", ");
        for (const u of users) unplaced.push({ recordId: u.recordId, reason: `sub-sequences ${subs} of the KPL aggregate at ${sequenceNumber}: a rebuilt aggregate numbers its records from 0, so they cannot keep their place; print them and re-drive them by hand` });
        continue;
      }
      const first = users[0]!;
      const partitionKey = text(first.source.partitionKey) ?? "replay";
      const arrival = typeof first.source.approximateArrivalTimestamp === "number" ? first.source.approximateArrivalTimestamp : Date.now() / 1000;
      const aggregated = users.length === 1 && first.sub === 0 ? [{ partitionKey, data: first.data }] : aggregateRecords(users.map((u) => ({ partitionKey: text(u.source.partitionKey) ?? partitionKey, data: u.data })), Number.MAX_SAFE_INTEGER);
      out.push(lambdaRecord(origin, { partitionKey: aggregated[0]!.partitionKey, sequenceNumber, data: aggregated[0]!.data, approximateArrivalTimestamp: arrival }));
      recordIds.set(sequenceNumber, users.map((u) => u.recordId));
    }
    if (out.length > 0) shards.push({ functionName: fn, ...origin, records: out, recordIds });
  }
  return { shards, unplaced };
}
