import type { AuthorizedCall } from "./iam-request";

const STREAM_CALLS = new Set(["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:GetRecords"]);

/**
 * What a call must wait for before it reaches the local API: its stream, for a Kinesis write.
 * moto appends to a shard by reading the shard's last sequence number and storing the record under
 * the next one, without a lock (moto/kinesis/models.py: "this function is not safe for
 * concurrency"), so two writes to one stream at once can take the same number, and one record then
 * silently replaces the other (docs/local-aws-gaps.md). Its GetRecords iterates the shard's records
 * unlocked too, and fails with a 500 ("OrderedDict mutated during iteration") when a write lands
 * meanwhile, so a stream's reads wait for its writes as well. Other calls need no order.
 */
export function serialWriteKey(call: AuthorizedCall | undefined): string | undefined {
  if (!call || !STREAM_CALLS.has(call.action) || call.resources.length !== 1) return undefined;
  return call.resources[0];
}

/** Runs tasks with the same key one after another, in the order they came; other keys run alongside. */
export class SerialByKey {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string | undefined, task: () => Promise<T>): Promise<T> {
    if (key === undefined) return task();
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
