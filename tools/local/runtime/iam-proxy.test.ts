import { KinesisClient, ListStreamsCommand } from "@aws-sdk/client-kinesis";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../aws-server";
import { IamProxy } from "./iam-proxy";

// The proxy in front of a port nothing listens on: every forwarded call fails upstream.
let proxy: IamProxy;
const logged: string[] = [];

beforeAll(async () => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  proxy = new IamProxy({ accountId: "111122223333", region: "eu-west-1", upstreamFor: () => closed, log: (m) => logged.push(m) });
  await proxy.listen();
});

afterAll(() => proxy.close());

const config = () => ({ endpoint: proxy.endpoint, region: "eu-west-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, requestHandler: new NodeHttpHandler(), maxAttempts: 2 });

async function failureOf(call: Promise<unknown>): Promise<{ name: string; message: string; status?: number; attempts?: number }> {
  const error = (await call.then(() => undefined, (e: unknown) => e)) as { name: string; message: string; $metadata?: { httpStatusCode?: number; attempts?: number } } | undefined;
  if (!error) throw new Error("the call succeeded with nothing upstream");
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode, attempts: error.$metadata?.attempts };
}

describe("IamProxy when the local API does not answer", () => {
  it.each([
    ["S3 (REST, XML errors)", () => new S3Client({ ...config(), forcePathStyle: true }).send(new PutObjectCommand({ Bucket: "b", Key: "k", Body: "x" }))],
    ["Kinesis (JSON 1.1)", () => new KinesisClient(config()).send(new ListStreamsCommand({}))],
    ["SQS (JSON 1.0)", () => new SQSClient(config()).send(new SendMessageCommand({ QueueUrl: `${proxy.endpoint}/111122223333/q`, MessageBody: "x" }))],
  ])("answers %s with a retryable 503 ServiceUnavailable that names the cause", async (_, send) => {
    const failure = await failureOf(send());
    expect(failure).toEqual({ name: "ServiceUnavailable", message: expect.stringMatching(/^local IAM proxy: the local API did not answer: connect ECONNREFUSED 127\.0\.0\.1:\d+$/), status: 503, attempts: 2 });
  });

  it("logs each failed forward with the request", async () => {
    logged.length = 0;
    await failureOf(new S3Client({ ...config(), forcePathStyle: true, maxAttempts: 1 }).send(new PutObjectCommand({ Bucket: "logged", Key: "k", Body: "x" })));
    expect(logged).toEqual([expect.stringMatching(/^proxy: PUT \/logged\/k\S*: connect ECONNREFUSED 127\.0\.0\.1:\d+$/)]);
  });
});
