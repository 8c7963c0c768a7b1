import { Construct } from "constructs";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import type { Label } from "../shared/label";
import type { IKinesisStream } from "./stream-base";

/** Props for {@link StreamAccessPolicies}. */
export interface StreamAccessPoliciesProps {
  /**
   * Naming context; the policies are named `label.with("producer").id("iamPolicy")` and
   * `label.with("consumer").id("iamPolicy")`.
   */
  readonly label: Label;
  /** The stream the policies give access to, created here or imported. */
  readonly stream: IKinesisStream;
  /**
   * An enhanced fan-out consumer the consumer policy reads through (SubscribeToShard on its ARN).
   * @default - the consumer policy allows polling reads only
   */
  readonly consumerName?: string;
  /**
   * @default - no extra tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Two customer-managed IAM policies for producers and consumers outside the platform (an EC2
 * Kinesis Agent, another team's application): the stream's own least-privilege grants
 * (`grantWrite`, `grantRead` / `grantConsumer`, with the KMS statements of a customer key), so
 * their roles attach a policy instead of copying statements.
 */
export class StreamAccessPolicies extends Construct {
  /** The producer policy's name for a label, `label.with("producer").id("iamPolicy")`. */
  static producerPolicyNameOf(label: Label): string {
    return label.with("producer").id("iamPolicy");
  }

  /** The consumer policy's name for a label, `label.with("consumer").id("iamPolicy")`. */
  static consumerPolicyNameOf(label: Label): string {
    return label.with("consumer").id("iamPolicy");
  }

  /** `label.with("producer").id("iamPolicy")` */
  readonly producerPolicyName: string;
  readonly producerPolicyArn: string;
  /** `label.with("consumer").id("iamPolicy")` */
  readonly consumerPolicyName: string;
  readonly consumerPolicyArn: string;

  constructor(scope: Construct, id: string, props: StreamAccessPoliciesProps) {
    super(scope, id);
    const tags = props.tags ? { ...props.tags } : undefined;
    this.producerPolicyName = StreamAccessPolicies.producerPolicyNameOf(props.label);
    const producer = new IamPolicy(this, "Producer", {
      name: this.producerPolicyName,
      description: `Writes records to Kinesis stream ${props.stream.streamName}`,
      policy: props.stream.producerPolicyDocument(),
      tags,
    });
    this.consumerPolicyName = StreamAccessPolicies.consumerPolicyNameOf(props.label);
    const consumer = new IamPolicy(this, "Consumer", {
      name: this.consumerPolicyName,
      description:
        props.consumerName === undefined
          ? `Reads records from Kinesis stream ${props.stream.streamName}`
          : `Reads records from Kinesis stream ${props.stream.streamName} through consumer ${props.consumerName}`,
      policy: props.stream.consumerPolicyDocument(props.consumerName),
      tags,
    });
    this.producerPolicyArn = producer.arn;
    this.consumerPolicyArn = consumer.arn;
  }
}
