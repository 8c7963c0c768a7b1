import { Construct } from "constructs";
import { type AwsLocation, snsTopicArn } from "./arn";
import type { Label } from "./label";

/**
 * What AlertTopic and AlarmTopic share: the topic's name and ARN from a label (for stacks that
 * reference a topic without reading state) and its attributes. Each builds its own topic, as their
 * keys differ on purpose (see AlertTopic); both refuse plain HTTP with `denyInsecureTransport` and
 * subscribe e-mail addresses with `subscribeEmails`.
 */
export abstract class EncryptedTopic extends Construct {
  /** The topic's name for a label: `label.id("snsTopic")`. */
  static topicNameOf(label: Label): string {
    return label.id("snsTopic");
  }

  /** The topic's ARN for a label. */
  static topicArnOf(label: Label, location: AwsLocation): string {
    return snsTopicArn(location, EncryptedTopic.topicNameOf(label));
  }

  /** ARN of the topic, `label.id("snsTopic")`. */
  abstract readonly topicArn: string;
  /** Name of the topic: `label.id("snsTopic")`. */
  abstract readonly topicName: string;
}
