import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CloudWatchLogsClient, CreateLogGroupCommand, DeleteLogGroupCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DeleteTableCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, S3Client } from "@aws-sdk/client-s3";
import { DeleteQueueCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFunction } from "../../../functions/bundle";
import { denyInsecureTransport } from "../../../modules/shared/tls-policy";
import { iopsSample } from "../../../functions/shared/testing/iops-events";
import { replayBucket } from "../../stream/replay-bucket";
import { FixtureClients } from "./fixtures";
import { localInvoker } from "./invoker";
import { LocalRuntime } from "./runtime";
import { type MotoServer, startMoto } from "./testing";

// Outage drills: the table, the dead-letter queue or the log group a handler writes to is gone for
// longer than every retry (the handler's own and its mapping's). The real handlers run in the local
// runtime, fed the way their mappings are configured; Lambda's give-up goes to the S3 on-failure
// bucket. Once the dependency is back, `replay` of that bucket must recover every record.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const ACCOUNT = "333344445555";
const REGION = "eu-west-1";
const ENV = "drill";
const BUCKET = "drill-on-failure";
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const RECORDS = 12;

let moto: MotoServer;
let aws: FixtureClients;
let s3: S3Client;
let logs: CloudWatchLogsClient;
let runtime: LocalRuntime;
let work: string;
const runtimeLog: string[] = [];
const sent: Record<string, { sequenceNumbers: string[]; payloads: unknown[] }> = {};
const queues: Record<string, { url: string; arn: string }> = {};

const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function put(streamName: string, payloads: unknown[]): Promise<void> {
  const { Records = [] } = await aws.kinesis.send(new PutRecordsCommand({ StreamName: streamName, Records: payloads.map((p, i) => ({ PartitionKey: `k${i % 3}`, Data: Buffer.from(JSON.stringify(p)) })) }));
  sent[streamName] = { sequenceNumbers: Records.map((r) => r.SequenceNumber!), payloads };
}

/** A stream-processor (or log-filter) deployment of its own: stream, role, function and mapping to the on-failure bucket. */
async function deployConsumer(name: string, kind: "stream-processor" | "log-filter", environment: Record<string, string>, grants: { Action: string[]; Resource: string | string[] }[]) {
  const streamArn = await aws.stream(name, 1);
  const role = await aws.role(name, [
    { Action: ["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:ListShards"], Resource: streamArn },
    { Action: ["s3:PutObject", "s3:ListBucket"], Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`] },
    ...grants,
  ]);
  const zip = readFileSync(bundleFunction(kind).zipPath);
  const functionArn = await aws.function({ name, zip, roleArn: role, environment: { ...environment, POWERTOOLS_METRICS_DISABLED: "true" }, tags: { environment: ENV, pipeline: name, component: kind } });
  await aws.mapping({ functionName: functionArn, streamArn, batchSize: 100, windowSeconds: 0, retries: 1, maxAgeSeconds: 3600, onFailureArn: BUCKET_ARN });
}

async function objectsUnder(prefix = ""): Promise<string[]> {
  return ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
}

/**
 * Waits until Lambda (the runtime) has given up on every record of every drill: the on-failure
 * objects of each mapping hold all its records (a bisected batch is given up on in pieces).
 */
async function untilGivenUp(consumers: number, timeoutMs: number): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  const counted = new Map<string, number>();
  const perMapping = new Map<string, number>();
  for (;;) {
    for (const key of await objectsUnder()) {
      if (counted.has(key)) continue;
      const body = await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString();
      counted.set(key, JSON.parse(body).KinesisBatchInfo.batchSize);
      const mapping = key.split("/")[2]!;
      perMapping.set(mapping, (perMapping.get(mapping) ?? 0) + counted.get(key)!);
    }
    if ((perMapping.size >= consumers && [...perMapping.values()].every((n) => n >= RECORDS)) || Date.now() > deadline) return perMapping;
    await sleep(500);
  }
}

beforeAll(async () => {
  moto = await startMoto(ACCOUNT);
  aws = new FixtureClients(moto.endpoint, ACCOUNT, REGION);
  const config = { endpoint: moto.endpoint, region: REGION, credentials: { accessKeyId: ACCOUNT, secretAccessKey: "local" }, requestHandler: new NodeHttpHandler() };
  s3 = new S3Client({ ...config, forcePathStyle: true });
  logs = new CloudWatchLogsClient(config);
  work = mkdtempSync(join(tmpdir(), "outage-drill-"));
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }));
  // The deployed on-failure buckets' TLS-only policy: moto denied every object call under it (docs/local-aws-gaps.md).
  await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify({ Version: "2012-10-17", Statement: [denyInsecureTransport("s3:*", [BUCKET_ARN, `${BUCKET_ARN}/*`])] }) }));
  const topic = await aws.topic("drill-malformed");

  // Drill 1: the events table is deleted. Drill 2: the dead-letter queue is deleted.
  for (const name of ["drill-table", "drill-queue"]) {
    await aws.table(name);
    queues[name] = await aws.queue(`${name}-dlq`);
    await deployConsumer(name, "stream-processor", { EVENTS_TABLE_NAME: name, MALFORMED_TOPIC_ARN: topic, DEAD_LETTER_QUEUE_URL: queues[name]!.url, WRITE_MAX_ATTEMPTS: "2" }, [
      { Action: ["dynamodb:BatchWriteItem"], Resource: arn("dynamodb", `table/${name}`) },
      { Action: ["sqs:SendMessage"], Resource: queues[name]!.arn },
      { Action: ["sns:Publish"], Resource: topic },
    ]);
  }
  // Drill 3: log-filter's log group is deleted.
  await logs.send(new CreateLogGroupCommand({ logGroupName: "/drill/f5" }));
  await deployConsumer("drill-logs", "log-filter", { LOG_GROUP_NAME: "/drill/f5", LOG_STREAM_NAME: "bigip" }, [
    { Action: ["logs:PutLogEvents", "logs:CreateLogStream"], Resource: [arn("logs", "log-group:/drill/f5"), arn("logs", "log-group:/drill/f5:*")] },
  ]);

  await aws.dynamodb.send(new DeleteTableCommand({ TableName: "drill-table" }));
  await aws.sqs.send(new DeleteQueueCommand({ QueueUrl: queues["drill-queue"]!.url }));
  await logs.send(new DeleteLogGroupCommand({ logGroupName: "/drill/f5" }));

  await put("drill-table", Array.from({ length: RECORDS }, (_, i) => iopsSample({ event_id: `table-${i}` })));
  // Malformed events: each must reach the dead-letter queue with its data.
  await put("drill-queue", Array.from({ length: RECORDS }, (_, i) => ({ event_type: "iops_sample", event_id: `queue-${i}`, timestamp: "not a time" })));
  await put("drill-logs", Array.from({ length: RECORDS }, (_, i) => ({ level: "error", message: `drill ${i}`, timestamp: "2026-01-31T12:00:00Z" })));

  runtime = await LocalRuntime.start({
    env: ENV,
    endpoint: moto.endpoint,
    region: REGION,
    credentials: { accessKeyId: ACCOUNT, secretAccessKey: "local" },
    codeSearchDirs: [join(ROOT, "build", "functions")],
    cacheDir: join(work, "code"),
    nodePath: [join(ROOT, "node_modules")],
    log: (message) => runtimeLog.push(message),
    functionLog: (name, line) => runtimeLog.push(`${name}: ${line}`),
  });
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
  aws?.destroy();
  s3?.destroy();
  logs?.destroy();
  await moto?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("outage drills: a dependency down longer than every retry, then replay of the S3 on-failure bucket", () => {
  it("loses nothing: Lambda's give-up keeps every record, and replay recovers each one into the restored table, queue and log group", async () => {
    // Act 1: the outage outlasts the handler's retries and the mapping's (1 retry): Lambda gives up.
    const givenUp = await untilGivenUp(3, 150_000);
    expect([...givenUp.values()], `records given up on per mapping\n${runtimeLog.slice(-30).join("\n")}`).toEqual([RECORDS, RECORDS, RECORDS]);

    expect(await aws.dynamodb.send(new ScanCommand({ TableName: "drill-table" })).catch((e: Error) => e.name)).toBe("ResourceNotFoundException");

    // Act 2: the dependencies come back (the same names, so the handlers' configuration still holds).
    await aws.table("drill-table");
    await aws.queue("drill-queue-dlq");
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/drill/f5" }));
    const { report, read, deleted } = await replayBucket(s3, BUCKET, { mode: "invoke", invoker: localInvoker(runtime.functions), deleteDone: true });

    // Assess: every stored record recovered, every object deleted, nothing left to replay.
    expect(report.invalid).toEqual([]);
    expect(report.notRecovered).toEqual([]);
    expect(report.recovered).toBe(3 * RECORDS);
    expect(report.batches.every((b) => b.from === "on-failure store" && b.status === "recovered")).toBe(true);
    expect([deleted, await objectsUnder()]).toEqual([read, []]);

    // The table holds every event once, under the key of its original place in the stream.
    const items = (await aws.dynamodb.send(new ScanCommand({ TableName: "drill-table" }))).Items ?? [];
    expect(items.map((i) => JSON.stringify(i)).filter((i) => /table-\d+/.test(i)).length).toBe(RECORDS);
    for (let i = 0; i < RECORDS; i++) expect(JSON.stringify(items)).toContain(`table-${i}`);
    expect(new Set(items.map((i) => i.sequence_number?.S))).toEqual(new Set(sent["drill-table"]!.sequenceNumbers));

    // The dead-letter queue holds every malformed event, with its data and original sequence number.
    const letters: Array<{ source: { sequenceNumber: string }; data: string }> = [];
    for (let tries = 0; tries < 10 && letters.length < RECORDS; tries++) {
      const { Messages = [] } = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: queues["drill-queue"]!.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      letters.push(...Messages.map((m) => JSON.parse(m.Body!)));
    }
    expect(new Set(letters.map((l) => l.source.sequenceNumber))).toEqual(new Set(sent["drill-queue"]!.sequenceNumbers));
    for (const letter of letters) {
      const index = sent["drill-queue"]!.sequenceNumbers.indexOf(letter.source.sequenceNumber);
      expect(JSON.parse(Buffer.from(letter.data, "base64").toString())).toEqual(sent["drill-queue"]!.payloads[index]);
    }

    // The log group holds every kept line, each naming the record it came from.
    const { events = [] } = await logs.send(new FilterLogEventsCommand({ logGroupName: "/drill/f5" }));
    const logged = new Set(events.map((e) => JSON.parse(e.message!).source?.sequenceNumber));
    expect(logged).toEqual(new Set(sent["drill-logs"]!.sequenceNumbers));
  }, 300_000);
});
