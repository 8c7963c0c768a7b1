import { ListShardsCommand, type KinesisClient, type Shard } from "@aws-sdk/client-kinesis";

/** Every shard of a stream, open and closed (within retention), following ListShards pagination. */
export async function listAllShards(client: KinesisClient, streamName: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let nextToken: string | undefined;
  do {
    // ListShards refuses StreamName together with NextToken.
    const response = await client.send(new ListShardsCommand(nextToken ? { NextToken: nextToken } : { StreamName: streamName }));
    shards.push(...(response.Shards ?? []));
    nextToken = response.NextToken;
  } while (nextToken);
  return shards;
}

/** The ids of a shard's parents: one after a split, two after a merge, none for an original shard. */
export function parentIds(shard: Shard): string[] {
  return [shard.ParentShardId, shard.AdjacentParentShardId].filter((id): id is string => id !== undefined && id !== "");
}

/** True when the shard was split or merged: it takes no new records and ends at its ending sequence number. */
export function isClosed(shard: Shard): boolean {
  return shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
}

/** Compares two Kinesis sequence numbers (decimal strings up to 128 bits). */
export function compareSequenceNumbers(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
