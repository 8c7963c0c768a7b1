import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { DeleteMessageCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { GUIDE_SHARD_LEVEL_METRICS } from "../envs/schema/components";
import type { EnvironmentConfig } from "../envs/schema/environment";
import { REPO_ROOT } from "../tools/terraform/cli-config";
import type { DeployedProcessor, SmokeClients } from "./local-smoke";
import { eventually, messageContaining, subscribeQueue } from "./local-smoke";

/** Seed 001's documented test event, byte for byte: no `source`, so the session id keys it. */
export const SEED_001_TEST_EVENT = {
  event_type: "session_started",
  timestamp: "2024-11-06T12:00:00Z",
  payload: { session_id: "test-123", user_id: "user-456" },
  metrics: { iops: 50000, latency: 5.2, errorRate: 0.1 },
};

/** Seed 001's documented malformed event. */
export const SEED_001_MALFORMED_EVENT = { event_type: "invalid_type", payload: "not_an_object" };

/** A pipeline's HTTP API as `make up` serves it, and where its accepted events end up. */
export interface ServedApi {
  readonly pipeline: string;
  /** The runtime's base URL, stage included (`http://127.0.0.1:<port>/prod`). */
  readonly baseUrl: string;
  readonly eventsPath: string;
  readonly batchPath: string;
  /** The ingest function's stream. */
  readonly streamName: string;
  /** The stream-processor's table, when the pipeline has one. */
  readonly tableName?: string;
  /** The ingest function's MALFORMED_TOPIC_ARN, when set. */
  readonly malformedTopicArn?: string;
}

/** POSTs `body` as JSON; the status and the parsed answer. */
async function post(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * Seed 001's curl steps against the served API: the test event is accepted (202) and stored under
 * its session id; the malformed event gets a 400 that lists every error, nothing is written, and
 * the malformed-data topic receives one notification with the errors (seen through an SQS
 * subscription, as an operator would wire one).
 */
export async function seed001CurlSteps(api: ServedApi, c: SmokeClients): Promise<string> {
  const url = `${api.baseUrl}${api.eventsPath}`;
  const accepted = await post(url, SEED_001_TEST_EVENT);
  if (accepted.status !== 202) throw new Error(`POST ${url} with seed 001's test event: expected 202, got ${accepted.status} ${JSON.stringify(accepted.body)}`);
  if (api.tableName) {
    await eventually(async () => {
      const items = (await c.dynamodb.send(new ScanCommand({ TableName: api.tableName }))).Items ?? [];
      if (!items.some((item) => JSON.stringify(item).includes('"test-123"') && JSON.stringify(item).includes("session_started"))) {
        throw new Error(`seed 001's test event (session test-123) is not in ${api.tableName}`);
      }
    });
  }

  const subscription = api.malformedTopicArn ? await subscribeQueue(c, api.malformedTopicArn, `seed-malformed-${randomUUID().slice(0, 8)}`) : undefined;
  try {
    const refused = await post(url, SEED_001_MALFORMED_EVENT);
    const errors = (refused.body.errors ?? []) as Array<{ path: string }>;
    const paths = errors.map((e) => e.path).sort();
    if (refused.status !== 400 || JSON.stringify(paths) !== JSON.stringify(["event_type", "payload", "timestamp"])) {
      throw new Error(`POST ${url} with seed 001's malformed event: expected 400 listing event_type, payload and timestamp, got ${refused.status} ${JSON.stringify(refused.body)}`);
    }
    // The report lists the errors by path, not the values sent: its error count finds it.
    if (subscription) await eventually(() => messageContaining(c, subscription.queueUrl, '"errorCount": 3'), 30_000);
  } finally {
    await subscription?.remove();
  }
  return `${api.pipeline}: POST ${api.eventsPath} → 202 and the item in ${api.tableName ?? "(no table)"}; the malformed event → 400 with its 3 errors${api.malformedTopicArn ? " and a notification on the malformed-data topic" : ""}`;
}

/** POSTs as a client of API Gateway must: a 503 (the integration's 30 s timeout) is sent again after its retry-after, at most `attempts` times in all. */
async function postRetrying(url: string, body: unknown, attempts: number): Promise<{ status: number; body: Record<string, unknown>; retries: number }> {
  for (let retries = 0; ; retries++) {
    const answer = await post(url, body);
    if (answer.status !== 503 || retries + 1 >= attempts) return { ...answer, retries };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * Seed 001's burst through the served API: `eventsPerSecond` events sent at once, as concurrent batch
 * requests of 100 (the batch route's cap is 500). Every event must be accepted, and must reach the
 * stream and, where the pipeline has one, the table: none lost. On a loaded machine the local API
 * can answer 503 once a request waited 30 s (moto takes one stream's writes one at a time,
 * docs/local-aws-gaps.md); the client sends it again, as it must on AWS too. A request that timed
 * out may still have been written, so its events may be on the stream twice (at least once, as
 * Kinesis producers are); the table, keyed by event, holds each once.
 */
export async function seed001Burst(api: ServedApi, c: SmokeClients, eventsPerSecond: number): Promise<string> {
  const run = randomUUID().slice(0, 8);
  const perRequest = 100;
  const requests = Math.ceil(eventsPerSecond / perRequest);
  const started = Date.now();
  const answers = await Promise.all(
    Array.from({ length: requests }, (_, r) =>
      postRetrying(`${api.baseUrl}${api.batchPath}`, {
        events: Array.from({ length: Math.min(perRequest, eventsPerSecond - r * perRequest) }, (_, i) => ({
          event_type: "iops_sample",
          event_id: `burst-${run}-${r * perRequest + i}`,
          timestamp: new Date().toISOString(),
          source: "burst",
          payload: { volume_id: `vol-${i % 16}` },
          metrics: { iops: 4000 + i, latency: 1.5, errorRate: 0 },
        })),
      }, 5),
    ),
  );
  const sentMs = Date.now() - started;
  const refused = answers.filter((a) => a.status !== 202);
  if (refused.length > 0) throw new Error(`${refused.length} of ${requests} burst requests were not accepted: ${JSON.stringify(refused[0])}`);
  const retried = answers.reduce((sum, a) => sum + a.retries, 0);
  const onStream = await eventually(async () => {
    const ids = await idsOnStream(c, api.streamName, `burst-${run}-`);
    if (ids.distinct < eventsPerSecond) throw new Error(`${ids.distinct} of ${eventsPerSecond} burst events on ${api.streamName}`);
    return ids;
  });
  if (onStream.distinct !== eventsPerSecond || onStream.total > eventsPerSecond + retried * perRequest) {
    throw new Error(`${onStream.distinct} distinct burst events (${onStream.total} records) on ${api.streamName}, expected ${eventsPerSecond}, each once unless its request was sent again (${retried} were)`);
  }
  if (api.tableName) {
    await eventually(async () => {
      const count = await countInTable(c, api.tableName!, `burst-${run}-`);
      if (count !== eventsPerSecond) throw new Error(`${count} of ${eventsPerSecond} burst events in ${api.tableName}`);
    }, 120_000);
  }
  return `${api.pipeline}: ${eventsPerSecond} events in ${requests} requests (${retried} sent again after a 503) in ${sentMs} ms, all ${eventsPerSecond} on the stream${api.tableName ? " and in the table" : ""}`;
}

/** The records on the stream that carry an id starting with `prefix`: how many, and how many distinct ids. */
async function idsOnStream(c: SmokeClients, streamName: string, prefix: string): Promise<{ total: number; distinct: number }> {
  const shards = (await c.kinesis.send(new ListShardsCommand({ StreamName: streamName }))).Shards ?? [];
  const pattern = new RegExp(`${prefix}\\d+`);
  const ids: string[] = [];
  for (const shard of shards) {
    let iterator = (await c.kinesis.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shard.ShardId!, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
    while (iterator) {
      const page = await c.kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      for (const record of page.Records ?? []) {
        const id = pattern.exec(Buffer.from(record.Data!).toString("utf8"))?.[0];
        if (id) ids.push(id);
      }
      iterator = (page.Records ?? []).length === 0 ? undefined : page.NextShardIterator;
    }
  }
  return { total: ids.length, distinct: new Set(ids).size };
}

async function countInTable(c: SmokeClients, tableName: string, prefix: string): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await c.dynamodb.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start as never }));
    count += (page.Items ?? []).filter((item) => JSON.stringify(item).includes(prefix)).length;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

/** What `npm run stream -- …` printed and how it exited. */
interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the operator CLI as a user would, against the given Kinesis endpoint (its only way in: AWS_ENDPOINT_URL_KINESIS). */
function streamCli(args: readonly string[], kinesisEndpoint: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_ENDPOINT_URL_KINESIS: kinesisEndpoint, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" };
    delete env.AWS_PROFILE;
    execFile("npm", ["run", "-s", "stream", "--", ...args], { cwd: REPO_ROOT, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

function expectExit(run: CliRun, code: number, command: string): void {
  if (run.code !== code) throw new Error(`npm run stream -- ${command}: expected exit ${code}, got ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
}

/**
 * Seed 004's steps with the operator CLI against the environment's local AWS API: `create` a stream
 * with a pipeline's settings (under a scratch name, beside the deployed one), describe it (active,
 * the guide's shard-level metrics, and `smoke`'s comparison of mode, retention and encryption with
 * envs/), `smoke` puts the test record and reads it back, then `delete`. The pipeline is the
 * environment's first whose stream enables every metric the guide names.
 */
export async function seed004Steps(env: EnvironmentConfig, kinesisEndpoint: string, c: SmokeClients): Promise<string> {
  const pipeline = env.pipelines.find((p) => p.enabled && p.stream?.enabled && GUIDE_SHARD_LEVEL_METRICS.every((m) => p.stream!.shardLevelMetrics.includes(m)));
  if (!pipeline) throw new Error(`no pipeline of ${env.name} enables the guide's shard-level metrics (${GUIDE_SHARD_LEVEL_METRICS.join(", ")})`);
  const streamName = `${env.name}-seed-004-${randomUUID().slice(0, 8)}`;
  const target = ["--env", env.name, "--pipeline", pipeline.name, "--stream", streamName];
  const created = await streamCli(["create", ...target], kinesisEndpoint);
  expectExit(created, 0, `create ${target.join(" ")}`);
  try {
    const summary = (await c.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: streamName }))).StreamDescriptionSummary!;
    const metrics = summary.EnhancedMonitoring?.flatMap((m) => m.ShardLevelMetrics ?? []) ?? [];
    const missing = GUIDE_SHARD_LEVEL_METRICS.filter((m) => !metrics.includes(m));
    if (summary.StreamStatus !== "ACTIVE" || missing.length > 0) throw new Error(`${streamName}: expected ACTIVE with ${GUIDE_SHARD_LEVEL_METRICS.join(", ")}, found ${summary.StreamStatus} with ${metrics.join(", ") || "no shard-level metrics"}`);
    const smoked = await streamCli(["smoke", ...target], kinesisEndpoint);
    expectExit(smoked, 0, `smoke ${target.join(" ")}`);
    const passed = smoked.stdout.split("\n").filter((line) => line.startsWith("PASS")).map((line) => line.slice(6, line.indexOf(" (")));
    const expected = ["stream is active", "stream matches envs/", "test record accepted", "test record read back"];
    if (expected.some((step) => !passed.includes(step))) throw new Error(`smoke ${streamName}: expected ${expected.join(", ")} to pass, got:\n${smoked.stdout}`);
  } finally {
    expectExit(await streamCli(["delete", ...target, "--yes"], kinesisEndpoint), 0, `delete ${target.join(" ")}`);
  }
  return `${pipeline.name}: create, describe, smoke (put and read back) and delete of ${streamName} with the pipeline's settings`;
}

/**
 * Seed 002's producer records, in its own shape: for each, whether the seed's rules flag it (amount
 * strictly over 50000, a foreign country, `hora >= 23 or hora <= 5`).
 */
function seed002Records(run: string): { record: Record<string, unknown>; flagged: boolean }[] {
  const seed = (txn: string, overrides: Record<string, unknown>) => ({ txn_id: `${run}-${txn}`, cliente_id: `c-${run}`, monto: 100, pais: "CO", pais_cuenta: "CO", hora: 12, ...overrides });
  return [
    { record: seed("t1", { monto: 75_000, pais: "MX", hora: 23 }), flagged: true },
    { record: seed("hora-5", { hora: 5 }), flagged: true },
    { record: seed("hora-6", { hora: 6 }), flagged: false },
    { record: seed("hora-22", { hora: 22 }), flagged: false },
    { record: seed("monto-50000", { monto: 50_000 }), flagged: false },
    { record: seed("monto-50000.01", { monto: 50_000.01 }), flagged: true },
  ];
}

/**
 * Seed 002 against a deployed fraud processor that maps the seed's producer: its records are put on
 * the processor's stream as the producer puts them (keyed by `cliente_id`), and the alert topic (seen
 * through an SQS subscription) receives exactly one alert for each record the seed's rules flag, and
 * none for the others.
 */
export async function seed002Producer(p: DeployedProcessor, c: SmokeClients): Promise<string> {
  const run = randomUUID().slice(0, 8);
  const records = seed002Records(run);
  const subscription = await subscribeQueue(c, p.variables.ALERT_TOPIC_ARN!, `seed-002-${run}`);
  try {
    await c.kinesis.send(new PutRecordsCommand({ StreamName: p.sourceStreamName, Records: records.map(({ record }) => ({ Data: Buffer.from(JSON.stringify(record)), PartitionKey: String(record.cliente_id) })) }));
    const expected = records.filter((r) => r.flagged).map((r) => `fraud-${r.record.txn_id}`).sort();
    const seen = new Map<string, number>();
    const receive = async () => {
      const messages = (await c.sqs.send(new ReceiveMessageCommand({ QueueUrl: subscription.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }))).Messages ?? [];
      for (const message of messages) {
        const alert = JSON.parse(message.Body!) as { alert_id: string };
        if (alert.alert_id.startsWith(`fraud-${run}-`)) seen.set(alert.alert_id, (seen.get(alert.alert_id) ?? 0) + 1);
        await c.sqs.send(new DeleteMessageCommand({ QueueUrl: subscription.queueUrl, ReceiptHandle: message.ReceiptHandle }));
      }
    };
    await eventually(async () => {
      await receive();
      const missing = expected.filter((id) => !seen.has(id));
      if (missing.length > 0) throw new Error(`no alert yet for ${missing.join(", ")} on ${p.variables.ALERT_TOPIC_ARN}`);
    });
    // The flagged records' alerts are in; whatever else this batch published has arrived with them.
    for (let i = 0; i < 3; i++) await receive();
    const found = [...seen.entries()].map(([id, count]) => (count === 1 ? id : `${id} ×${count}`)).sort();
    if (JSON.stringify(found) !== JSON.stringify(expected)) throw new Error(`expected alerts ${expected.join(", ")}, found ${found.join(", ")}`);
    return `${p.functionName}: ${records.length} records in the producer's shape, alerts for exactly ${expected.length}`;
  } finally {
    await subscription.remove();
  }
}
