import type { Grantee } from "../shared/policy";
import type { QueueReference, TopicReference } from "./refs";

/** Grants sqs:SendMessage on a queue (SendMessageBatch needs the same action), and the KMS actions when it uses a customer key. */
export function grantSendMessage(grantee: Grantee, queue: QueueReference, sid: string): void {
  grantee.addToPolicy({ sid, actions: ["sqs:SendMessage"], resources: [queue.queueArn] });
  if (queue.kmsKeyArn !== undefined) {
    grantee.addToPolicy({ sid: `${sid}Key`, actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [queue.kmsKeyArn] });
  }
}

/** Grants sns:Publish on a topic, and the KMS actions when it uses a customer key. */
export function grantPublish(grantee: Grantee, topic: TopicReference, sid: string): void {
  grantee.addToPolicy({ sid, actions: ["sns:Publish"], resources: [topic.topicArn] });
  if (topic.kmsKeyArn !== undefined) {
    grantee.addToPolicy({ sid: `${sid}Key`, actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [topic.kmsKeyArn] });
  }
}
