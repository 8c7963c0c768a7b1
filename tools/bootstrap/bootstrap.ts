import {
  CreateBucketCommand,
  type BucketLocationConstraint,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { loadEnvironment } from "../../envs/load";
import type { EnvironmentConfig } from "../../envs/schema/environment";

/**
 * What the first deploy of an environment needs and no stack creates: the state bucket every
 * stack's backend writes to, and the artifact bucket the analytics stack reads its jar from. Both
 * versioned, encrypted (SSE-S3), TLS-only, with every public access blocked. Idempotent: existing
 * buckets get the settings again. The SDK honours AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, so the
 * same code creates them on the local AWS.
 */

/** A client for the bucket's region; path-style when an endpoint override is set (local AWS). */
function s3(region: string): S3Client {
  const local = Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL);
  return new S3Client({ region, forcePathStyle: local });
}

function stateRegion(env: EnvironmentConfig): string {
  return env.state.region ?? env.region;
}

/** Whether the environment's state bucket exists (and is reachable with the current credentials). */
export async function stateBucketExists(env: EnvironmentConfig | string): Promise<boolean> {
  const config = typeof env === "string" ? loadEnvironment(env) : env;
  try {
    await s3(stateRegion(config)).send(new HeadBucketCommand({ Bucket: config.state.bucket }));
    return true;
  } catch (error) {
    if (error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === "NotFound")) return false;
    throw error;
  }
}

/** The bucket policy refusing every request not made over TLS. */
export function tlsOnlyPolicy(bucket: string, partition = "aws"): string {
  const arn = `arn:${partition}:s3:::${bucket}`;
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ],
  });
}

/** Creates the bucket unless it exists, then applies versioning, encryption, the public access block and the TLS-only policy. */
export async function ensureSecureBucket(bucket: string, region: string): Promise<"created" | "updated"> {
  const client = s3(region);
  let outcome: "created" | "updated" = "updated";
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!(error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) throw error;
    // us-east-1 refuses a location constraint naming itself.
    await client.send(
      new CreateBucketCommand({ Bucket: bucket, ...(region === "us-east-1" ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }) }),
    );
    outcome = "created";
  }
  await client.send(new PutPublicAccessBlockCommand({
    Bucket: bucket,
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  }));
  await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
  await client.send(new PutBucketEncryptionCommand({
    Bucket: bucket,
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: true }] },
  }));
  await client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: tlsOnlyPolicy(bucket) }));
  return outcome;
}

/** Creates (or re-applies the settings of) the environment's state bucket and, when set, its artifact bucket. */
export async function bootstrapEnvironment(env: EnvironmentConfig | string): Promise<Array<{ bucket: string; role: string; outcome: string }>> {
  const config = typeof env === "string" ? loadEnvironment(env) : env;
  const done = [{ bucket: config.state.bucket, role: "state", outcome: await ensureSecureBucket(config.state.bucket, stateRegion(config)) }];
  if (config.artifactBucket) done.push({ bucket: config.artifactBucket, role: "artifact", outcome: await ensureSecureBucket(config.artifactBucket, config.region) });
  return done;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const name = process.argv[process.argv.indexOf("--env") + 1];
  if (!name || !process.argv.includes("--env")) {
    console.error("usage: make bootstrap ENV=<env>");
    process.exit(2);
  }
  for (const { bucket, role, outcome } of await bootstrapEnvironment(name)) console.log(`${role} bucket ${bucket}: ${outcome}`);
}
