import { type MathExpressionSpec, type MetricOptions, type MetricSpec, type MetricStatistic, metricSpec } from "../shared/metric";

const NAMESPACE = "AWS/Kinesis";
const PERIOD_SECONDS = 60;

/**
 * CloudWatch metrics of one Kinesis data stream, built from its name alone so that a stack that
 * does not own the stream (the alarms stack) can watch it. Every helper defaults to a 60-second period:
 * Kinesis publishes its stream-level metrics every minute.
 */
export class StreamMetrics {
  constructor(readonly streamName: string) {}

  /**
   * Any metric of the stream, with the `StreamName` dimension set.
   * @param metricName the official CloudWatch name, e.g. `GetRecords.Latency`
   * @param options statistic (default `Average`) and period (default 60 s)
   */
  metric(metricName: string, options: MetricOptions = {}, statistic: MetricStatistic = "Average"): MetricSpec {
    return metricSpec(
      { namespace: NAMESPACE, metricName, dimensions: { StreamName: this.streamName }, statistic, periodSeconds: PERIOD_SECONDS },
      options,
    );
  }

  /** Age of the oldest record read by GetRecords: how far consumers lag. Maximum over 60 s. */
  metricGetRecordsIteratorAgeMilliseconds(options?: MetricOptions): MetricSpec {
    return this.metric("GetRecords.IteratorAgeMilliseconds", options, "Maximum");
  }

  /** Fraction of successful GetRecords calls (0 to 1). Average over 60 s. */
  metricGetRecordsSuccess(options?: MetricOptions): MetricSpec {
    return this.metric("GetRecords.Success", options, "Average");
  }

  /** Time taken per GetRecords call, in milliseconds. Average over 60 s. */
  metricGetRecordsLatency(options?: MetricOptions): MetricSpec {
    return this.metric("GetRecords.Latency", options, "Average");
  }

  /** Records returned by GetRecords. Sum over 60 s. */
  metricGetRecordsRecords(options?: MetricOptions): MetricSpec {
    return this.metric("GetRecords.Records", options, "Sum");
  }

  /** Bytes returned by GetRecords. Sum over 60 s. */
  metricGetRecordsBytes(options?: MetricOptions): MetricSpec {
    return this.metric("GetRecords.Bytes", options, "Sum");
  }

  /** Records successfully written to the stream. Sum over 60 s. */
  metricIncomingRecords(options?: MetricOptions): MetricSpec {
    return this.metric("IncomingRecords", options, "Sum");
  }

  /** Bytes successfully written to the stream. Sum over 60 s. */
  metricIncomingBytes(options?: MetricOptions): MetricSpec {
    return this.metric("IncomingBytes", options, "Sum");
  }

  /** Records rejected because the stream's write capacity was exceeded. Sum over 60 s. */
  metricWriteProvisionedThroughputExceeded(options?: MetricOptions): MetricSpec {
    return this.metric("WriteProvisionedThroughputExceeded", options, "Sum");
  }

  /** GetRecords calls throttled because the shards' read capacity was exceeded. Sum over 60 s. */
  metricReadProvisionedThroughputExceeded(options?: MetricOptions): MetricSpec {
    return this.metric("ReadProvisionedThroughputExceeded", options, "Sum");
  }

  /** Records a PutRecords call sent. Sum over 60 s. */
  metricPutRecordsTotalRecords(options?: MetricOptions): MetricSpec {
    return this.metric("PutRecords.TotalRecords", options, "Sum");
  }

  /** Records of PutRecords calls that were written. Sum over 60 s. */
  metricPutRecordsSuccessfulRecords(options?: MetricOptions): MetricSpec {
    return this.metric("PutRecords.SuccessfulRecords", options, "Sum");
  }

  /** Records of PutRecords calls rejected for throughput. Sum over 60 s. */
  metricPutRecordsThrottledRecords(options?: MetricOptions): MetricSpec {
    return this.metric("PutRecords.ThrottledRecords", options, "Sum");
  }

  /** Records of PutRecords calls that failed for internal errors. Sum over 60 s. */
  metricPutRecordsFailedRecords(options?: MetricOptions): MetricSpec {
    return this.metric("PutRecords.FailedRecords", options, "Sum");
  }

  /** PutRecords calls where at least one record succeeded. Sum over 60 s. */
  metricPutRecordsSuccess(options?: MetricOptions): MetricSpec {
    return this.metric("PutRecords.Success", options, "Sum");
  }

  /** Time taken per PutRecords call, in milliseconds. Average over 60 s. */
  metricPutRecordsLatency(options?: MetricOptions): MetricSpec {
    return this.metric("PutRecords.Latency", options, "Average");
  }

  /** Successful PutRecord calls. Sum over 60 s. */
  metricPutRecordSuccess(options?: MetricOptions): MetricSpec {
    return this.metric("PutRecord.Success", options, "Sum");
  }

  /** Time taken per PutRecord call, in milliseconds. Average over 60 s. */
  metricPutRecordLatency(options?: MetricOptions): MetricSpec {
    return this.metric("PutRecord.Latency", options, "Average");
  }

  /**
   * Percentage of PutRecords records throttled: `100 * ThrottledRecords / TotalRecords`, both Sum.
   * Period 60 s unless `periodSeconds` is given.
   */
  metricPutRecordsThrottledPercent(options: Pick<MetricOptions, "periodSeconds"> = {}): MathExpressionSpec {
    const periodSeconds = options.periodSeconds ?? PERIOD_SECONDS;
    return {
      expression: "100 * throttled / total",
      metrics: {
        throttled: this.metricPutRecordsThrottledRecords({ periodSeconds }),
        total: this.metricPutRecordsTotalRecords({ periodSeconds }),
      },
      label: `${this.streamName} PutRecords throttled %`,
      periodSeconds,
    };
  }
}

/**
 * CloudWatch metrics of one enhanced fan-out consumer (dimensions `StreamName` and `ConsumerName`),
 * built from names alone. Every helper defaults to a 60-second period.
 */
export class ConsumerMetrics {
  constructor(
    readonly streamName: string,
    readonly consumerName: string,
  ) {}

  /**
   * Any metric of the consumer.
   * @param options statistic (default `Average`) and period (default 60 s)
   */
  metric(metricName: string, options: MetricOptions = {}, statistic: MetricStatistic = "Average"): MetricSpec {
    return metricSpec(
      {
        namespace: NAMESPACE,
        metricName,
        dimensions: { StreamName: this.streamName, ConsumerName: this.consumerName },
        statistic,
        periodSeconds: PERIOD_SECONDS,
      },
      options,
    );
  }

  /** How far the consumer's subscription lags the tip of the stream, in milliseconds. Maximum over 60 s. */
  metricSubscribeToShardEventMillisBehindLatest(options?: MetricOptions): MetricSpec {
    return this.metric("SubscribeToShardEvent.MillisBehindLatest", options, "Maximum");
  }

  /** Records delivered to the consumer. Sum over 60 s. */
  metricSubscribeToShardEventRecords(options?: MetricOptions): MetricSpec {
    return this.metric("SubscribeToShardEvent.Records", options, "Sum");
  }

  /** Bytes delivered to the consumer. Sum over 60 s. */
  metricSubscribeToShardEventBytes(options?: MetricOptions): MetricSpec {
    return this.metric("SubscribeToShardEvent.Bytes", options, "Sum");
  }

  /** Fraction of events pushed successfully (0 to 1). Average over 60 s. */
  metricSubscribeToShardEventSuccess(options?: MetricOptions): MetricSpec {
    return this.metric("SubscribeToShardEvent.Success", options, "Average");
  }

  /** SubscribeToShard calls refused for exceeding the per-shard subscription rate. Sum over 60 s. */
  metricSubscribeToShardRateExceeded(options?: MetricOptions): MetricSpec {
    return this.metric("SubscribeToShard.RateExceeded", options, "Sum");
  }

  /** Fraction of successful SubscribeToShard calls (0 to 1). Average over 60 s. */
  metricSubscribeToShardSuccess(options?: MetricOptions): MetricSpec {
    return this.metric("SubscribeToShard.Success", options, "Average");
  }
}
