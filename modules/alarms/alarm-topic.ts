import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import type { AwsLocation } from "../shared/arn";
import type { Label } from "../shared/label";
import { denyInsecureTransport } from "../shared/tls-policy";
import { assertEmails, subscribeEmails } from "../shared/email-subscriptions";
import { EncryptedTopic } from "../shared/encrypted-topic";

/** Where alarms send notifications: a topic this module creates, or one given. */
export interface IAlarmTopic {
  readonly topicArn: string;
}

/** Props for {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** Naming context: topic `label.id("snsTopic")`, key alias `alias/<label.id("kmsAlias")>`. */
  readonly label: Label;
  /** The account whose CloudWatch alarms may publish (`aws:SourceAccount`). */
  readonly location: AwsLocation;
  /**
   * E-mail addresses to subscribe. Each address receives a confirmation mail and stays
   * "pending confirmation" until someone clicks it; Terraform cannot delete a pending subscription
   * (AWS removes it after 3 days).
   * @default []
   */
  readonly emailSubscriptions?: readonly string[];
  /**
   * The provider (region) the topic lives in; alarms can only notify a topic in their own region.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

export { assertEmails };

/**
 * An encrypted SNS topic CloudWatch alarms can publish to.
 *
 * The topic is encrypted with a customer-managed KMS key (rotation on) rather than `alias/aws/sns`:
 * the AWS-managed key's policy does not let `cloudwatch.amazonaws.com` call kms:GenerateDataKey and
 * kms:Decrypt, and cannot be edited, so alarms would fail to notify ("CloudWatch Alarms does not have
 * authorization to access the SNS topic encryption key"). The key policy and the topic policy let only
 * CloudWatch of this account publish, and the topic refuses publishing over plain HTTP.
 */
export class AlarmTopic extends EncryptedTopic implements IAlarmTopic {
  /** ARN of the topic, `label.id("snsTopic")`. */
  readonly topicArn: string;
  /** Name of the topic: `label.id("snsTopic")`. */
  readonly topicName: string;
  /** ARN of the customer-managed key encrypting the topic. */
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const emails = props.emailSubscriptions ?? [];
    assertEmails("emailSubscriptions", emails);
    const { partition, accountId } = props.location;
    const provider = props.provider;
    const sourceAccount = { StringEquals: { "aws:SourceAccount": accountId } };

    const key = new KmsKey(this, "Key", {
      provider,
      description: `Encrypts the alarm topic ${props.label.id("snsTopic")}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AccountAdministersKeyThroughIam",
            Effect: "Allow",
            Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
            Action: [
              "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
              "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
              "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
              "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
            ],
            // In a key policy "*" means this key: AWS accepts nothing else there.
            Resource: "*",
          },
          {
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: sourceAccount,
          },
        ],
      }),
    });
    new KmsAlias(this, "KeyAlias", { provider, name: `alias/${props.label.id("kmsAlias")}`, targetKeyId: key.keyId });

    const topic = new SnsTopic(this, "Resource", {
      provider,
      name: AlarmTopic.topicNameOf(props.label),
      kmsMasterKeyId: key.arn,
    });
    new SnsTopicPolicy(this, "Policy", {
      provider,
      arn: topic.arn,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topic.arn,
            Condition: sourceAccount,
          },
          denyInsecureTransport("sns:Publish", topic.arn),
        ],
      }),
    });
    // Under a `Subscriptions` scope, unlike AlertTopic's: their Terraform addresses stay as they are.
    subscribeEmails(new Construct(this, "Subscriptions"), topic.arn, emails, provider);
    this.topicArn = topic.arn;
    this.topicName = topic.name;
    this.keyArn = key.arn;
  }
}
