import { Construct } from "constructs";
import { type AwsLocation, arnOf } from "../shared/arn";
import type { Label } from "../shared/label";
import type { Grantee } from "../shared/policy";
import type { DeliveryStreamMetrics } from "./metrics";

/** The actions a producer needs to put records into a direct-PUT delivery stream. */
export const PUT_RECORDS_ACTIONS = ["firehose:PutRecord", "firehose:PutRecordBatch"] as const;

/** The producer-facing side of a delivery stream: its names, grants and metrics. */
export interface IDeliveryStream {
  readonly deliveryStreamName: string;
  readonly deliveryStreamArn: string;
  /** The customer-managed key the delivery stream is encrypted with, if any. */
  readonly encryptionKeyArn?: string;
  readonly metrics: DeliveryStreamMetrics;
  /**
   * Grants `firehose:PutRecord` and `firehose:PutRecordBatch` (with KMS use through Firehose for a CMK).
   * Fails for a stream that reads Kinesis: Firehose refuses direct PUTs to it.
   */
  grantPutRecords(grantee: Grantee): void;
}

/**
 * What every delivery stream of the platform shares (firehose-s3, firehose-opensearch): names and ARN
 * from a label, the producer grant and the metrics by name.
 */
export abstract class DeliveryStreamBase extends Construct implements IDeliveryStream {
  /** The delivery stream name a label gives: `label.id("firehoseDeliveryStream")`. */
  static deliveryStreamNameOf(label: Label): string {
    return label.id("firehoseDeliveryStream");
  }

  /** The delivery stream ARN a label gives, for a stack that refers to it by name. */
  static deliveryStreamArnOf(label: Label, location: AwsLocation): string {
    return arnOf(location, "firehose", `deliverystream/${DeliveryStreamBase.deliveryStreamNameOf(label)}`);
  }

  abstract readonly deliveryStreamName: string;
  abstract readonly deliveryStreamArn: string;
  abstract readonly encryptionKeyArn?: string;
  /** The delivery stream's CloudWatch metrics, by name. */
  abstract readonly metrics: DeliveryStreamMetrics;
  /** The region the delivery stream lives in, for the `kms:ViaService` condition. */
  protected abstract readonly region: string;
  /** Whether producers put records directly (no Kinesis source). */
  protected abstract readonly directPut: boolean;

  grantPutRecords(grantee: Grantee): void {
    if (!this.directPut) {
      throw new Error("grantPutRecords needs a direct PUT stream: this one reads a Kinesis stream, so producers write to that stream, got sourceStream");
    }
    grantee.addToPolicy({ sid: "FirehosePutRecords", actions: [...PUT_RECORDS_ACTIONS], resources: [this.deliveryStreamArn] });
    if (this.encryptionKeyArn) {
      grantee.addToPolicy({
        sid: "FirehosePutRecordsKey",
        actions: ["kms:GenerateDataKey"],
        resources: [this.encryptionKeyArn],
        conditions: { StringEquals: { "kms:ViaService": `firehose.${this.region}.amazonaws.com` } },
      });
    }
  }
}
