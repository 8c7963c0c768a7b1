import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnvironment } from "../../envs/load";
import { startLocalKinesis, type LocalServer } from "../../test/local-aws";
import { main } from "./cli";
import { pipelineStreamName } from "./target";
import { createStream, localKinesis, memoryIo } from "./testing";

let server: LocalServer;
let client: KinesisClient;
const saved = { ...process.env };
const dir = mkdtempSync(join(tmpdir(), "stream-cli-"));

beforeAll(async () => {
  server = await startLocalKinesis();
  client = localKinesis(server);
  Object.assign(process.env, { AWS_ENDPOINT_URL_KINESIS: server.endpoint, AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_REGION: "us-east-1" });
});

afterAll(async () => {
  process.env = saved;
  await server.close();
});

async function run(argv: string[], stdin = "") {
  const io = memoryIo(stdin);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const file = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
};

describe("stream CLI end to end on a local Kinesis server", () => {
  it("tail says when nothing arrived, and how to read from the start", async () => {
    await createStream(client, "cli-empty", 1);
    const latest = await run(["tail", "--stream", "cli-empty", "--poll-interval-ms", "10"]);
    const horizon = await run(["tail", "--stream", "cli-empty", "--from", "TRIM_HORIZON", "--poll-interval-ms", "10"]);

    expect([latest.code, latest.out]).toEqual([0, ""]);
    expect(latest.err).toContain("No records arrived from cli-empty (read from LATEST, so only records put after tail started count). To read everything the stream still holds, add --from TRIM_HORIZON");
    expect(horizon.err).toContain("No records in cli-empty: it holds none within its retention period.");
  });

  it("puts a file with a bad line, reports it by number, exits 1, and tails every good record", async () => {
    await createStream(client, "cli-put", 3);
    const input = file("events.jsonl", ['{"id":"a","n":1}', "{broken", '{"id":"b","n":2}', '{"id":"c","n":3}']);

    const put = await run(["put", "--stream", "cli-put", "--file", input, "--partition-key-field", "id"]);
    const tail = await run(["tail", "--stream", "cli-put", "--from", "TRIM_HORIZON", "--poll-interval-ms", "10"]);

    expect(put.code).toBe(1);
    expect(put.err).toMatch(/^line 2: not JSON: /m);
    expect(put.out).toBe("sent 3 of 4 records to cli-put: 0 failed, 1 bad lines\n");
    expect(tail.code).toBe(0);
    const records = tail.out.trim().split("\n").map((l) => JSON.parse(l));
    expect(records.map((r) => r.data.n).sort()).toEqual([1, 2, 3]);
    expect(records.map((r) => r.partitionKey).sort()).toEqual(["a", "b", "c"]);
  });

  it("names the stream from --env and --pipeline, reads standard input, aggregates, and tails with --limit", async () => {
    const streamName = pipelineStreamName(loadEnvironment("dev"), "f5-logs");
    await createStream(client, streamName, 2);
    const stdin = Array.from({ length: 20 }, (_, i) => JSON.stringify({ host: `h${i % 3}`, i })).join("\n");

    const put = await run(["put", "--env", "dev", "--pipeline", "f5-logs", "--partition-key-field", "host", "--aggregate"], stdin);
    const tail = await run(["tail", "--env", "dev", "--pipeline", "f5-logs", "--from", "trim-horizon", "--limit", "5"]);

    expect(put).toMatchObject({ code: 0, out: `sent 20 of 20 records to ${streamName}: 0 failed, 0 bad lines\n` });
    expect(tail.out.trim().split("\n").map((l) => JSON.parse(l).data.i)).toEqual([0, 1, 2, 3, 4]);
  });

  it("replays a failed batch from its on-failure message file to the function that failed, through Lambda Invoke", async () => {
    // Prepare: a Lambda endpoint on loopback answering Invoke as Lambda does (a partial batch
    // response, or X-Amz-Function-Error for a function that threw).
    await createStream(client, "cli-source", 1);
    const response = await client.send(
      new PutRecordsCommand({ StreamName: "cli-source", Records: Array.from({ length: 6 }, (_, i) => ({ PartitionKey: "k", Data: Buffer.from(JSON.stringify({ i })) })) }),
    );
    const seq = response.Records!.map((r) => r.SequenceNumber!);
    const message = {
      requestContext: { functionArn: "arn:aws:lambda:us-east-1:000000000000:function:cli-processor", condition: "RetryAttemptsExhausted", approximateInvokeCount: 3 },
      version: "1.0",
      KinesisBatchInfo: { shardId: "shardId-000000000000", startSequenceNumber: seq[1], endSequenceNumber: seq[3], batchSize: 3, streamArn: "arn:aws:kinesis:us-east-1:000000000000:stream/cli-source" },
    };
    const dlq = file("dlq.jsonl", [JSON.stringify(message)]);
    const invocations: Array<{ path: string; event: any }> = [];
    let crash = false;
    const lambda = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c)).on("end", () => {
        invocations.push({ path: req.url!, event: JSON.parse(body) });
        res.writeHead(200, { "content-type": "application/json", ...(crash ? { "x-amz-function-error": "Unhandled" } : {}) });
        res.end(crash ? JSON.stringify({ errorType: "Error", errorMessage: "table gone" }) : JSON.stringify({ batchItemFailures: [] }));
      });
    });
    await new Promise<void>((resolve) => lambda.listen(0, "127.0.0.1", resolve));
    process.env.AWS_ENDPOINT_URL_LAMBDA = `http://127.0.0.1:${(lambda.address() as AddressInfo).port}`;

    try {
      // Act
      const printed = await run(["replay", "--file", dlq]);
      const invoked = await run(["replay", "--file", dlq, "--invoke"]);
      crash = true;
      const crashed = await run(["replay", "--file", dlq, "--invoke", "--function", "other"]);
      const put = await run(["replay", "--file", dlq, "--put"]);

      // Assess
      expect(printed.out.trim().split("\n").map((l) => JSON.parse(l).data.i)).toEqual([1, 2, 3]);
      expect(invoked.code).toBe(0);
      expect(invoked.err).toMatch(/line 1 \(stream\) → arn:aws:lambda:us-east-1:000000000000:function:cli-processor: shardId-000000000000 \d+\.\.\d+: 3 of 3 records, 3 recovered, recovered/);
      expect(invoked.err).toMatch(/1 batches: 3 records found, 0 expired or missing; 0 dead-lettered records; recovered 3, not recovered 0/);
      expect(invocations[0]!.path).toBe(`/2015-03-31/functions/${encodeURIComponent("arn:aws:lambda:us-east-1:000000000000:function:cli-processor")}/invocations`);
      expect(invocations[0]!.event.Records.map((r: any) => [r.kinesis.sequenceNumber, JSON.parse(Buffer.from(r.kinesis.data, "base64").toString()).i])).toEqual([
        [seq[1], 1],
        [seq[2], 2],
        [seq[3], 3],
      ]);
      expect(crashed.code).toBe(1);
      expect(invocations[1]!.path).toBe("/2015-03-31/functions/other/invocations");
      expect(crashed.err).toMatch(/other failed: Unhandled: .*table gone.*recovered 0, not recovered 3/s);
      expect(put).toMatchObject({ code: 2, err: expect.stringMatching(/--put is gone: re-putting to the shared stream sends the records to every consumer again/) });
    } finally {
      delete process.env.AWS_ENDPOINT_URL_LAMBDA;
      await new Promise((resolve) => lambda.close(resolve));
    }
  });

  it("smoke-tests a stream step by step", async () => {
    await createStream(client, "cli-smoke", 2);

    const smoke = await run(["smoke", "--stream", "cli-smoke"]);

    expect(smoke.code).toBe(0);
    expect(smoke.out).toMatch(/^PASS {2}stream is active .*cli-smoke: ACTIVE/m);
    expect(smoke.out).toMatch(/^PASS {2}test record accepted .*smoke-[0-9a-f-]{36} on shardId-/m);
    expect(smoke.out).toMatch(/^PASS {2}test record read back/m);
    expect(smoke.out).toMatch(/^SKIP {2}record reached the archive/m);
    expect(smoke.out).toMatch(/^SKIP {2}stream matches envs\/ \(0 ms\): skipped: name the stream with --env and --pipeline to compare it with envs\/$/m);
  });

  it("says which stream does not exist, and where", async () => {
    const tail = await run(["tail", "--stream", "no-such-stream"]);
    const put = await run(["put", "--stream", "no-such-stream"], '{"a":1}\n');
    const smoke = await run(["smoke", "--stream", "no-such-stream"]);

    expect(tail).toMatchObject({ code: 1, err: expect.stringMatching(/^error: stream no-such-stream does not exist in us-east-1/) });
    expect(put).toMatchObject({ code: 1, err: expect.stringMatching(/^error: stream no-such-stream does not exist in us-east-1/) });
    expect(smoke).toMatchObject({ code: 1, out: expect.stringMatching(/^FAIL {2}stream is active .*stream no-such-stream does not exist in us-east-1/) });
  });

  it("says when there are no credentials", async () => {
    const before = { ...process.env };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"), AWS_CONFIG_FILE: join(dir, "none"), AWS_EC2_METADATA_DISABLED: "true", AWS_PROFILE: "default" });
    try {
      const tail = await run(["tail", "--stream", "cli-put"]);
      expect(tail).toMatchObject({ code: 1, err: expect.stringMatching(/^error: no AWS credentials found/) });
    } finally {
      process.env = before;
    }
  });

  it("keeps --concurrency PutRecords calls in flight at most (1 for moto, which loses records to concurrent writes)", async () => {
    await createStream(client, "cli-concurrency", 2);
    // A pass-through in front of the local server that counts the calls in flight.
    let inFlight = 0;
    let most = 0;
    const upstream = new URL(server.endpoint);
    const counter = createServer((req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res).on("finish", () => inFlight--);
      });
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => counter.listen(0, "127.0.0.1", resolve));
    const stdin = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ i })).join("\n");
    try {
      process.env.AWS_ENDPOINT_URL_KINESIS = `http://127.0.0.1:${(counter.address() as AddressInfo).port}`;
      const one = await run(["put", "--stream", "cli-concurrency", "--concurrency", "1"], stdin);
      const oneAtOnce = most;
      most = 0;
      const four = await run(["put", "--stream", "cli-concurrency"], stdin);

      expect(one).toMatchObject({ code: 0, out: "sent 2000 of 2000 records to cli-concurrency: 0 failed, 0 bad lines\n" });
      expect(four.code).toBe(0);
      expect(oneAtOnce).toBe(1);
      expect(most).toBe(4);
    } finally {
      process.env.AWS_ENDPOINT_URL_KINESIS = server.endpoint;
      await new Promise((resolve) => counter.close(resolve));
    }
  });

  it("refuses bad usage with exit code 2 and a pointer to --help", async () => {
    expect(await run(["tail", "--stream", "x", "--from", "YESTERDAY"])).toMatchObject({ code: 2, err: expect.stringMatching(/--from must be one of LATEST, TRIM_HORIZON, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, got YESTERDAY\nRun "npm run stream -- tail --help"/) });
    expect(await run(["tail"])).toMatchObject({ code: 2, err: expect.stringMatching(/name the stream with --env <name> --pipeline <name>/) });
    expect(await run(["put", "--env", "nope", "--pipeline", "x"])).toMatchObject({ code: 2, err: expect.stringMatching(/unknown environment "nope": expected one of .*dev/) });
    expect(await run(["put", "--env", "dev", "--pipeline", "nope"])).toMatchObject({ code: 2, err: expect.stringMatching(/unknown pipeline "nope" in environment dev: expected one of .*f5-logs/) });
    expect(await run(["put", "--stream", "x", "--file", join(dir, "missing.jsonl")])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot read .*missing.jsonl/) });
    expect(await run(["put", "--stream", "x", "--concurrency", "0"])).toMatchObject({ code: 2, err: expect.stringMatching(/--concurrency must be a whole number between 1 and 64, got 0/) });
    expect(await run(["put", "--stream", "x", "--bogus"])).toMatchObject({ code: 2, err: expect.stringMatching(/Unknown option '--bogus'/) });
    expect(await run(["frobnicate"])).toMatchObject({ code: 2, err: expect.stringMatching(/unknown command "frobnicate"/) });
  });

  it("prints help for every command", async () => {
    for (const command of ["put", "tail", "smoke", "create", "delete", "capacity", "cost", "replay", "diagram"]) {
      const help = await run([command, "--help"]);
      expect(help.code).toBe(0);
      expect(help.out).toMatch(new RegExp(`^Usage: npm run stream -- ${command}`));
    }
    expect((await run(["--help"])).out).toMatch(/Commands:\n {2}put /);
  });

  it("sizes, prices and draws from envs/", async () => {
    const capacity = await run(["capacity", "--records-per-second", "10000", "--record-bytes", "1024"]);
    const cost = await run(["cost", "--env", "dev", "--markdown"]);
    const diagram = await run(["diagram", "--env", "dev", "--out", dir]);

    expect(capacity).toMatchObject({ code: 0, out: expect.stringMatching(/^10000 records\/s of 1024 bytes: 10 shards/) });
    expect(cost.out).toMatch(/^### Monthly cost estimate: dev/);
    expect(diagram.out).toBe(`wrote ${join(dir, "dev.md")}\n`);
    expect(readFileSync(join(dir, "dev.md"), "utf8")).toMatch(/```mermaid\nflowchart LR\n {2}subgraph f5_logs_pipeline\["f5-logs"\]/);
  });
});
