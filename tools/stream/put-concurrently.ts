import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { PUT_RECORDS_MAX_BYTES, PUT_RECORDS_MAX_ENTRIES, putRecordsWithRetry, type PutRecordsResult, type PutRecordsWithRetryOptions, type PutTarget } from "../../functions/shared/kinesis-put";
import type { UserRecord } from "../../functions/shared/kpl";

/**
 * Index ranges `[start, end)` of `records` that each fill one PutRecords call (500 records / 5 MiB,
 * counted as putRecordsWithRetry counts them), so a slice sent alone makes calls as full as the
 * whole would.
 */
export function putRecordsSlices(records: readonly UserRecord[]): Array<[number, number]> {
  const slices: Array<[number, number]> = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < records.length; i++) {
    const size = records[i]!.data.length + Buffer.byteLength(records[i]!.partitionKey, "utf8");
    if (i - start === PUT_RECORDS_MAX_ENTRIES || (i > start && bytes + size > PUT_RECORDS_MAX_BYTES)) {
      slices.push([start, i]);
      start = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (start < records.length) slices.push([start, records.length]);
  return slices;
}

/**
 * putRecordsWithRetry over `records`, with up to `concurrency` PutRecords calls (each with its
 * own retries) in flight at once: one call waits on the network most of its time, and Kinesis
 * takes calls to a stream in parallel. PutRecords does not keep order between records anyway
 * (AWS: use PutRecord to the same shard for that). Indexes in the result are into `records`, in input order.
 */
export async function putRecordsConcurrently(
  client: KinesisClient,
  target: PutTarget,
  records: UserRecord[],
  options: PutRecordsWithRetryOptions,
  concurrency: number,
): Promise<PutRecordsResult> {
  const slices = putRecordsSlices(records);
  const merged: PutRecordsResult = { sent: 0, failed: [], accepted: [] };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < slices.length) {
      const [start, end] = slices[next++]!;
      const result = await putRecordsWithRetry(client, target, records.slice(start, end), options);
      merged.sent += result.sent;
      for (const failure of result.failed) merged.failed.push({ ...failure, index: failure.index + start });
      for (const accepted of result.accepted) merged.accepted.push({ ...accepted, index: accepted.index + start });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, slices.length)) }, worker));
  // In input order, as putRecordsWithRetry returns them.
  merged.failed.sort((a, b) => a.index - b.index);
  merged.accepted.sort((a, b) => a.index - b.index);
  return merged;
}
