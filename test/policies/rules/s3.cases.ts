import { patch, policyJson, remove, type Resources, type RuleCase, stackOf } from "../fixtures";
import { s3AclsDisabled, s3Encrypted, s3EncryptedWithKms, s3Lifecycle, s3PublicAccessBlock, s3TlsOnly, s3Versioning } from "./s3";

const BUCKET = "unit:aws_s3_bucket.archive_bucket_resource";
const ref = (attribute: string) => `\${aws_s3_bucket.archive_bucket_resource.${attribute}}`;

const tlsOnly = policyJson({
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: ["s3:*"],
  Resource: [ref("arn"), `${ref("arn")}/*`],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
});

/** A bucket with every setting our SecureBucket gives it; variants break one at a time. */
const secureBucket: Resources = {
  aws_s3_bucket: { archive_bucket_resource: { bucket: "acme-dev-archive" } },
  aws_s3_bucket_public_access_block: {
    archive_bucket_pab: { bucket: ref("id"), block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
  },
  aws_s3_bucket_server_side_encryption_configuration: {
    archive_bucket_encryption: { bucket: ref("id"), rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.k.arn}" } }] },
  },
  aws_s3_bucket_versioning: { archive_bucket_versioning: { bucket: ref("bucket"), versioning_configuration: { status: "Enabled" } } },
  aws_s3_bucket_lifecycle_configuration: { archive_bucket_lifecycle: { bucket: ref("id"), rule: [{ id: "expire", status: "Enabled", expiration: [{ days: 365 }] }] } },
  aws_s3_bucket_ownership_controls: { archive_bucket_ownership: { bucket: ref("id"), rule: { object_ownership: "BucketOwnerEnforced" } } },
  aws_s3_bucket_policy: { archive_bucket_policy: { bucket: ref("id"), policy: tlsOnly } },
};

/** The same bucket configured by literal bucket name instead of references. */
const byName = (resources: Resources): Resources =>
  Object.fromEntries(
    Object.entries(resources).map(([type, byId]) => [
      type,
      Object.fromEntries(Object.entries(byId).map(([id, r]) => [id, type === "aws_s3_bucket" ? r : { ...r, bucket: "acme-dev-archive" }])),
    ]),
  );

const otherBucketSettings = (type: string, name: string) => patch(secureBucket, type, name, { bucket: "${aws_s3_bucket.other.id}" });

/** Cases of the S3 rules. */
export const s3Cases: readonly RuleCase[] = [
  {
    rule: s3PublicAccessBlock,
    passing: stackOf(secureBucket),
    failing: [
      { title: "without a public access block", stack: stackOf(remove(secureBucket, "aws_s3_bucket_public_access_block", "archive_bucket_pab")), address: BUCKET, reason: /no aws_s3_bucket_public_access_block references the bucket/ },
      { title: "when the block belongs to another bucket", stack: stackOf(otherBucketSettings("aws_s3_bucket_public_access_block", "archive_bucket_pab")), address: BUCKET, reason: /no aws_s3_bucket_public_access_block/ },
      { title: "with restrict_public_buckets false", stack: stackOf(patch(secureBucket, "aws_s3_bucket_public_access_block", "archive_bucket_pab", { restrict_public_buckets: false })), address: BUCKET, reason: /leaves restrict_public_buckets not true/ },
    ],
  },
  {
    rule: s3Encrypted,
    passing: stackOf(byName(secureBucket)),
    failing: [
      { title: "without an encryption configuration", stack: stackOf(remove(secureBucket, "aws_s3_bucket_server_side_encryption_configuration", "archive_bucket_encryption")), address: BUCKET, reason: /no aws_s3_bucket_server_side_encryption_configuration/ },
    ],
  },
  {
    rule: s3EncryptedWithKms,
    passing: stackOf(secureBucket),
    failing: [
      {
        title: "with SSE-S3 (AES256)",
        stack: stackOf(patch(secureBucket, "aws_s3_bucket_server_side_encryption_configuration", "archive_bucket_encryption", { rule: { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } } })),
        address: BUCKET,
        reason: /sse_algorithm must be aws:kms or aws:kms:dsse, got AES256/,
      },
    ],
  },
  {
    rule: s3Versioning,
    passing: stackOf(secureBucket),
    failing: [
      { title: "with versioning suspended", stack: stackOf(patch(secureBucket, "aws_s3_bucket_versioning", "archive_bucket_versioning", { versioning_configuration: { status: "Suspended" } })), address: BUCKET, reason: /status must be "Enabled", got Suspended/ },
      { title: "without versioning", stack: stackOf(remove(secureBucket, "aws_s3_bucket_versioning", "archive_bucket_versioning")), address: BUCKET, reason: /no aws_s3_bucket_versioning/ },
    ],
  },
  {
    rule: s3Lifecycle,
    passing: stackOf(secureBucket),
    failing: [
      { title: "without a lifecycle configuration", stack: stackOf(remove(secureBucket, "aws_s3_bucket_lifecycle_configuration", "archive_bucket_lifecycle")), address: BUCKET, reason: /no aws_s3_bucket_lifecycle_configuration/ },
      { title: "with every rule disabled", stack: stackOf(patch(secureBucket, "aws_s3_bucket_lifecycle_configuration", "archive_bucket_lifecycle", { rule: [{ id: "x", status: "Disabled" }] })), address: BUCKET, reason: /no rule with status Enabled/ },
    ],
  },
  {
    rule: s3AclsDisabled,
    passing: stackOf(secureBucket),
    failing: [
      { title: "with ObjectWriter ownership", stack: stackOf(patch(secureBucket, "aws_s3_bucket_ownership_controls", "archive_bucket_ownership", { rule: { object_ownership: "ObjectWriter" } })), address: BUCKET, reason: /must be BucketOwnerEnforced, got ObjectWriter/ },
    ],
  },
  {
    rule: s3TlsOnly,
    passing: stackOf(secureBucket),
    failing: [
      { title: "without a bucket policy", stack: stackOf(remove(secureBucket, "aws_s3_bucket_policy", "archive_bucket_policy")), address: BUCKET, reason: /no aws_s3_bucket_policy/ },
      {
        title: "when the deny leaves the objects out",
        stack: stackOf(patch(secureBucket, "aws_s3_bucket_policy", "archive_bucket_policy", { policy: tlsOnly.replace(`,"${ref("arn")}/*"`, "") })),
        address: BUCKET,
        reason: /no bucket policy statement denies s3:\*/,
      },
      {
        title: "when the policy is not literal JSON",
        stack: stackOf(patch(secureBucket, "aws_s3_bucket_policy", "archive_bucket_policy", { policy: "${jsonencode(local.p)}" })),
        address: BUCKET,
        reason: /not a literal JSON document/,
      },
    ],
  },
];
