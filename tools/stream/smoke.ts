import { randomUUID } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand, type KinesisClient, type StreamDescriptionSummary } from "@aws-sdk/client-kinesis";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { explainAwsError, regionOf } from "./aws";
import { CliError } from "./io";
import { describeSettings, streamDifferences, type StreamSettings } from "./stream-settings";

/** One step of a smoke test and how it went. */
export interface SmokeStep {
  readonly step: string;
  readonly ok: boolean;
  /** Skipped steps are neither passed nor failed. */
  readonly skipped?: boolean;
  readonly detail: string;
  readonly elapsedMs: number;
}

/** Options of {@link smokeTest}. */
export interface SmokeOptions {
  readonly streamName: string;
  readonly region?: string;
  /** Pipeline name written into the test record. */
  readonly pipeline?: string;
  /**
   * The stream's settings in envs/: a step compares the live stream's mode, shard count,
   * retention and encryption with them, and fails listing every difference (the other steps
   * still run).
   * @default - the comparison step is skipped (a bare --stream)
   */
  readonly expected?: StreamSettings;
  /**
   * Extra fields of the test record, e.g. a valid event so processors accept it.
   * @default {}
   */
  readonly payload?: Record<string, unknown>;
  /**
   * How long to wait for the record to be readable.
   * @default 30000
   */
  readonly readTimeoutMs?: number;
  /**
   * Checks that Firehose delivered the record to this archive: S3 client, bucket and the prefix of
   * the current hour.
   * @default - the destination step is skipped
   */
  readonly archive?: { readonly client: S3Client; readonly bucket: string; readonly prefix: string; readonly timeoutMs: number };
  /**
   * Waits between polls.
   * @default - setTimeout
   */
  readonly sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Renders Firehose's `!{timestamp:...}` prefix for an instant, up to its first other expression. */
export function archivePrefixAt(prefix: string, at: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const parts: Record<string, string> = { yyyy: String(at.getUTCFullYear()), MM: pad(at.getUTCMonth() + 1), dd: pad(at.getUTCDate()), HH: pad(at.getUTCHours()) };
  const rendered = prefix.replace(/!\{timestamp:(yyyy|MM|dd|HH)\}/g, (_, part: string) => parts[part]!);
  const open = rendered.indexOf("!{");
  return open === -1 ? rendered : rendered.slice(0, open);
}

async function archiveHas(client: S3Client, bucket: string, prefix: string, marker: string): Promise<string | undefined> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const newest = (listed.Contents ?? []).sort((a, b) => (b.LastModified?.getTime() ?? 0) - (a.LastModified?.getTime() ?? 0)).slice(0, 20);
  for (const object of newest) {
    const body = await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
    const bytes = Buffer.from(await body.Body!.transformToByteArray());
    const text = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString("utf8") : bytes.toString("utf8");
    if (text.includes(marker)) return object.Key;
  }
  return undefined;
}

/**
 * Smoke-tests a pipeline: the stream exists and is active, a uniquely marked record is accepted,
 * the same record is read back from its shard, and (when an archive is given) it reached S3.
 * Never throws for a failed step: each step reports its outcome.
 */
export async function smokeTest(client: KinesisClient, options: SmokeOptions): Promise<SmokeStep[]> {
  const steps: SmokeStep[] = [];
  const pause = options.sleep ?? wait;
  const smokeId = `smoke-${randomUUID()}`;
  const context = { streamName: options.streamName, region: options.region ?? (await regionOf(client)) };
  const run = async (step: string, action: () => Promise<string>): Promise<boolean> => {
    const started = Date.now();
    try {
      steps.push({ step, ok: true, detail: await action(), elapsedMs: Date.now() - started });
      return true;
    } catch (error) {
      steps.push({ step, ok: false, detail: explainAwsError(error, context).message, elapsedMs: Date.now() - started });
      return false;
    }
  };

  let summary: StreamDescriptionSummary | undefined;
  const described = await run("stream is active", async () => {
    summary = (await client.send(new DescribeStreamSummaryCommand({ StreamName: options.streamName }))).StreamDescriptionSummary!;
    if (summary.StreamStatus !== "ACTIVE" && summary.StreamStatus !== "UPDATING") throw new Error(`stream ${options.streamName} is ${summary.StreamStatus}`);
    const mode = summary.StreamModeDetails?.StreamMode ?? "PROVISIONED";
    return `${options.streamName}: ${summary.StreamStatus}, ${mode}, ${summary.OpenShardCount} open shards, ${summary.RetentionPeriodHours} h retention, encryption ${summary.EncryptionType ?? "NONE"}`;
  });
  if (!described) return steps;
  const expected = options.expected;
  if (expected) {
    await run("stream matches envs/", async () => {
      const differences = streamDifferences(summary!, expected);
      if (differences.length > 0) throw new CliError(`${differences.length} difference${differences.length === 1 ? "" : "s"} from envs/: ${differences.join("; ")}`);
      return `as envs/ says: ${describeSettings(expected)}`;
    });
  } else {
    steps.push({ step: "stream matches envs/", ok: true, skipped: true, detail: "skipped: name the stream with --env and --pipeline to compare it with envs/", elapsedMs: 0 });
  }

  let position: { shardId: string; sequenceNumber: string } | undefined;
  const record = { ...options.payload, smokeId, smoke: true, pipeline: options.pipeline, sentAt: new Date().toISOString() };
  const put = await run("test record accepted", async () => {
    const response = await client.send(new PutRecordCommand({ StreamName: options.streamName, PartitionKey: smokeId, Data: Buffer.from(JSON.stringify(record)) }));
    position = { shardId: response.ShardId!, sequenceNumber: response.SequenceNumber! };
    return `${smokeId} on ${position.shardId} at ${position.sequenceNumber}`;
  });
  if (!put || !position) return steps;

  const readBack = await run("test record read back", async () => {
    const deadline = Date.now() + (options.readTimeoutMs ?? 30_000);
    let iterator = (
      await client.send(new GetShardIteratorCommand({ StreamName: options.streamName, ShardId: position!.shardId, ShardIteratorType: "AT_SEQUENCE_NUMBER", StartingSequenceNumber: position!.sequenceNumber }))
    ).ShardIterator;
    while (iterator && Date.now() < deadline) {
      const response = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      const found = (response.Records ?? []).find((r) => r.SequenceNumber === position!.sequenceNumber);
      if (found) {
        if (!Buffer.from(found.Data!).toString("utf8").includes(smokeId)) throw new Error(`the record at ${position!.sequenceNumber} does not carry ${smokeId}`);
        return `same bytes read back from ${position!.shardId}`;
      }
      iterator = response.NextShardIterator;
      await pause(200);
    }
    throw new Error(`${smokeId} was not readable within ${options.readTimeoutMs ?? 30_000} ms`);
  });
  if (!readBack) return steps;

  const archive = options.archive;
  if (!archive) {
    steps.push({ step: "record reached the archive", ok: true, skipped: true, detail: "skipped: pass --check-archive to check Firehose delivery to S3", elapsedMs: 0 });
    return steps;
  }
  await run("record reached the archive", async () => {
    const deadline = Date.now() + archive.timeoutMs;
    for (;;) {
      const prefix = archivePrefixAt(archive.prefix, new Date());
      const key = await archiveHas(archive.client, archive.bucket, prefix, smokeId);
      if (key) return `s3://${archive.bucket}/${key}`;
      if (Date.now() >= deadline) throw new Error(`${smokeId} not in s3://${archive.bucket}/${prefix} after ${Math.round(archive.timeoutMs / 1000)} s (Firehose buffers up to its interval)`);
      await pause(15_000);
    }
  });
  return steps;
}
