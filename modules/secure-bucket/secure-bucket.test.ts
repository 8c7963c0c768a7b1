import { TerraformOutput } from "cdktf";
import { describe, expect, test } from "vitest";
import { Label } from "../shared/label";
import { ServiceRole } from "../shared/service-role";
import { constructTree, synth, testStack } from "../shared/testing";
import { SecureBucket } from "./secure-bucket";

const label = new Label({ namespace: "acme", environment: "dev", name: "iops", attributes: ["archive"] });
const KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const BUCKET = "${aws_s3_bucket.Archive_DA4CB258";
const CREATED_KEY = "${aws_kms_key.Archive_Key_FD7AFBDA.arn}";

describe("SecureBucket defaults", () => {
  const stack = testStack();
  new SecureBucket(stack, "Archive", { label });
  const out = synth(stack);

  test("names the bucket from the label, keeps it on stack deletion, and refuses to empty it", () => {
    expect(out.only("aws_s3_bucket")).toEqual({ bucket: "acme-dev-iops-archive", force_destroy: false, lifecycle: { prevent_destroy: true } });
  });

  test("encrypts with a created, rotated, retained key and an S3 Bucket Key", () => {
    expect(out.only("aws_kms_key")).toEqual({
      description: "Encrypts objects in S3 bucket acme-dev-iops-archive",
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    expect(out.only("aws_kms_alias")).toEqual({ name: "alias/acme-dev-iops-archive-s3", target_key_id: "${aws_kms_key.Archive_Key_FD7AFBDA.key_id}" });
    expect(out.only("aws_s3_bucket_server_side_encryption_configuration")).toEqual({
      bucket: `${BUCKET}.id}`,
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: CREATED_KEY }, bucket_key_enabled: true }],
    });
  });

  test("versions objects, blocks all public access and enforces bucket-owner object ownership", () => {
    expect(out.only("aws_s3_bucket_versioning")).toEqual({ bucket: `${BUCKET}.id}`, versioning_configuration: { status: "Enabled" } });
    expect(out.only("aws_s3_bucket_public_access_block")).toEqual({
      bucket: `${BUCKET}.id}`,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(out.only("aws_s3_bucket_ownership_controls")).toEqual({ bucket: `${BUCKET}.id}`, rule: { object_ownership: "BucketOwnerEnforced" } });
    expect(out.count("aws_s3_bucket_logging")).toBe(0);
  });

  test("denies every request without TLS on the bucket and its objects", () => {
    expect(JSON.parse(out.only("aws_s3_bucket_policy").policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:*"],
          Resource: [`${BUCKET}.arn}`, `${BUCKET}.arn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    });
  });

  test("tiers to Standard-IA at 30 days and Glacier at 90, never expires, cleans old versions and uploads", () => {
    const lifecycle = out.only("aws_s3_bucket_lifecycle_configuration");
    expect(lifecycle.depends_on).toEqual(["aws_s3_bucket_versioning.Archive_Versioning_3F40146F"]);
    expect(lifecycle.rule).toEqual([
      {
        id: "tiering-and-expiration",
        status: "Enabled",
        filter: [{ prefix: "" }],
        transition: [
          { days: 30, storage_class: "STANDARD_IA" },
          { days: 90, storage_class: "GLACIER" },
        ],
        noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
      { id: "expired-delete-markers", status: "Enabled", filter: [{ prefix: "" }], expiration: [{ expired_object_delete_marker: true }] },
    ]);
  });

  test("exposes the bucket's name and ARN and the key's ARN as references", () => {
    const refs = testStack();
    const archive = new SecureBucket(refs, "Archive", { label });
    new TerraformOutput(refs, "Name", { value: archive.bucketName });
    new TerraformOutput(refs, "Arn", { value: archive.bucketArn });
    new TerraformOutput(refs, "Key", { value: archive.encryptionKeyArn });
    expect(synth(refs).json.output).toEqual({
      Name: { value: `${BUCKET}.bucket}` },
      Arn: { value: `${BUCKET}.arn}` },
      Key: { value: CREATED_KEY },
    });
  });

  test("pins the construct tree", () => {
    expect(constructTree(stack)).toEqual([
      "test/Archive",
      "test/Archive/Encryption",
      "test/Archive/Key",
      "test/Archive/KeyAlias",
      "test/Archive/Lifecycle",
      "test/Archive/OwnershipControls",
      "test/Archive/Policy",
      "test/Archive/PublicAccessBlock",
      "test/Archive/Resource",
      "test/Archive/Versioning",
    ]);
  });
});

describe("SecureBucket options", () => {
  test("uses a given key and creates none", () => {
    const stack = testStack();
    const bucket = new SecureBucket(stack, "Archive", { label, encryptionKeyArn: KEY_ARN });
    const out = synth(stack);
    expect(out.count("aws_kms_key")).toBe(0);
    expect(out.count("aws_kms_alias")).toBe(0);
    expect(out.only("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KEY_ARN }, bucket_key_enabled: true },
    ]);
    expect(bucket.encryptionKeyArn).toBe(KEY_ARN);
  });

  test("uses SSE-S3 when asked, with no key", () => {
    const stack = testStack();
    const bucket = new SecureBucket(stack, "Archive", { label, encryption: "S3_MANAGED" });
    const out = synth(stack);
    expect(out.count("aws_kms_key")).toBe(0);
    expect(out.only("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    expect(bucket.encryptionKeyArn).toBeUndefined();
  });

  test("lets a non-retained bucket be force-destroyed, key included", () => {
    const stack = testStack();
    new SecureBucket(stack, "Archive", { label, retainOnDelete: false, forceDestroy: true, tags: { team: "data" } });
    const out = synth(stack);
    expect(out.only("aws_s3_bucket")).toEqual({ bucket: "acme-dev-iops-archive", force_destroy: true, tags: { team: "data" } });
    expect(out.only("aws_kms_key").lifecycle).toBeUndefined();
    expect(out.only("aws_kms_key").tags).toEqual({ team: "data" });
  });

  test("sends server access logs to a given bucket, under the bucket name by default", () => {
    const stack = testStack();
    new SecureBucket(stack, "Archive", { label, serverAccessLogsBucketName: "acme-dev-access-logs" });
    expect(synth(stack).only("aws_s3_bucket_logging")).toEqual({
      bucket: `${BUCKET}.id}`,
      target_bucket: "acme-dev-access-logs",
      target_prefix: "acme-dev-iops-archive/",
      target_object_key_format: { partitioned_prefix: { partition_date_source: "EventTime" } },
    });
    const custom = testStack();
    new SecureBucket(custom, "Archive", { label, serverAccessLogsBucketName: "acme-dev-access-logs", serverAccessLogsPrefix: "s3/" });
    expect(synth(custom).only("aws_s3_bucket_logging").target_prefix).toBe("s3/");
  });

  test("adds statements to the bucket policy after the TLS guard", () => {
    const stack = testStack();
    const bucket = new SecureBucket(stack, "Archive", { label });
    bucket.addToResourcePolicy({
      sid: "AllowLogDelivery",
      principal: { Service: "logging.s3.amazonaws.com" },
      actions: ["s3:PutObject"],
      resources: [`${bucket.bucketArn}/logs/*`],
      conditions: { StringEquals: { "aws:SourceAccount": "111122223333" } },
    });
    const statements = JSON.parse(synth(stack).only("aws_s3_bucket_policy").policy).Statement;
    expect(statements.map((s: { Sid: string }) => s.Sid)).toEqual(["DenyInsecureTransport", "AllowLogDelivery"]);
    expect(statements[1]).toEqual({
      Sid: "AllowLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: ["s3:PutObject"],
      Resource: [`${BUCKET}.arn}/logs/*`],
      Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
    });
  });

  test("fails when a bucket-policy Allow statement uses a wildcard action", () => {
    const stack = testStack();
    const bucket = new SecureBucket(stack, "Archive", { label });
    bucket.addToResourcePolicy({ principal: { AWS: "arn:aws:iam::111122223333:root" }, actions: ["s3:*"], resources: [bucket.bucketArn] });
    expect(() => synth(stack)).toThrow(/policy actions must be listed one by one, got "s3:\*"/);
  });
});

describe("SecureBucket grants", () => {
  const KMS_CONDITION = {
    StringEquals: { "kms:ViaService": `s3.${BUCKET}.region}.amazonaws.com`, "kms:EncryptionContext:aws:s3:arn": `${BUCKET}.arn}` },
  };

  test("grantRead gives listing, GetObject under the prefix and kms:Decrypt through S3 for this bucket", () => {
    const stack = testStack();
    const bucket = new SecureBucket(stack, "Archive", { label });
    const role = new ServiceRole(stack, "Reader", { label: label.with("reader"), servicePrincipal: "lambda.amazonaws.com" });
    bucket.grantRead(role, "data/");
    expect(synth(stack).rolePolicyStatements()).toEqual([
      { Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:ListBucket"], Resource: [`${BUCKET}.arn}`] },
      { Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${BUCKET}.arn}/data/*`] },
      { Effect: "Allow", Action: ["kms:Decrypt"], Resource: [CREATED_KEY], Condition: KMS_CONDITION },
    ]);
  });

  test("grantWrite gives PutObject and multipart clean-up on every object, with GenerateDataKey and Decrypt", () => {
    const stack = testStack();
    const bucket = new SecureBucket(stack, "Archive", { label });
    const role = new ServiceRole(stack, "Writer", { label: label.with("writer"), servicePrincipal: "lambda.amazonaws.com" });
    bucket.grantWrite(role);
    expect(synth(stack).rolePolicyStatements()).toEqual([
      { Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:ListBucketMultipartUploads"], Resource: [`${BUCKET}.arn}`] },
      { Effect: "Allow", Action: ["s3:AbortMultipartUpload", "s3:PutObject"], Resource: [`${BUCKET}.arn}/*`] },
      { Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [CREATED_KEY], Condition: KMS_CONDITION },
    ]);
  });

  test("grants carry no KMS statement with SSE-S3", () => {
    const stack = testStack();
    const bucket = new SecureBucket(stack, "Archive", { label, encryption: "S3_MANAGED" });
    const role = new ServiceRole(stack, "Writer", { label: label.with("writer"), servicePrincipal: "lambda.amazonaws.com" });
    bucket.grantWrite(role, "logs/");
    expect(synth(stack).statementsWithAction("kms:GenerateDataKey")).toEqual([]);
    expect(synth(stack).statementsWithAction("s3:PutObject")).toEqual([
      { Effect: "Allow", Action: ["s3:AbortMultipartUpload", "s3:PutObject"], Resource: [`${BUCKET}.arn}/logs/*`] },
    ]);
  });
});

describe("SecureBucket validation", () => {
  test("fails when a key is given with SSE-S3", () => {
    expect(() => new SecureBucket(testStack(), "Archive", { label, encryption: "S3_MANAGED", encryptionKeyArn: KEY_ARN })).toThrow(
      /encryptionKeyArn requires encryption "KMS", got encryption "S3_MANAGED"/,
    );
  });

  test("fails when forceDestroy is set on a retained bucket", () => {
    expect(() => new SecureBucket(testStack(), "Archive", { label, forceDestroy: true })).toThrow(
      /forceDestroy requires retainOnDelete: false, got retainOnDelete: true/,
    );
  });

  test("fails when the label gives a reserved bucket name", () => {
    expect(() => new SecureBucket(testStack(), "Archive", { label: new Label({ namespace: "sthree", environment: "dev" }) })).toThrow(
      /bucket name must not start with the reserved prefix "sthree-", got "sthree-dev"/,
    );
    expect(() => new SecureBucket(testStack(), "Archive", { label: new Label({ namespace: "acme", environment: "s3alias" }) })).toThrow(
      /bucket name must not end with the reserved suffix "-s3alias", got "acme-s3alias"/,
    );
  });

  test("fails when the lifecycle breaks S3's rules", () => {
    expect(() => new SecureBucket(testStack(), "Archive", { label, transitionToInfrequentAccessDays: 10 })).toThrow(
      /transitionToInfrequentAccessDays must be a whole number of at least 30 days \(S3's minimum for STANDARD_IA\), got 10/,
    );
  });
});
