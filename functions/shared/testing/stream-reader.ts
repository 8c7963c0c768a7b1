import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from "aws-lambda";

/**
 * Creates a stream and waits until it is ACTIVE: even with a zero delay kinesalite switches it on a
 * timer, and a busy machine lets a PutRecords in before (ResourceNotFoundException).
 */
export async function createActiveStream(client: KinesisClient, streamName: string, shardCount: number): Promise<void> {
  await client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
  for (let i = 0; i < 200; i++) {
    const { StreamDescriptionSummary } = await client.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
    if (StreamDescriptionSummary?.StreamStatus === "ACTIVE") return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`stream ${streamName} never became ACTIVE`);
}

/**
 * Reads every record of a stream from TRIM_HORIZON with GetRecords and shapes each one as Lambda's
 * Kinesis event source delivers it. Records come grouped by shard, in sequence order.
 */
export async function readStreamAsLambdaRecords(client: KinesisClient, streamName: string, region = "us-east-1"): Promise<Map<string, KinesisStreamRecord[]>> {
  const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: streamName }));
  const byShard = new Map<string, KinesisStreamRecord[]>();
  const streamArn = `arn:aws:kinesis:${region}:000000000000:stream/${streamName}`;
  for (const shard of Shards) {
    const shardId = shard.ShardId!;
    const records: KinesisStreamRecord[] = [];
    const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }));
    let iterator = ShardIterator;
    for (;;) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      for (const r of page.Records ?? []) {
        records.push({
          awsRegion: region,
          eventID: `${shardId}:${r.SequenceNumber}`,
          eventName: "aws:kinesis:record",
          eventSource: "aws:kinesis",
          eventSourceARN: streamArn,
          eventVersion: "1.0",
          invokeIdentityArn: "arn:aws:iam::000000000000:role/test",
          kinesis: {
            kinesisSchemaVersion: "1.0",
            partitionKey: r.PartitionKey!,
            sequenceNumber: r.SequenceNumber!,
            approximateArrivalTimestamp: (r.ApproximateArrivalTimestamp ?? new Date()).getTime() / 1000,
            data: Buffer.from(r.Data!).toString("base64"),
          },
        });
      }
      if (!page.Records?.length || !page.NextShardIterator) break;
      iterator = page.NextShardIterator;
    }
    byShard.set(shardId, records);
  }
  return byShard;
}

/**
 * Feeds one shard's records to a handler the way an event source mapping with
 * ReportBatchItemFailures does: batches of `batchSize`, and after a partial failure the next
 * batch starts again at the lowest failed record. Returns the number of invocations.
 * @param maxInvocations guard against a handler that never succeeds.
 */
export async function consumeLikeLambda(
  handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse | void>,
  records: KinesisStreamRecord[],
  batchSize = 100,
  maxInvocations = 100,
): Promise<number> {
  let position = 0;
  let invocations = 0;
  while (position < records.length) {
    if (++invocations > maxInvocations) throw new Error(`handler still failing after ${maxInvocations} invocations at record ${position}`);
    const batch = records.slice(position, position + batchSize);
    const response = await handler({ Records: batch });
    const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    const lowest = batch.findIndex((r) => failed.has(r.kinesis.sequenceNumber));
    position += lowest === -1 ? batch.length : lowest;
  }
  return invocations;
}
