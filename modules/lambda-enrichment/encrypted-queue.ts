import { Construct } from "constructs";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import type { Label } from "../shared/label";
import { assertIntegerInRange } from "../shared/validate";
import { DEFAULT_QUEUE_RETENTION_SECONDS, MIN_QUEUE_RETENTION_SECONDS } from "./defaults";
import type { QueueReference } from "./refs";
import { denyInsecureTransport } from "../shared/tls-policy";

/** Props for {@link EncryptedQueue}. */
export interface EncryptedQueueProps {
  /** Naming context; the queue is named `label.id("sqsQueue")`. */
  readonly label: Label;
  /**
   * How long a message is kept, seconds (60 to 1,209,600).
   * @default 1209600 (14 days, the SQS maximum: time to find and replay what failed)
   */
  readonly messageRetentionSeconds?: number;
  /**
   * @default - no extra tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An SQS queue for records that could not be processed: encrypted at rest with SSE-SQS (no key
 * policy for senders to get wrong), kept the longest SQS allows, and a queue policy refusing any
 * request not made over TLS.
 */
export class EncryptedQueue extends Construct implements QueueReference {
  /** `label.id("sqsQueue")` */
  readonly queueName: string;
  readonly queueArn: string;
  readonly queueUrl: string;

  constructor(scope: Construct, id: string, props: EncryptedQueueProps) {
    super(scope, id);
    const retention = props.messageRetentionSeconds ?? DEFAULT_QUEUE_RETENTION_SECONDS;
    assertIntegerInRange("messageRetentionSeconds", retention, MIN_QUEUE_RETENTION_SECONDS, DEFAULT_QUEUE_RETENTION_SECONDS);
    this.queueName = props.label.id("sqsQueue");
    const queue = new SqsQueue(this, "Resource", {
      name: this.queueName,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: retention,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.queueArn = queue.arn;
    this.queueUrl = queue.url;
    new SqsQueuePolicy(this, "Policy", {
      queueUrl: queue.url,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          // A Deny on every action is the point here: no request without TLS, whatever it is.
          denyInsecureTransport("sqs:*", queue.arn),
        ],
      }),
    });
  }
}
