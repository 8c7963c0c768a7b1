import { createHash } from "node:crypto";

/** One record as a producer sees it: a partition key, an optional explicit hash key and the bytes. */
export interface UserRecord {
  partitionKey: string;
  explicitHashKey?: string;
  data: Uint8Array;
}

/** The four bytes every KPL aggregated record starts with. */
export const KPL_MAGIC = Uint8Array.of(0xf3, 0x89, 0x9a, 0xc2);
const MD5_BYTES = 16;
/** Kinesis caps a record (data + partition key) at 1 MiB; the default keeps 1 KiB of headroom. */
const DEFAULT_MAX_AGGREGATE_BYTES = 1_048_576 - 1024;
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

interface EncodedRecord {
  keyIndex: number;
  hashKeyIndex?: number;
  data: Uint8Array;
  messageBytes: number;
}

interface PendingAggregate {
  keys: Map<string, number>;
  hashKeys: Map<string, number>;
  encodedKeys: Uint8Array[];
  encodedHashKeys: Uint8Array[];
  records: EncodedRecord[];
  protobufBytes: number;
  first: UserRecord;
  firstKeyBytes: number;
}

function varintLength(value: number): number {
  let length = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    length++;
  }
  return length;
}

function fieldSize(payloadBytes: number): number {
  return 1 + varintLength(payloadBytes) + payloadBytes;
}

class ProtoWriter {
  private readonly buffer: Uint8Array;
  private offset = 0;

  constructor(size: number) {
    this.buffer = new Uint8Array(size);
  }

  varint(value: number): void {
    while (value >= 0x80) {
      this.buffer[this.offset++] = (value % 128) | 0x80;
      value = Math.floor(value / 128);
    }
    this.buffer[this.offset++] = value;
  }

  uint(tag: number, value: number): void {
    this.buffer[this.offset++] = tag;
    this.varint(value);
  }

  bytes(tag: number, payload: Uint8Array): void {
    this.uint(tag, payload.length);
    this.buffer.set(payload, this.offset);
    this.offset += payload.length;
  }

  finish(): Uint8Array {
    if (this.offset !== this.buffer.length) throw new Error(`KPL encoder wrote ${this.offset} bytes, expected ${this.buffer.length}`);
    return this.buffer;
  }
}

function newAggregate(first: UserRecord): PendingAggregate {
  return {
    keys: new Map(),
    hashKeys: new Map(),
    encodedKeys: [],
    encodedHashKeys: [],
    records: [],
    protobufBytes: 0,
    first,
    firstKeyBytes: utf8.encode(first.partitionKey).length,
  };
}

/** Adds `record` if the aggregate (magic + protobuf + md5 + partition key) stays within `maxBytes`. */
function tryAdd(aggregate: PendingAggregate, record: UserRecord, maxBytes: number): boolean {
  let added = 0;
  let keyIndex = aggregate.keys.get(record.partitionKey);
  const key = keyIndex === undefined ? utf8.encode(record.partitionKey) : undefined;
  if (key) {
    keyIndex = aggregate.keys.size;
    added += fieldSize(key.length);
  }
  let hashKeyIndex: number | undefined;
  let hashKey: Uint8Array | undefined;
  if (record.explicitHashKey !== undefined) {
    hashKeyIndex = aggregate.hashKeys.get(record.explicitHashKey);
    if (hashKeyIndex === undefined) {
      hashKey = utf8.encode(record.explicitHashKey);
      hashKeyIndex = aggregate.hashKeys.size;
      added += fieldSize(hashKey.length);
    }
  }
  const messageBytes =
    1 + varintLength(keyIndex!) + (hashKeyIndex === undefined ? 0 : 1 + varintLength(hashKeyIndex)) + fieldSize(record.data.length);
  added += fieldSize(messageBytes);
  const total = KPL_MAGIC.length + aggregate.protobufBytes + added + MD5_BYTES + aggregate.firstKeyBytes;
  if (total > maxBytes) return false;
  if (key) {
    aggregate.keys.set(record.partitionKey, keyIndex!);
    aggregate.encodedKeys.push(key);
  }
  if (hashKey) {
    aggregate.hashKeys.set(record.explicitHashKey!, hashKeyIndex!);
    aggregate.encodedHashKeys.push(hashKey);
  }
  const encoded: EncodedRecord = { keyIndex: keyIndex!, data: record.data, messageBytes };
  if (hashKeyIndex !== undefined) encoded.hashKeyIndex = hashKeyIndex;
  aggregate.records.push(encoded);
  aggregate.protobufBytes += added;
  return true;
}

function encodeAggregate(aggregate: PendingAggregate): UserRecord {
  const writer = new ProtoWriter(aggregate.protobufBytes);
  for (const key of aggregate.encodedKeys) writer.bytes(0x0a, key);
  for (const hashKey of aggregate.encodedHashKeys) writer.bytes(0x12, hashKey);
  for (const record of aggregate.records) {
    writer.uint(0x1a, record.messageBytes);
    writer.uint(0x08, record.keyIndex);
    if (record.hashKeyIndex !== undefined) writer.uint(0x10, record.hashKeyIndex);
    writer.bytes(0x1a, record.data);
  }
  const protobuf = writer.finish();
  const data = new Uint8Array(KPL_MAGIC.length + protobuf.length + MD5_BYTES);
  data.set(KPL_MAGIC, 0);
  data.set(protobuf, KPL_MAGIC.length);
  data.set(createHash("md5").update(protobuf).digest(), KPL_MAGIC.length + protobuf.length);
  const output: UserRecord = { partitionKey: aggregate.first.partitionKey, data };
  if (aggregate.first.explicitHashKey !== undefined) output.explicitHashKey = aggregate.first.explicitHashKey;
  return output;
}

/**
 * Packs user records, in order, into as few KPL aggregated records as fit in `maxBytes` each
 * (magic, protobuf, MD5 and the output's partition key counted). Each output takes the partition
 * key (and explicit hash key) of its first record, so all its records land on that record's shard,
 * exactly as the KPL does. A record too big to aggregate on its own passes through unchanged.
 * @param maxBytes size cap of one output record. @default 1_047_552 (1 MiB less 1 KiB)
 */
export function aggregateRecords(records: UserRecord[], maxBytes = DEFAULT_MAX_AGGREGATE_BYTES): UserRecord[] {
  const output: UserRecord[] = [];
  let current: PendingAggregate | undefined;
  for (const record of records) {
    if (current && tryAdd(current, record, maxBytes)) continue;
    if (current) output.push(encodeAggregate(current));
    current = newAggregate(record);
    if (!tryAdd(current, record, maxBytes)) {
      output.push(record);
      current = undefined;
    }
  }
  if (current) output.push(encodeAggregate(current));
  return output;
}

function hasValidChecksum(data: Uint8Array): boolean {
  if (data.length < KPL_MAGIC.length + MD5_BYTES) return false;
  for (let i = 0; i < KPL_MAGIC.length; i++) if (data[i] !== KPL_MAGIC[i]) return false;
  const protobuf = data.subarray(KPL_MAGIC.length, data.length - MD5_BYTES);
  const expected = data.subarray(data.length - MD5_BYTES);
  const actual = createHash("md5").update(protobuf).digest();
  return actual.equals(expected);
}

/** True when `data` starts with the KPL magic and its trailing MD5 matches the protobuf between. */
export function isAggregated(data: Uint8Array): boolean {
  return hasValidChecksum(data);
}

class ProtoReader {
  offset: number;
  constructor(
    private readonly buffer: Uint8Array,
    start = 0,
    readonly end = buffer.length,
  ) {
    this.offset = start;
  }

  varint(): number {
    let result = 0;
    let factor = 1;
    for (;;) {
      if (this.offset >= this.end) throw new Error("truncated varint");
      const byte = this.buffer[this.offset++]!;
      result += (byte & 0x7f) * factor;
      if (byte < 0x80) return result;
      factor *= 128;
      if (factor > 2 ** 63) throw new Error("varint too long");
    }
  }

  slice(): Uint8Array {
    const length = this.varint();
    if (this.offset + length > this.end) throw new Error("truncated field");
    const value = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.slice();
    else if (wireType === 1) this.offset += 8;
    else if (wireType === 5) this.offset += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

interface ParsedAggregate {
  keys: string[];
  hashKeys: string[];
  records: Array<{ keyIndex: number; hashKeyIndex?: number; data: Uint8Array }>;
}

function parseAggregate(data: Uint8Array): ParsedAggregate {
  const reader = new ProtoReader(data, KPL_MAGIC.length, data.length - MD5_BYTES);
  const parsed: ParsedAggregate = { keys: [], hashKeys: [], records: [] };
  while (reader.offset < reader.end) {
    const tag = reader.varint();
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (field === 1 && wireType === 2) parsed.keys.push(utf8Decoder.decode(reader.slice()));
    else if (field === 2 && wireType === 2) parsed.hashKeys.push(utf8Decoder.decode(reader.slice()));
    else if (field === 3 && wireType === 2) {
      const message = reader.slice();
      const inner = new ProtoReader(message);
      let keyIndex: number | undefined;
      let hashKeyIndex: number | undefined;
      let payload: Uint8Array | undefined;
      while (inner.offset < inner.end) {
        const innerTag = inner.varint();
        const innerField = Math.floor(innerTag / 8);
        const innerWire = innerTag & 7;
        if (innerField === 1 && innerWire === 0) keyIndex = inner.varint();
        else if (innerField === 2 && innerWire === 0) hashKeyIndex = inner.varint();
        else if (innerField === 3 && innerWire === 2) payload = inner.slice();
        else inner.skip(innerWire);
      }
      if (keyIndex === undefined || payload === undefined) throw new Error("record without partition_key_index or data");
      const record: ParsedAggregate["records"][number] = { keyIndex, data: payload };
      if (hashKeyIndex !== undefined) record.hashKeyIndex = hashKeyIndex;
      parsed.records.push(record);
    } else reader.skip(wireType);
  }
  return parsed;
}

/**
 * Splits a Kinesis record into its user records. A record that is not aggregated, or carries the
 * magic with a wrong MD5 or an unreadable body, comes back as one record with subSequenceNumber 0
 * (what the KCL does: such bytes are a producer's data, not an aggregate).
 */
export function deaggregate(record: {
  partitionKey: string;
  data: Uint8Array;
  sequenceNumber?: string;
}): Array<UserRecord & { subSequenceNumber: number }> {
  const single = [{ partitionKey: record.partitionKey, data: record.data, subSequenceNumber: 0 }];
  if (!hasValidChecksum(record.data)) return single;
  let parsed: ParsedAggregate;
  try {
    parsed = parseAggregate(record.data);
  } catch {
    return single;
  }
  const output: Array<UserRecord & { subSequenceNumber: number }> = [];
  for (const [index, entry] of parsed.records.entries()) {
    const partitionKey = parsed.keys[entry.keyIndex];
    if (partitionKey === undefined) return single;
    const user: UserRecord & { subSequenceNumber: number } = { partitionKey, data: entry.data, subSequenceNumber: index };
    if (entry.hashKeyIndex !== undefined) {
      const hashKey = parsed.hashKeys[entry.hashKeyIndex];
      if (hashKey === undefined) return single;
      user.explicitHashKey = hashKey;
    }
    output.push(user);
  }
  return output;
}
