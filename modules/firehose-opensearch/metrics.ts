import { type MetricOptions, type MetricSpec, type MetricStatistic, metricSpec } from "../shared/metric";

/**
 * CloudWatch metrics of a delivery stream into OpenSearch (namespace `AWS/Firehose`, dimension
 * `DeliveryStreamName`), built from the stream name alone so alarms can live in another stack.
 * The `DeliveryToAmazonOpenSearchService.*` helpers apply to domains, the
 * `DeliveryToAmazonOpenSearchServerless.*` ones to serverless collections.
 */
export class OpenSearchDeliveryMetrics {
  constructor(readonly deliveryStreamName: string) {}

  /** Any Firehose metric of this stream by its official name; default statistic Sum over 300 seconds. */
  metric(metricName: string, options?: MetricOptions, statistic: MetricStatistic = "Sum", periodSeconds = 300): MetricSpec {
    return metricSpec(
      { namespace: "AWS/Firehose", metricName, dimensions: { DeliveryStreamName: this.deliveryStreamName }, statistic, periodSeconds },
      options,
    );
  }

  /** Age (seconds) of the oldest record not yet indexed in the domain. Maximum over 300 seconds. */
  metricDeliveryToAmazonOpenSearchServiceDataFreshness(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToAmazonOpenSearchService.DataFreshness", options, "Maximum");
  }

  /** Ratio of successful bulk requests to the domain (0-1). Average over 300 seconds. */
  metricDeliveryToAmazonOpenSearchServiceSuccess(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToAmazonOpenSearchService.Success", options, "Average");
  }

  /** Records indexed in the domain. Sum over 300 seconds. */
  metricDeliveryToAmazonOpenSearchServiceRecords(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToAmazonOpenSearchService.Records", options);
  }

  /** Bytes indexed in the domain. Sum over 300 seconds. */
  metricDeliveryToAmazonOpenSearchServiceBytes(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToAmazonOpenSearchService.Bytes", options);
  }

  /** Age (seconds) of the oldest record not yet indexed in the collection. Maximum over 300 seconds. */
  metricDeliveryToAmazonOpenSearchServerlessDataFreshness(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToAmazonOpenSearchServerless.DataFreshness", options, "Maximum");
  }

  /** Ratio of successful bulk requests to the collection (0-1). Average over 300 seconds. */
  metricDeliveryToAmazonOpenSearchServerlessSuccess(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToAmazonOpenSearchServerless.Success", options, "Average");
  }

  /** Records indexed in the collection. Sum over 300 seconds. */
  metricDeliveryToAmazonOpenSearchServerlessRecords(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToAmazonOpenSearchServerless.Records", options);
  }

  /** Ratio of successful puts to the backup bucket (0-1). Average over 300 seconds. */
  metricDeliveryToS3Success(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToS3.Success", options, "Average");
  }

  /** Age (seconds) of the oldest record not yet in the backup bucket. Maximum over 300 seconds. */
  metricDeliveryToS3DataFreshness(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToS3.DataFreshness", options, "Maximum");
  }

  /** Records put directly (direct PUT). Sum over 300 seconds. */
  metricIncomingRecords(options?: MetricOptions): MetricSpec {
    return this.metric("IncomingRecords", options);
  }

  /** Records read from the source Kinesis stream. Sum over 300 seconds. */
  metricDataReadFromKinesisStreamRecords(options?: MetricOptions): MetricSpec {
    return this.metric("DataReadFromKinesisStream.Records", options);
  }

  /** How far (ms) Firehose's read lags behind the source Kinesis stream. Maximum over 300 seconds. */
  metricKinesisMillisBehindLatest(options?: MetricOptions): MetricSpec {
    return this.metric("KinesisMillisBehindLatest", options, "Maximum");
  }

  /** Records throttled by the delivery stream's quotas (direct PUT). Sum over 300 seconds. */
  metricThrottledRecords(options?: MetricOptions): MetricSpec {
    return this.metric("ThrottledRecords", options);
  }
}
