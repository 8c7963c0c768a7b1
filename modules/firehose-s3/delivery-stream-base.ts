import { Construct } from "constructs";
import type { MathExpressionSpec, MetricOptions, MetricSpec } from "../shared/metric";
import type { Grantee } from "../shared/policy";
import { DeliveryStreamMetrics } from "./metrics";

/** The producer-facing side of a delivery stream: its names, grants and metrics. */
export interface IDeliveryStream {
  readonly deliveryStreamName: string;
  readonly deliveryStreamArn: string;
  /** The customer-managed key the delivery stream is encrypted with, if any. */
  readonly encryptionKeyArn?: string;
  readonly metrics: DeliveryStreamMetrics;
  /** Grants `firehose:PutRecord` and `firehose:PutRecordBatch` (with KMS use through Firehose for a CMK). */
  grantPutRecords(grantee: Grantee): void;
}

/** Grants and metric helpers of a delivery stream, delegating to {@link DeliveryStreamMetrics}. */
export abstract class DeliveryStreamBase extends Construct implements IDeliveryStream {
  abstract readonly deliveryStreamName: string;
  abstract readonly deliveryStreamArn: string;
  abstract readonly encryptionKeyArn?: string;
  /** The region the delivery stream lives in, for the `kms:ViaService` condition. */
  protected abstract readonly region: string;
  private metricsCache?: DeliveryStreamMetrics;

  /** The delivery stream's CloudWatch metrics, by name. */
  get metrics(): DeliveryStreamMetrics {
    this.metricsCache ??= new DeliveryStreamMetrics(this.deliveryStreamName);
    return this.metricsCache;
  }

  grantPutRecords(grantee: Grantee): void {
    grantee.addToPolicy({ actions: ["firehose:PutRecord", "firehose:PutRecordBatch"], resources: [this.deliveryStreamArn] });
    if (this.encryptionKeyArn) {
      grantee.addToPolicy({
        actions: ["kms:GenerateDataKey"],
        resources: [this.encryptionKeyArn],
        conditions: { StringEquals: { "kms:ViaService": `firehose.${this.region}.amazonaws.com` } },
      });
    }
  }

  /** Any metric of the delivery stream. See {@link DeliveryStreamMetrics.metric}. */
  metric(metricName: string, options?: MetricOptions): MetricSpec {
    return this.metrics.metric(metricName, options);
  }

  /** See {@link DeliveryStreamMetrics.metricDeliveryToS3DataFreshness}. Maximum over 300 s. */
  metricDeliveryToS3DataFreshness(options?: MetricOptions): MetricSpec {
    return this.metrics.metricDeliveryToS3DataFreshness(options);
  }

  /** See {@link DeliveryStreamMetrics.metricDeliveryToS3Success}. Average over 300 s. */
  metricDeliveryToS3Success(options?: MetricOptions): MetricSpec {
    return this.metrics.metricDeliveryToS3Success(options);
  }

  /** See {@link DeliveryStreamMetrics.metricDeliveryToS3Records}. Sum over 300 s. */
  metricDeliveryToS3Records(options?: MetricOptions): MetricSpec {
    return this.metrics.metricDeliveryToS3Records(options);
  }

  /** See {@link DeliveryStreamMetrics.metricDeliveryToS3Bytes}. Sum over 300 s. */
  metricDeliveryToS3Bytes(options?: MetricOptions): MetricSpec {
    return this.metrics.metricDeliveryToS3Bytes(options);
  }

  /** See {@link DeliveryStreamMetrics.metricIncomingRecords}. Sum over 300 s. */
  metricIncomingRecords(options?: MetricOptions): MetricSpec {
    return this.metrics.metricIncomingRecords(options);
  }

  /** See {@link DeliveryStreamMetrics.metricIncomingBytes}. Sum over 300 s. */
  metricIncomingBytes(options?: MetricOptions): MetricSpec {
    return this.metrics.metricIncomingBytes(options);
  }

  /** See {@link DeliveryStreamMetrics.metricThrottledRecords}. Sum over 300 s. */
  metricThrottledRecords(options?: MetricOptions): MetricSpec {
    return this.metrics.metricThrottledRecords(options);
  }

  /** See {@link DeliveryStreamMetrics.metricDataReadFromKinesisStreamRecords}. Sum over 300 s. */
  metricDataReadFromKinesisStreamRecords(options?: MetricOptions): MetricSpec {
    return this.metrics.metricDataReadFromKinesisStreamRecords(options);
  }

  /** See {@link DeliveryStreamMetrics.metricKinesisMillisBehindLatest}. Maximum over 300 s. */
  metricKinesisMillisBehindLatest(options?: MetricOptions): MetricSpec {
    return this.metrics.metricKinesisMillisBehindLatest(options);
  }

  /** See {@link DeliveryStreamMetrics.metricExecuteProcessingSuccess}. Average over 300 s. */
  metricExecuteProcessingSuccess(options?: MetricOptions): MetricSpec {
    return this.metrics.metricExecuteProcessingSuccess(options);
  }

  /** See {@link DeliveryStreamMetrics.metricPartitionCountExceeded}. Maximum over 300 s. */
  metricPartitionCountExceeded(options?: MetricOptions): MetricSpec {
    return this.metrics.metricPartitionCountExceeded(options);
  }

  /** See {@link DeliveryStreamMetrics.metricIncomingBytesPercentOfLimit}. */
  metricIncomingBytesPercentOfLimit(options?: { readonly periodSeconds?: number }): MathExpressionSpec {
    return this.metrics.metricIncomingBytesPercentOfLimit(options);
  }
}
