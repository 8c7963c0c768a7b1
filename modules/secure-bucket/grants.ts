import type { PolicyStatement } from "../shared/policy";

/** What {@link ISecureBucket.grant} gives: S3 actions on the bucket and on keys, KMS actions on its key. */
export interface BucketGrantOptions {
  /**
   * Actions on the bucket itself, e.g. `s3:ListBucket`.
   * @default []
   */
  readonly bucketActions?: readonly string[];
  /**
   * Actions on objects, e.g. `s3:GetObject`, scoped to {@link objectKeyPatterns}.
   * @default []
   */
  readonly objectActions?: readonly string[];
  /**
   * Object key patterns the object actions apply to, e.g. `data/*`.
   * @default ["*"] - every object
   */
  readonly objectKeyPatterns?: readonly string[];
  /**
   * KMS actions on the bucket's customer-managed key, only through S3 for this bucket. Ignored when the
   * bucket uses S3-managed keys.
   * @default []
   */
  readonly keyActions?: readonly string[];
}

/** What a bucket needs to know about itself to build grant statements. */
export interface BucketGrantTarget {
  readonly bucketArn: string;
  /** The region the bucket lives in, for the `kms:ViaService` condition. */
  readonly bucketRegion: string;
  /** @default - S3-managed keys: no KMS statement */
  readonly encryptionKeyArn?: string;
}

/**
 * Least-privilege statements for a grant on a bucket. KMS use is limited to requests S3 makes for this
 * bucket: `kms:ViaService` is S3 in the bucket's region, and the encryption context is the bucket ARN
 * (with S3 Bucket Keys on, S3 uses the bucket ARN, not the object ARN, as the context).
 */
export function bucketGrantStatements(target: BucketGrantTarget, options: BucketGrantOptions): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  if (options.bucketActions?.length) {
    statements.push({ actions: [...options.bucketActions], resources: [target.bucketArn] });
  }
  if (options.objectActions?.length) {
    const patterns = options.objectKeyPatterns?.length ? options.objectKeyPatterns : ["*"];
    statements.push({ actions: [...options.objectActions], resources: patterns.map((pattern) => `${target.bucketArn}/${pattern}`) });
  }
  if (options.keyActions?.length && target.encryptionKeyArn) {
    statements.push({
      actions: [...options.keyActions],
      resources: [target.encryptionKeyArn],
      conditions: {
        StringEquals: {
          "kms:ViaService": `s3.${target.bucketRegion}.amazonaws.com`,
          "kms:EncryptionContext:aws:s3:arn": target.bucketArn,
        },
      },
    });
  }
  return statements;
}

/** The object key pattern for a prefix: `logs/` gives `logs/*`, no prefix gives `*`. */
export function keyPattern(prefix?: string): string {
  return `${prefix ?? ""}*`;
}

/** `s3:GetObject` and listing, with `kms:Decrypt`. */
export const READ_GRANT = {
  bucketActions: ["s3:GetBucketLocation", "s3:ListBucket"],
  objectActions: ["s3:GetObject"],
  keyActions: ["kms:Decrypt"],
} as const;

/**
 * `s3:PutObject` and multipart clean-up, with `kms:GenerateDataKey` for new objects and `kms:Decrypt`,
 * which S3 needs to complete multipart uploads under SSE-KMS.
 */
export const WRITE_GRANT = {
  bucketActions: ["s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
  objectActions: ["s3:AbortMultipartUpload", "s3:PutObject"],
  keyActions: ["kms:Decrypt", "kms:GenerateDataKey"],
} as const;
