import { Construct } from "constructs";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import type { Label } from "../shared/label";
import type { MetricOptions, MetricSpec } from "../shared/metric";
import { metricSpec } from "../shared/metric";
import { denyInsecureTransport } from "../shared/tls-policy";
import { assertEmails, subscribeEmails } from "../shared/email-subscriptions";
import { EncryptedTopic } from "../shared/encrypted-topic";

/** Props for {@link AlertTopic}. */
export interface AlertTopicProps {
  /** Naming context; the topic is `label.id("snsTopic")`. */
  readonly label: Label;
  /**
   * KMS key for the messages at rest. Publishers that are IAM principals of the account (the
   * pipeline's functions) may use the AWS-managed `alias/aws/sns` key without further permissions.
   * Give a customer key if an AWS service principal (CloudWatch, EventBridge) must publish too.
   * @default "alias/aws/sns"
   */
  readonly kmsMasterKeyId?: string;
  /**
   * E-mail addresses subscribed to the topic (each must confirm its subscription).
   * @default []
   */
  readonly emailSubscriptions?: readonly string[];
  /**
   * @default - no extra tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An encrypted SNS topic for the alerts a function publishes (malformed data, fraud), refusing
 * publication over plain HTTP, with optional e-mail subscribers. It shares AlarmTopic's guard
 * (`denyInsecureTransport`) and subscribers (`assertEmails`, `subscribeEmails`) and differs on
 * purpose in its key: its publishers are the account's own functions, which the AWS-managed
 * `alias/aws/sns` key serves, while AlarmTopic's publisher is the CloudWatch service, which only a
 * customer key whose policy names it can serve.
 */
export class AlertTopic extends EncryptedTopic {
  readonly topicArn: string;
  /** `label.id("snsTopic")` */
  readonly topicName: string;
  readonly metrics: TopicMetrics;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const emails = props.emailSubscriptions ?? [];
    assertEmails("emailSubscriptions", emails);
    this.topicName = AlertTopic.topicNameOf(props.label);
    const topic = new SnsTopic(this, "Resource", {
      name: this.topicName,
      kmsMasterKeyId: props.kmsMasterKeyId ?? "alias/aws/sns",
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.topicArn = topic.arn;
    new SnsTopicPolicy(this, "Policy", {
      arn: topic.arn,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          denyInsecureTransport(["sns:Publish"], topic.arn),
        ],
      }),
    });
    subscribeEmails(this, topic.arn, emails);
    this.metrics = new TopicMetrics(this.topicName);
  }
}

/** CloudWatch metrics of an SNS topic, from its name alone. */
export class TopicMetrics {
  constructor(readonly topicName: string) {}

  /** Any metric of AWS/SNS for this topic. @default statistic Sum, period 300 s */
  metric(metricName: string, options?: MetricOptions): MetricSpec {
    return metricSpec({ namespace: "AWS/SNS", metricName, dimensions: { TopicName: this.topicName }, statistic: "Sum", periodSeconds: 300 }, options);
  }

  /** NumberOfMessagesPublished. @default Sum over 300 s */
  metricNumberOfMessagesPublished(options?: MetricOptions): MetricSpec {
    return this.metric("NumberOfMessagesPublished", options);
  }

  /** NumberOfNotificationsFailed: deliveries SNS gave up on. @default Sum over 300 s */
  metricNumberOfNotificationsFailed(options?: MetricOptions): MetricSpec {
    return this.metric("NumberOfNotificationsFailed", options);
  }
}
