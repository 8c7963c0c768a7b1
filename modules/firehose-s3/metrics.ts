import { type MathExpressionSpec, type MetricOptions, type MetricSpec, type MetricStatistic, metricSpec } from "../shared/metric";

const NAMESPACE = "AWS/Firehose";
const PERIOD_SECONDS = 300;

/**
 * CloudWatch metrics of one Firehose delivery stream, whatever its destination, built from its name
 * alone so that a stack that does not own the stream (the alarms stack) can watch it. Every helper
 * defaults to a 300-second period: Firehose delivers in buffers of up to 900 s, so shorter periods
 * mostly show empty datapoints. The `DeliveryToS3.*` helpers are the S3 destination's, or the backup
 * bucket's for other destinations.
 */
export class DeliveryStreamMetrics {
  constructor(readonly deliveryStreamName: string) {}

  /**
   * Any metric of the delivery stream, with the `DeliveryStreamName` dimension set.
   * @param metricName the official CloudWatch name, e.g. `DeliveryToS3.Bytes`
   * @param options statistic and period (default 300 s)
   * @param statistic the default statistic: `Average`, CloudWatch's own default, because Firehose
   *   publishes counts, ratios and ages alike and only `Average` means something for all three; each
   *   named helper below sets the statistic that suits its metric
   */
  metric(metricName: string, options: MetricOptions = {}, statistic: MetricStatistic = "Average"): MetricSpec {
    return metricSpec(
      { namespace: NAMESPACE, metricName, dimensions: { DeliveryStreamName: this.deliveryStreamName }, statistic, periodSeconds: PERIOD_SECONDS },
      options,
    );
  }

  /** Age in seconds of the oldest record not yet delivered to S3. Maximum over 300 s. */
  metricDeliveryToS3DataFreshness(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToS3.DataFreshness", options, "Maximum");
  }

  /** Fraction of successful S3 puts (0 to 1): below 1 means delivery errors. Average over 300 s. */
  metricDeliveryToS3Success(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToS3.Success", options, "Average");
  }

  /** Records delivered to S3. Sum over 300 s. */
  metricDeliveryToS3Records(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToS3.Records", options, "Sum");
  }

  /** Bytes delivered to S3. Sum over 300 s. */
  metricDeliveryToS3Bytes(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToS3.Bytes", options, "Sum");
  }

  /** Objects written to S3. Sum over 300 s. */
  metricDeliveryToS3ObjectCount(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToS3.ObjectCount", options, "Sum");
  }

  /** Records received (direct PUT or read from the source stream). Sum over 300 s. */
  metricIncomingRecords(options?: MetricOptions): MetricSpec {
    return this.metric("IncomingRecords", options, "Sum");
  }

  /** Bytes received. Sum over 300 s. */
  metricIncomingBytes(options?: MetricOptions): MetricSpec {
    return this.metric("IncomingBytes", options, "Sum");
  }

  /** PutRecord and PutRecordBatch requests received (direct PUT). Sum over 300 s. */
  metricIncomingPutRequests(options?: MetricOptions): MetricSpec {
    return this.metric("IncomingPutRequests", options, "Sum");
  }

  /** Records throttled because a direct-PUT limit was exceeded. Sum over 300 s. */
  metricThrottledRecords(options?: MetricOptions): MetricSpec {
    return this.metric("ThrottledRecords", options, "Sum");
  }

  /** The direct-PUT bytes-per-second quota of the delivery stream. Maximum over 300 s. */
  metricBytesPerSecondLimit(options?: MetricOptions): MetricSpec {
    return this.metric("BytesPerSecondLimit", options, "Maximum");
  }

  /** The direct-PUT records-per-second quota of the delivery stream. Maximum over 300 s. */
  metricRecordsPerSecondLimit(options?: MetricOptions): MetricSpec {
    return this.metric("RecordsPerSecondLimit", options, "Maximum");
  }

  /** Records read from the source Kinesis stream. Sum over 300 s. */
  metricDataReadFromKinesisStreamRecords(options?: MetricOptions): MetricSpec {
    return this.metric("DataReadFromKinesisStream.Records", options, "Sum");
  }

  /** Bytes read from the source Kinesis stream. Sum over 300 s. */
  metricDataReadFromKinesisStreamBytes(options?: MetricOptions): MetricSpec {
    return this.metric("DataReadFromKinesisStream.Bytes", options, "Sum");
  }

  /** How far, in milliseconds, reading lags behind the tip of the source stream. Maximum over 300 s. */
  metricKinesisMillisBehindLatest(options?: MetricOptions): MetricSpec {
    return this.metric("KinesisMillisBehindLatest", options, "Maximum");
  }

  /** GetRecords calls on the source stream that were throttled. Sum over 300 s. */
  metricThrottledGetRecords(options?: MetricOptions): MetricSpec {
    return this.metric("ThrottledGetRecords", options, "Sum");
  }

  /** Fraction of successful processor Lambda invocations (0 to 1). Average over 300 s. */
  metricExecuteProcessingSuccess(options?: MetricOptions): MetricSpec {
    return this.metric("ExecuteProcessing.Success", options, "Average");
  }

  /** Milliseconds per processor Lambda invocation. Average over 300 s. */
  metricExecuteProcessingDuration(options?: MetricOptions): MetricSpec {
    return this.metric("ExecuteProcessing.Duration", options, "Average");
  }

  /** Records the processor Lambda transformed successfully. Sum over 300 s. */
  metricSucceedProcessingRecords(options?: MetricOptions): MetricSpec {
    return this.metric("SucceedProcessing.Records", options, "Sum");
  }

  /** Active dynamic partitions (AWS's default quota is 500 per stream). Maximum over 300 s. */
  metricPartitionCount(options?: MetricOptions): MetricSpec {
    return this.metric("PartitionCount", options, "Maximum");
  }

  /** 1 when the active-partition quota was exceeded (records go to the error prefix). Maximum over 300 s. */
  metricPartitionCountExceeded(options?: MetricOptions): MetricSpec {
    return this.metric("PartitionCountExceeded", options, "Maximum");
  }

  /** Milliseconds spent running the JQ partition-key query. Maximum over 300 s. */
  metricJQProcessingDuration(options?: MetricOptions): MetricSpec {
    return this.metric("JQProcessing.Duration", options, "Maximum");
  }

  /**
   * Incoming bytes as a percentage of the direct-PUT bytes-per-second quota, to alarm before throttling.
   * Over 300 s by default.
   */
  metricIncomingBytesPercentOfLimit(options: { readonly periodSeconds?: number } = {}): MathExpressionSpec {
    const periodSeconds = options.periodSeconds ?? PERIOD_SECONDS;
    return {
      expression: `100 * (incomingBytes / ${periodSeconds}) / bytesPerSecondLimit`,
      metrics: {
        incomingBytes: this.metricIncomingBytes({ periodSeconds }),
        bytesPerSecondLimit: this.metricBytesPerSecondLimit({ periodSeconds }),
      },
      label: "Incoming bytes (% of limit)",
      periodSeconds,
    };
  }
}
