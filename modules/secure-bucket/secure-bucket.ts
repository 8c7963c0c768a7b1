import { Construct } from "constructs";
import { Lazy } from "cdktf";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA as S3BucketLogging } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA as S3BucketVersioning } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { type AwsLocation, s3BucketArn } from "../shared/arn";
import type { Label } from "../shared/label";
import type { Grantee } from "../shared/policy";
import { assertBucketName } from "./bucket-name";
import { type BucketPolicyStatement, denyInsecureTransport, renderBucketPolicy } from "./bucket-policy";
import { DEFAULT_KEY_DELETION_WINDOW_DAYS } from "./defaults";
import { type BucketGrantOptions, READ_GRANT, WRITE_GRANT, bucketGrantStatements, keyPattern } from "./grants";
import { type SecureBucketLifecycleProps, lifecycleRules } from "./lifecycle";

/** How objects are encrypted at rest. */
export type BucketEncryption = "KMS" | "S3_MANAGED";

/** Props for {@link SecureBucket}. */
export interface SecureBucketProps extends SecureBucketLifecycleProps {
  /** Naming context; the bucket is named `label.id("s3Bucket")`. */
  readonly label: Label;
  /**
   * SSE-KMS with a customer-managed key (S3 Bucket Key on, to cut KMS requests), or SSE-S3.
   * Choose `S3_MANAGED` for a bucket that receives S3 server access logs: S3 cannot deliver them into SSE-KMS.
   * @default "KMS"
   */
  readonly encryption?: BucketEncryption;
  /**
   * The customer-managed KMS key for `KMS` encryption.
   * @default - a key is created, rotation on, aliased `alias/<label.with("s3").id("kmsAlias")>`
   */
  readonly encryptionKeyArn?: string;
  /**
   * Keep the bucket (and the key the module creates) when the stack is destroyed or when a change
   * would replace it: Terraform's `prevent_destroy`, so such a plan fails instead of deleting data.
   * To drop the bucket from Terraform on purpose while keeping it in AWS, remove it from state
   * (`terraform state rm`) or use a `removed` block with `destroy = false`.
   * @default true
   */
  readonly retainOnDelete?: boolean;
  /**
   * Let `terraform destroy` delete a bucket that still holds objects. Requires `retainOnDelete: false`.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * A bucket to receive S3 server access logs. It must use SSE-S3 and let `logging.s3.amazonaws.com` write.
   * @default - no access logging
   */
  readonly serverAccessLogsBucketName?: string;
  /**
   * Key prefix for the access logs in the target bucket.
   * @default - `<bucket name>/`
   */
  readonly serverAccessLogsPrefix?: string;
  /**
   * Tags on the bucket and key, merged over the provider's default tags.
   * @default - only the provider's default tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A bucket other modules can deliver into: what Firehose modules accept as a destination. */
export interface ISecureBucket {
  /** The bucket name. */
  readonly bucketName: string;
  /** `arn:<partition>:s3:::<bucketName>`. */
  readonly bucketArn: string;
  /** The customer-managed key objects are encrypted with, or undefined for SSE-S3. */
  readonly encryptionKeyArn?: string;
  /** Grants chosen actions on the bucket, its objects and its key. */
  grant(grantee: Grantee, options: BucketGrantOptions): void;
  /** Grants reading objects under `prefix` (all when omitted), with `kms:Decrypt` when a CMK is used. */
  grantRead(grantee: Grantee, prefix?: string): void;
  /** Grants writing objects under `prefix` (all when omitted), with the KMS actions SSE-KMS uploads need. */
  grantWrite(grantee: Grantee, prefix?: string): void;
  /** Adds a statement to the bucket policy. */
  addToResourcePolicy(statement: BucketPolicyStatement): void;
}

/**
 * An S3 bucket that is private, encrypted, versioned and TLS-only: all four public access blocks,
 * object ownership enforced (no ACLs), a bucket policy denying plain HTTP, and lifecycle rules
 * (Standard-IA, Glacier, optional expiry, noncurrent versions, stale multipart uploads).
 * Kept on stack deletion unless `retainOnDelete: false`.
 */
export class SecureBucket extends Construct implements ISecureBucket {
  /** The bucket name a label gives: `label.id("s3Bucket")`. */
  static bucketNameOf(label: Label): string {
    return label.id("s3Bucket");
  }

  /** The bucket ARN a label gives (bucket ARNs carry neither region nor account). */
  static bucketArnOf(label: Label, location: AwsLocation): string {
    return s3BucketArn(location, SecureBucket.bucketNameOf(label));
  }

  /** `label.id("s3Bucket")`. */
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly encryptionKeyArn?: string;
  /** The region the bucket lives in. */
  readonly bucketRegion: string;
  private readonly policyStatements: BucketPolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const name = SecureBucket.bucketNameOf(props.label);
    assertBucketName(name);
    const encryption = props.encryption ?? "KMS";
    if (encryption === "S3_MANAGED" && props.encryptionKeyArn !== undefined) {
      throw new Error('encryptionKeyArn requires encryption "KMS", got encryption "S3_MANAGED"');
    }
    const retain = props.retainOnDelete ?? true;
    if (retain && props.forceDestroy) {
      throw new Error("forceDestroy requires retainOnDelete: false, got retainOnDelete: true (the default)");
    }
    const rules = lifecycleRules(props);
    const tags = props.tags ? { ...props.tags } : undefined;
    const lifecycle = retain ? { preventDestroy: true } : undefined;

    if (encryption === "KMS") {
      if (props.encryptionKeyArn !== undefined) {
        this.encryptionKeyArn = props.encryptionKeyArn;
      } else {
        // The default key policy lets the account's IAM policies grant use, which is how grants work here.
        const key = new KmsKey(this, "Key", {
          description: `Encrypts objects in S3 bucket ${name}`,
          enableKeyRotation: true,
          deletionWindowInDays: DEFAULT_KEY_DELETION_WINDOW_DAYS,
          tags,
          // A retained bucket is unreadable without its key.
          lifecycle,
        });
        new KmsAlias(this, "KeyAlias", { name: `alias/${props.label.with("s3").id("kmsAlias")}`, targetKeyId: key.keyId });
        this.encryptionKeyArn = key.arn;
      }
    }

    const bucket = new S3Bucket(this, "Resource", { bucket: name, forceDestroy: props.forceDestroy ?? false, tags, lifecycle });
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.bucketRegion = bucket.region;

    new S3BucketServerSideEncryptionConfiguration(this, "Encryption", {
      bucket: bucket.id,
      rule: [
        this.encryptionKeyArn
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.encryptionKeyArn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    const versioning = new S3BucketVersioning(this, "Versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "OwnershipControls", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    this.policyStatements.push(denyInsecureTransport(this.bucketArn));
    new S3BucketPolicy(this, "Policy", {
      bucket: bucket.id,
      policy: Lazy.stringValue({ produce: () => renderBucketPolicy(this.policyStatements) }),
    });
    // Lifecycle rules on noncurrent versions need versioning in place first.
    new S3BucketLifecycleConfiguration(this, "Lifecycle", { bucket: bucket.id, rule: rules, dependsOn: [versioning] });

    if (props.serverAccessLogsBucketName !== undefined) {
      new S3BucketLogging(this, "AccessLogging", {
        bucket: bucket.id,
        targetBucket: props.serverAccessLogsBucketName,
        targetPrefix: props.serverAccessLogsPrefix ?? `${name}/`,
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
      });
    }
  }

  grant(grantee: Grantee, options: BucketGrantOptions): void {
    const statements = bucketGrantStatements(
      { bucketArn: this.bucketArn, bucketRegion: this.bucketRegion, encryptionKeyArn: this.encryptionKeyArn },
      options,
    );
    for (const statement of statements) grantee.addToPolicy(statement);
  }

  grantRead(grantee: Grantee, prefix?: string): void {
    this.grant(grantee, { ...READ_GRANT, objectKeyPatterns: [keyPattern(prefix)] });
  }

  grantWrite(grantee: Grantee, prefix?: string): void {
    this.grant(grantee, { ...WRITE_GRANT, objectKeyPatterns: [keyPattern(prefix)] });
  }

  addToResourcePolicy(statement: BucketPolicyStatement): void {
    this.policyStatements.push(statement);
  }
}
