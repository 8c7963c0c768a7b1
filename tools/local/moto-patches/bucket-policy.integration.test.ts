import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, expect, test } from "vitest";
import { denyInsecureTransport } from "../../../modules/shared/tls-policy";
import { type LocalAwsServer, startLocalAws } from "../aws-server";

// moto 5.2.1 applies a statement whose Condition does not hold as a Deny; sitecustomize.py here
// makes such a statement not apply, as in IAM. Without it the first test gets an empty 403
// ("Unknown: UnknownError" from the SDK) for both calls.
let server: LocalAwsServer;
let s3: S3Client;

beforeAll(async () => {
  server = await startLocalAws({ accountId: "444455556666", port: 0 });
  s3 = new S3Client({ endpoint: server.endpoint, region: "eu-west-1", forcePathStyle: true, credentials: { accessKeyId: "test", secretAccessKey: "test" }, requestHandler: new NodeHttpHandler() });
});

afterAll(() => server?.stop());

async function bucketWith(bucket: string, statement: object): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) }));
}

test("a bucket with the modules' TLS-only policy takes PutObject and GetObject, as over TLS on AWS", async () => {
  await bucketWith("tls-only", denyInsecureTransport("s3:*", ["arn:aws:s3:::tls-only", "arn:aws:s3:::tls-only/*"]));
  await s3.send(new PutObjectCommand({ Bucket: "tls-only", Key: "aws/lambda/uuid/shard/object", Body: '{"payload":"{}"}' }));
  const object = await s3.send(new GetObjectCommand({ Bucket: "tls-only", Key: "aws/lambda/uuid/shard/object" }));
  expect(await object.Body!.transformToString()).toBe('{"payload":"{}"}');
});

test("a Deny without a condition still denies", async () => {
  await bucketWith("deny-get", { Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::deny-get/*" });
  await s3.send(new PutObjectCommand({ Bucket: "deny-get", Key: "k", Body: "x" }));
  const refused = await s3.send(new GetObjectCommand({ Bucket: "deny-get", Key: "k" })).then(() => undefined, (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode);
  expect(refused).toBe(403);
});

test("a Deny whose condition holds still denies (aws:SecureTransport is true here, as over TLS)", async () => {
  await bucketWith("deny-tls", { Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::deny-tls/*", Condition: { Bool: { "aws:SecureTransport": "true" } } });
  await s3.send(new PutObjectCommand({ Bucket: "deny-tls", Key: "k", Body: "x" }));
  const refused = await s3.send(new GetObjectCommand({ Bucket: "deny-tls", Key: "k" })).then(() => undefined, (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode);
  expect(refused).toBe(403);
});
