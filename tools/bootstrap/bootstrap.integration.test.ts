import { GetBucketEncryptionCommand, GetBucketPolicyCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect, test } from "vitest";
import { listEnvironments, loadEnvironment } from "../../envs/load";
import { type MotoServer, startMoto } from "../local/runtime/testing";
import { bootstrapEnvironment, stateBucketExists, tlsOnlyPolicy } from "./bootstrap";

let moto: MotoServer;
const saved = { ...process.env };

beforeAll(async () => {
  moto = await startMoto("123456789012");
  Object.assign(process.env, { AWS_ENDPOINT_URL_S3: moto.endpoint, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" });
}, 60_000);

afterAll(async () => {
  process.env = saved;
  await moto?.stop();
});

test("bootstrap creates the state and artifact buckets versioned, encrypted, TLS-only and private, and is idempotent", async () => {
  // Prepare: an environment of envs/ with an artifact bucket
  const env = listEnvironments().map((name) => loadEnvironment(name)).find((config) => config.artifactBucket) ?? loadEnvironment(listEnvironments()[0]!);
  expect(await stateBucketExists(env)).toBe(false);
  // Act
  const first = await bootstrapEnvironment(env);
  const second = await bootstrapEnvironment(env);
  // Assess
  expect(first.map((entry) => entry.outcome)).toEqual(first.map(() => "created"));
  expect(second.map((entry) => entry.outcome)).toEqual(second.map(() => "updated"));
  expect(first.map((entry) => entry.bucket)).toEqual([env.state.bucket, ...(env.artifactBucket ? [env.artifactBucket] : [])]);
  expect(await stateBucketExists(env)).toBe(true);
  const s3 = new S3Client({ region: env.region, forcePathStyle: true });
  for (const { bucket } of first) {
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe("Enabled");
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    expect(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe("AES256");
    expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true,
    });
    expect(JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy!)).toEqual(JSON.parse(tlsOnlyPolicy(bucket)));
  }
}, 60_000);
