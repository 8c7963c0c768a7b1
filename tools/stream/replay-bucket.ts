import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import { replay, type ReplayInput, type ReplayOptions, type ReplayReport } from "./replay";

/** Options of {@link replayBucket}. */
export interface ReplayBucketOptions extends ReplayOptions {
  /**
   * Only objects under this prefix (`aws/lambda/<mapping UUID>/` for one mapping).
   * @default "" - every object of the bucket
   */
  readonly prefix?: string;
  /**
   * Stop after this many objects.
   * @default 1000
   */
  readonly maxObjects?: number;
  /**
   * Delete the objects whose records were all recovered.
   * @default false
   */
  readonly deleteDone?: boolean;
}

const labelOf = (bucket: string, key: string) => `s3://${bucket}/${key}`;

/** The objects of an on-failure bucket, oldest key first within each listing page (keys carry the date). */
async function* objectsOf(s3: S3Client, bucket: string, prefix: string, max: number): AsyncGenerator<ReplayInput> {
  let token: string | undefined;
  let count = 0;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      if (count++ >= max) return;
      const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key! }));
      yield { label: labelOf(bucket, object.Key!), text: await body.Body!.transformToString("utf8") };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/**
 * Replays what a stream mapping's S3 on-failure destination kept (each object: the invocation
 * record with the whole event in `payload`): the records go back to the function that failed, with
 * their shard and sequence numbers; with `deleteDone`, only the objects wholly recovered are deleted.
 * The stream is not read: recovery does not depend on its retention.
 */
export async function replayBucket(s3: S3Client, bucket: string, options: ReplayBucketOptions, kinesis?: KinesisClient): Promise<{ report: ReplayReport; read: number; deleted: number }> {
  const inputs: ReplayInput[] = [];
  for await (const input of objectsOf(s3, bucket, options.prefix ?? "", options.maxObjects ?? 1000)) inputs.push(input);
  const report = await replay(kinesis, inputs, options);
  let deleted = 0;
  if (options.deleteDone) {
    const prefix = labelOf(bucket, "");
    const keys = report.done.filter((label) => label.startsWith(prefix)).map((label) => label.slice(prefix.length));
    for (let i = 0; i < keys.length; i += 1000) {
      const response = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: false } }));
      deleted += response.Deleted?.length ?? 0;
    }
  }
  return { report, read: inputs.length, deleted };
}
