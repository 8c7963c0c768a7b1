import { CreateStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand, PutRecordsCommand, waitUntilStreamExists } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type LocalAwsServer, startLocalAws } from "../aws-server";
import { IamProxy } from "./iam-proxy";

// moto 5.2.1 loses records to concurrent PutRecords on one stream (docs/local-aws-gaps.md); the
// runtime's functions write through the IAM proxy, which must keep every one.
const ACCOUNT = "111122223333";
let server: LocalAwsServer;
let proxy: IamProxy;

beforeAll(async () => {
  server = await startLocalAws({ accountId: ACCOUNT, port: 0 });
  proxy = new IamProxy({ accountId: ACCOUNT, region: "eu-west-1", upstreamFor: () => server.endpoint, log: () => {} });
  await proxy.listen();
});

afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});

test("every record of concurrent PutRecords calls through the IAM proxy is on the stream, once", async () => {
  const client = new KinesisClient({ endpoint: proxy.endpoint, region: "eu-west-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, requestHandler: new NodeHttpHandler() });
  await client.send(new CreateStreamCommand({ StreamName: "writes", ShardCount: 1 }));
  await waitUntilStreamExists({ client, maxWaitTime: 30 }, { StreamName: "writes" });
  const calls = 40;
  const perCall = 100;
  const answers = await Promise.all(
    Array.from({ length: calls }, (_, c) =>
      client.send(new PutRecordsCommand({ StreamName: "writes", Records: Array.from({ length: perCall }, (_, i) => ({ Data: Buffer.from(`${c}-${i}`), PartitionKey: `k${i}` })) })),
    ),
  );
  expect(answers.map((a) => a.FailedRecordCount ?? 0)).toEqual(Array(calls).fill(0));
  expect(new Set(answers.flatMap((a) => a.Records!.map((r) => r.SequenceNumber))).size).toBe(calls * perCall);

  const [shard] = (await client.send(new ListShardsCommand({ StreamName: "writes" }))).Shards!;
  const read: string[] = [];
  let iterator = (await client.send(new GetShardIteratorCommand({ StreamName: "writes", ShardId: shard!.ShardId!, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
  while (iterator) {
    const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
    read.push(...page.Records!.map((r) => Buffer.from(r.Data!).toString()));
    iterator = page.Records!.length > 0 ? page.NextShardIterator : undefined;
  }
  expect(read.length).toBe(calls * perCall);
  expect(new Set(read).size).toBe(calls * perCall);
  client.destroy();
}, 120_000);
