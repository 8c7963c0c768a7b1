import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { DeleteMessageCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleFunction, deterministicZip } from "../../../functions/bundle";
import { iopsSample } from "../../../functions/shared/testing/iops-events";
import { FixtureClients } from "./fixtures";
import { LocalRuntime } from "./runtime";
import { type MotoServer, startMoto } from "./testing";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const ACCOUNT = "222233334444";
const ENV = "rt";
const TAGS = { environment: ENV, pipeline: "flow", component: "test" };

// Records what it was given on a queue, then fails as each record's `fail` field asks: "once"
// reports it as a batch item failure the first time it is seen, "always" throws.
const PROBE_SOURCE = `
const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");
const sqs = new SQSClient({});
const failedOnce = new Set();
exports.handler = async (event, context) => {
  const records = event.Records.map((r) => ({ seq: r.kinesis.sequenceNumber, body: JSON.parse(Buffer.from(r.kinesis.data, "base64").toString()) }));
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.SEEN_QUEUE_URL, MessageBody: JSON.stringify({ ids: records.map((r) => r.body.id), first: event.Records[0], remainingMs: context.getRemainingTimeInMillis(), env: process.env.PROBE_SETTING }) }));
  if (records.some((r) => r.body.fail === "always")) throw new Error("poison record");
  const failures = records.filter((r) => r.body.fail === "once" && !failedOnce.has(r.body.id));
  for (const r of failures) failedOnce.add(r.body.id);
  return { batchItemFailures: failures.map((r) => ({ itemIdentifier: r.seq })) };
};
`;

let moto: MotoServer;
let aws: FixtureClients;
let runtime: LocalRuntime;
let work: string;
const logs: string[] = [];
const q: Record<string, { url: string; arn: string }> = {};
let probeStreamArn: string;
let probeRoleArn: string;
let probeSequenceNumbers: string[];
let probeSeen: Promise<{ ids: string[]; first: Record<string, unknown>; remainingMs: number; env: string }[]>;

async function receiveAll(queueUrl: string, count: number, timeoutMs = 20_000): Promise<unknown[]> {
  const bodies: unknown[] = [];
  const deadline = Date.now() + timeoutMs;
  while (bodies.length < count && Date.now() < deadline) {
    const { Messages = [] } = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const message of Messages) {
      bodies.push(JSON.parse(message.Body!));
      await aws.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
  }
  return bodies;
}

async function put(streamName: string, payloads: readonly unknown[], partitionKey = "k"): Promise<string[]> {
  const { Records = [] } = await aws.kinesis.send(new PutRecordsCommand({ StreamName: streamName, Records: payloads.map((p) => ({ PartitionKey: partitionKey, Data: Buffer.from(JSON.stringify(p)) })) }));
  return Records.map((r) => r.SequenceNumber!);
}

beforeAll(async () => {
  moto = await startMoto(ACCOUNT);
  aws = new FixtureClients(moto.endpoint, ACCOUNT);
  work = mkdtempSync(join(tmpdir(), "local-runtime-"));
  const probeZip = deterministicZip({ "index.js": Buffer.from(PROBE_SOURCE) });
  writeFileSync(join(work, "probe.zip"), probeZip);

  for (const name of ["seen", "probe-failures", "processor-failures", "malformed"]) q[name] = await aws.queue(`rt-${name}`);
  probeStreamArn = await aws.stream("rt-probe", 1);
  probeRoleArn = await aws.role("rt-probe", [
    { Action: ["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:ListShards"], Resource: probeStreamArn },
    { Action: ["sqs:SendMessage"], Resource: [q.seen!.arn, q["probe-failures"]!.arn] },
  ]);
  await aws.function({ name: "rt-probe", zip: probeZip, roleArn: probeRoleArn, environment: { SEEN_QUEUE_URL: q.seen!.url, PROBE_SETTING: "as-deployed" }, tags: TAGS, timeoutSeconds: 7 });
  await aws.mapping({ functionName: "rt-probe", streamArn: probeStreamArn, batchSize: 5, windowSeconds: 1, retries: 1, maxAgeSeconds: 3600, onFailureArn: q["probe-failures"]!.arn });

  const eventsArn = await aws.stream("rt-events", 2);
  await aws.table("rt-events");
  const topicArn = await aws.topic("rt-malformed");
  const tableArn = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/rt-events`;
  const processorRole = await aws.role("rt-processor", [
    { Action: ["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:ListShards"], Resource: eventsArn },
    { Action: ["dynamodb:BatchWriteItem", "dynamodb:PutItem"], Resource: tableArn },
    { Action: ["sqs:SendMessage"], Resource: [q.malformed!.arn, q["processor-failures"]!.arn] },
    { Action: ["sns:Publish"], Resource: topicArn },
  ]);
  const processor = bundleFunction("stream-processor");
  const processorArn = await aws.function({
    name: "rt-processor",
    zip: Buffer.from(await import("node:fs").then((fs) => fs.readFileSync(processor.zipPath))),
    roleArn: processorRole,
    environment: { EVENTS_TABLE_NAME: "rt-events", MALFORMED_TOPIC_ARN: topicArn, DEAD_LETTER_QUEUE_URL: q.malformed!.url, POWERTOOLS_METRICS_DISABLED: "true" },
    tags: { ...TAGS, pipeline: "iops" },
  });
  // By ARN, as Terraform creates it (moto's FunctionName filter then misses it).
  await aws.mapping({ functionName: processorArn, streamArn: eventsArn, batchSize: 100, windowSeconds: 0, retries: 2, maxAgeSeconds: 3600, onFailureArn: q["processor-failures"]!.arn });

  const ingest = bundleFunction("ingest");
  const ingestRole = await aws.role("rt-ingest", [{ Action: ["kinesis:PutRecords", "kinesis:PutRecord"], Resource: eventsArn }]);
  const ingestArn = await aws.function({ name: "rt-ingest", zip: (await import("node:fs")).readFileSync(ingest.zipPath), roleArn: ingestRole, environment: { STREAM_NAME: "rt-events" }, tags: { ...TAGS, pipeline: "iops" } });
  await aws.httpApi({ name: "rt-api", functionArn: ingestArn, routeKeys: ["POST /events", "POST /events/batch"], tags: { ...TAGS, pipeline: "iops" } });
  // The same function with a role that lacks kinesis:PutRecords (it may only PutRecord).
  const deniedRole = await aws.role("rt-ingest-denied", [{ Action: ["kinesis:PutRecord"], Resource: eventsArn }]);
  const deniedArn = await aws.function({ name: "rt-ingest-denied", zip: (await import("node:fs")).readFileSync(ingest.zipPath), roleArn: deniedRole, environment: { STREAM_NAME: "rt-events", PUT_MAX_ATTEMPTS: "1" }, tags: { ...TAGS, pipeline: "denied" } });
  await aws.httpApi({ name: "rt-api-denied", functionArn: deniedArn, routeKeys: ["POST /events"], tags: { ...TAGS, pipeline: "denied" } });

  // Written before the runtime reads (TRIM_HORIZON): moto may show a reader part of a PutRecords
  // call first, which would make the first batch's size depend on timing.
  probeSequenceNumbers = await put("rt-probe", [{ id: "a" }, { id: "b", fail: "once" }, { id: "c" }, { id: "d" }, { id: "poison", fail: "always" }, { id: "after" }]);
  runtime = await LocalRuntime.start({
    env: ENV,
    endpoint: moto.endpoint,
    region: "eu-west-1",
    credentials: { accessKeyId: ACCOUNT, secretAccessKey: "local" },
    codeSearchDirs: [work, join(ROOT, "build", "functions")],
    cacheDir: join(work, "code"),
    nodePath: [join(ROOT, "node_modules")],
    log: (message) => logs.push(message),
    functionLog: (name, line) => logs.push(`${name}: ${line}`),
  });
  probeSeen = receiveAll(q.seen!.url, 8) as typeof probeSeen;
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  aws?.destroy();
  await moto?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("LocalRuntime", () => {
  it("runs every function tagged with the environment, as deployed", () => {
    expect(runtime.accountId).toBe(ACCOUNT);
    expect(runtime.deployed.functions.map((fn) => [fn.functionName, fn.handler, fn.timeoutSeconds, fn.roleArn])).toEqual([
      ["rt-ingest", "index.handler", 10, `arn:aws:iam::${ACCOUNT}:role/rt-ingest`],
      ["rt-ingest-denied", "index.handler", 10, `arn:aws:iam::${ACCOUNT}:role/rt-ingest-denied`],
      ["rt-probe", "index.handler", 7, probeRoleArn],
      ["rt-processor", "index.handler", 10, `arn:aws:iam::${ACCOUNT}:role/rt-processor`],
    ]);
    expect(runtime.summary()).toEqual({
      endpoint: moto.endpoint,
      accountId: ACCOUNT,
      region: "eu-west-1",
      pipelines: { flow: { functions: ["rt-probe"] }, denied: { apiBaseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), functions: ["rt-ingest-denied"] }, iops: { apiBaseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), functions: ["rt-ingest", "rt-processor"] } },
    });
  });

  it("delivers Lambda's Kinesis event shape, with the function's environment and time limit", async () => {
    const [first] = await probeSeen;
    expect(first!.env).toBe("as-deployed");
    expect(first!.remainingMs).toBeGreaterThan(5000);
    expect(first!.remainingMs).toBeLessThanOrEqual(7000);
    expect(first!.first).toEqual({
      kinesis: { kinesisSchemaVersion: "1.0", partitionKey: "k", sequenceNumber: probeSequenceNumbers[0], data: Buffer.from(JSON.stringify({ id: "a" })).toString("base64"), approximateArrivalTimestamp: expect.any(Number) },
      eventSource: "aws:kinesis",
      eventVersion: "1.0",
      eventID: `shardId-000000000000:${probeSequenceNumbers[0]}`,
      eventName: "aws:kinesis:record",
      invokeIdentityArn: probeRoleArn,
      awsRegion: "eu-west-1",
      eventSourceARN: probeStreamArn,
    });
  });

  it("bisects a failing batch, retries from the lowest failed record of a partial response, retries a bad record MaximumRetryAttempts times, then sends its invocation record to the on-failure queue", async () => {
    // Batch size 5: [a b c d poison] throws, so it is halved; [a b c] reports b, so [b c] is retried;
    // [d poison] throws and is halved; [poison] throws twice (1 retry allowed) and is given up on.
    expect((await probeSeen).map((s) => s.ids.join(" "))).toEqual(["a b c d poison", "a b c", "b c", "d poison", "d", "poison", "poison", "after"]);
    const [record] = (await receiveAll(q["probe-failures"]!.url, 1)) as Record<string, unknown>[];
    expect(record).toEqual({
      requestContext: { requestId: expect.any(String), functionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:rt-probe`, condition: "RetryAttemptsExhausted", approximateInvokeCount: 2 },
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      version: "1.0",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      KinesisBatchInfo: {
        shardId: "shardId-000000000000",
        startSequenceNumber: probeSequenceNumbers[4],
        endSequenceNumber: probeSequenceNumbers[4],
        approximateArrivalOfFirstRecord: expect.stringMatching(/Z$/),
        approximateArrivalOfLastRecord: expect.stringMatching(/Z$/),
        batchSize: 1,
        streamArn: probeStreamArn,
      },
    });
  });

  it("serves the HTTP API's deployed routes in payload format 2.0, and the records reach the table through stream-processor", async () => {
    const base = runtime.summary().pipelines.iops!.apiBaseUrl!;
    const good = iopsSample();
    const accepted = await fetch(`${base}/events`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(good) });
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({ accepted: 1 });
    const missing = await fetch(`${base}/nothing-here`, { method: "POST", body: "{}" });
    expect([missing.status, await missing.json()]).toEqual([404, { message: "Not Found" }]);
    await put("rt-events", [{ event_type: "iops_sample", timestamp: "not a time" }], "bad");

    const deadline = Date.now() + 20_000;
    let items: Record<string, unknown>[] = [];
    while (items.length < 1 && Date.now() < deadline) {
      items = (await aws.dynamodb.send(new ScanCommand({ TableName: "rt-events" }))).Items ?? [];
      if (items.length < 1) await new Promise((r) => setTimeout(r, 300));
    }
    expect(JSON.stringify(items)).toContain(good.event_id as string);
    const [deadLetter] = (await receiveAll(q.malformed!.url, 1)) as { data: string; source: { partitionKey: string } }[];
    expect(deadLetter!.source.partitionKey).toBe("bad");
    expect(Buffer.from(deadLetter!.data, "base64").toString()).toContain("not a time");
  });

  it("checks the function role's grants as IAM would: what the role allows goes through, a missing grant is denied", async () => {
    const base = runtime.summary().pipelines.denied!.apiBaseUrl!;
    const response = await fetch(`${base}/events`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(iopsSample()) });
    const denial = `User: arn:aws:sts::${ACCOUNT}:assumed-role/rt-ingest-denied/rt-ingest-denied is not authorized to perform: kinesis:PutRecords on resource: arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/rt-events because no identity-based policy allows the kinesis:PutRecords action`;
    expect([response.status, await response.json()]).toEqual([500, expect.objectContaining({ accepted: 0, failed: [{ index: 0, errorCode: "AccessDeniedException", errorMessage: denial }] })]);
    const decisions = runtime.iamProxy!.decisions;
    expect(decisions).toContainEqual({ action: "kinesis:PutRecords", resource: `arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/rt-events`, decision: "implicit-deny", roleArn: `arn:aws:iam::${ACCOUNT}:role/rt-ingest-denied` });
    expect(decisions).toContainEqual({ action: "kinesis:PutRecords", resource: `arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/rt-events`, decision: "allow", roleArn: `arn:aws:iam::${ACCOUNT}:role/rt-ingest` });
    expect(decisions).toContainEqual({ action: "kinesis:GetRecords", resource: probeStreamArn, decision: "allow", roleArn: probeRoleArn });
    expect(decisions).toContainEqual({ action: "dynamodb:BatchWriteItem", resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/rt-events`, decision: "allow", roleArn: `arn:aws:iam::${ACCOUNT}:role/rt-processor` });
  });
});
