import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsLocation } from "../shared/arn";
import { KEY_DELETION_WINDOW_DAYS } from "./defaults";

/** Key administration the account keeps (listed one by one rather than `kms:*`). */
const ADMIN_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListKeyRotations",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RotateKeyOnDemand",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
];

/** What Kinesis does with the key on its callers' behalf: producers generate data keys, consumers decrypt. */
const USE_ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo"];

/** Props for {@link StreamKey}. */
export interface StreamKeyProps {
  /** The alias, including the `alias/` prefix. */
  readonly aliasName: string;
  /** The account that owns and administers the key. */
  readonly location: AwsLocation;
  /** Named in the key's description. */
  readonly streamName: string;
  /**
   * @default - no extra tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A customer-managed symmetric key for one stream, with yearly rotation and an alias.
 *
 * Its policy lets the account root administer the key and delegates its use to IAM: Kinesis calls
 * KMS with the credentials of each producer (GenerateDataKey) and consumer (Decrypt), and Firehose or
 * Lambda reading the stream do so with their roles, so those principals get the permission from the
 * stream's grants (`grantRead`, `grantWrite`), never from a blanket key-policy statement.
 */
export class StreamKey extends Construct {
  readonly keyArn: string;
  readonly keyId: string;
  readonly aliasName: string;

  constructor(scope: Construct, id: string, props: StreamKeyProps) {
    super(scope, id);
    const root = `arn:${props.location.partition}:iam::${props.location.accountId}:root`;
    const policy = {
      Version: "2012-10-17",
      Statement: [
        // In a key policy, Resource "*" means this key: KMS accepts nothing else.
        { Sid: "AccountAdministersKey", Effect: "Allow", Principal: { AWS: root }, Action: ADMIN_ACTIONS, Resource: "*" },
        { Sid: "IamPoliciesGrantUse", Effect: "Allow", Principal: { AWS: root }, Action: USE_ACTIONS, Resource: "*" },
      ],
    };
    const key = new KmsKey(this, "Resource", {
      description: `Encrypts the records of Kinesis stream ${props.streamName}`,
      enableKeyRotation: true,
      deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
      policy: JSON.stringify(policy),
      tags: props.tags ? { ...props.tags } : undefined,
    });
    new KmsAlias(this, "Alias", { name: props.aliasName, targetKeyId: key.keyId });
    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = props.aliasName;
  }
}
