import { blocks, block, type Rule, type RuleContext, type StackEntry, type TfResource } from "../engine";
import { parsePolicy } from "../policy-document";

/** The resources of `type` configuring this bucket through their `bucket` attribute. */
function bucketSettings(type: string, bucket: TfResource, context: RuleContext): StackEntry[] {
  return context.related(type, "bucket", bucket.bucket);
}

function sseAlgorithms(bucket: TfResource, context: RuleContext): string[] | undefined {
  const configs = bucketSettings("aws_s3_bucket_server_side_encryption_configuration", bucket, context);
  if (configs.length === 0) return undefined;
  return configs.flatMap((c) => blocks(c.resource.rule)).map((rule) => String(block(rule.apply_server_side_encryption_by_default)?.sse_algorithm));
}

/** CKV2_AWS_6: the bucket has a public access block with all four settings on. */
export const s3PublicAccessBlock: Rule = {
  id: "CKV2_AWS_6",
  title: "S3 bucket has a public access block with all four flags true",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, context) {
    const blockers = bucketSettings("aws_s3_bucket_public_access_block", bucket, context);
    if (blockers.length === 0) return "no aws_s3_bucket_public_access_block references the bucket";
    const flags = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];
    const off = flags.filter((flag) => !blockers.some((b) => b.resource[flag] === true));
    return off.length > 0 ? `public access block leaves ${off.join(", ")} not true` : undefined;
  },
};

/** CKV_AWS_19: objects are encrypted at rest by a default encryption configuration. */
export const s3Encrypted: Rule = {
  id: "CKV_AWS_19",
  title: "S3 bucket has default server-side encryption",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, context) {
    const algorithms = sseAlgorithms(bucket, context);
    if (algorithms === undefined) return "no aws_s3_bucket_server_side_encryption_configuration references the bucket";
    const known = ["AES256", "aws:kms", "aws:kms:dsse"];
    return algorithms.some((a) => known.includes(a)) ? undefined : `sse_algorithm must be one of ${known.join(", ")}, got ${algorithms.join(", ") || "none"}`;
  },
};

/** CKV_AWS_145: default encryption uses KMS (a key whose use is logged and can be restricted). */
export const s3EncryptedWithKms: Rule = {
  id: "CKV_AWS_145",
  title: "S3 bucket is encrypted with KMS by default",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, context) {
    const algorithms = sseAlgorithms(bucket, context);
    if (algorithms === undefined) return "no aws_s3_bucket_server_side_encryption_configuration references the bucket";
    return algorithms.some((a) => a === "aws:kms" || a === "aws:kms:dsse") ? undefined : `sse_algorithm must be aws:kms or aws:kms:dsse, got ${algorithms.join(", ") || "none"}`;
  },
};

/** CKV_AWS_21: versioning is enabled, so an overwrite or delete can be undone. */
export const s3Versioning: Rule = {
  id: "CKV_AWS_21",
  title: "S3 bucket has versioning enabled",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, context) {
    const versioning = bucketSettings("aws_s3_bucket_versioning", bucket, context);
    if (versioning.length === 0) return "no aws_s3_bucket_versioning references the bucket";
    const statuses = versioning.map((v) => block(v.resource.versioning_configuration)?.status);
    return statuses.includes("Enabled") ? undefined : `versioning status must be "Enabled", got ${statuses.map(String).join(", ")}`;
  },
};

/** CKV2_AWS_61: a lifecycle configuration with at least one enabled rule bounds what the bucket keeps. */
export const s3Lifecycle: Rule = {
  id: "CKV2_AWS_61",
  title: "S3 bucket has a lifecycle configuration with an enabled rule",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, context) {
    const configs = bucketSettings("aws_s3_bucket_lifecycle_configuration", bucket, context);
    if (configs.length === 0) return "no aws_s3_bucket_lifecycle_configuration references the bucket";
    const enabled = configs.flatMap((c) => blocks(c.resource.rule)).filter((rule) => rule.status === "Enabled");
    return enabled.length > 0 ? undefined : "the lifecycle configuration has no rule with status Enabled";
  },
};

/** CKV2_AWS_65: ACLs are disabled (BucketOwnerEnforced), so no object can be made public by an ACL. */
export const s3AclsDisabled: Rule = {
  id: "CKV2_AWS_65",
  title: "S3 bucket disables ACLs with object ownership BucketOwnerEnforced",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, context) {
    const controls = bucketSettings("aws_s3_bucket_ownership_controls", bucket, context);
    if (controls.length === 0) return "no aws_s3_bucket_ownership_controls references the bucket";
    const owners = controls.map((c) => block(c.resource.rule)?.object_ownership);
    return owners.includes("BucketOwnerEnforced") ? undefined : `object_ownership must be BucketOwnerEnforced, got ${owners.map(String).join(", ")}`;
  },
};

/** The ARN forms a policy may use for this bucket: the reference or the literal ARN. */
function bucketArns(bucket: TfResource, context: RuleContext): string[] {
  const arns = [`\${aws_s3_bucket.${context.self.name}.arn}`];
  if (typeof bucket.bucket === "string" && !bucket.bucket.includes("${")) arns.push(`arn:aws:s3:::${bucket.bucket}`);
  return arns;
}

/** Requests over plain HTTP are denied to everyone, on the bucket and on every object. */
export const s3TlsOnly: Rule = {
  id: "PLATFORM_S3_TLS_ONLY",
  title: "S3 bucket policy denies requests without TLS (aws:SecureTransport false)",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, context) {
    const policies = bucketSettings("aws_s3_bucket_policy", bucket, context);
    if (policies.length === 0) return "no aws_s3_bucket_policy references the bucket";
    const arns = bucketArns(bucket, context);
    const covers = (resources: readonly string[], suffix: string) =>
      resources.includes("*") || arns.some((arn) => resources.includes(`${arn}${suffix}`));
    for (const policy of policies) {
      const parsed = parsePolicy(policy.resource.policy, context);
      if ("error" in parsed) return `${policy.address}: ${parsed.error}`;
      const denies = parsed.statements.some(
        (s) =>
          s.effect === "Deny" &&
          s.principals.some((p) => p.identifiers.includes("*")) &&
          (s.actions.includes("s3:*") || s.actions.includes("*")) &&
          s.conditions.some((c) => c.test === "Bool" && c.variable === "aws:SecureTransport" && c.values.includes("false")) &&
          covers(s.resources, "") &&
          covers(s.resources, "/*"),
      );
      if (denies) return undefined;
    }
    return 'no bucket policy statement denies s3:* to "*" on the bucket and its objects when aws:SecureTransport is false';
  },
};

/** The S3 rules. */
export const s3Rules: readonly Rule[] = [s3PublicAccessBlock, s3Encrypted, s3EncryptedWithKms, s3Versioning, s3Lifecycle, s3AclsDisabled, s3TlsOnly];
