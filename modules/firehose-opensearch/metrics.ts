import { DeliveryStreamMetrics } from "../firehose-s3/metrics";
import type { MetricOptions, MetricSpec } from "../shared/metric";

/**
 * CloudWatch metrics of a delivery stream into OpenSearch: every delivery stream's metrics
 * ({@link DeliveryStreamMetrics}: incoming records, Kinesis reads, backup to S3) plus the
 * OpenSearch destination's. The `DeliveryToAmazonOpenSearchService.*` helpers apply to domains,
 * the `DeliveryToAmazonOpenSearchServerless.*` ones to serverless collections.
 */
export class OpenSearchDeliveryMetrics extends DeliveryStreamMetrics {
  /** Age (seconds) of the oldest record not yet indexed in the domain. Maximum over 300 s. */
  metricDeliveryToAmazonOpenSearchServiceDataFreshness(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToAmazonOpenSearchService.DataFreshness", options, "Maximum");
  }

  /** Ratio of successful bulk requests to the domain (0-1). Average over 300 s. */
  metricDeliveryToAmazonOpenSearchServiceSuccess(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToAmazonOpenSearchService.Success", options, "Average");
  }

  /** Records indexed in the domain. Sum over 300 s. */
  metricDeliveryToAmazonOpenSearchServiceRecords(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToAmazonOpenSearchService.Records", options, "Sum");
  }

  /** Bytes indexed in the domain. Sum over 300 s. */
  metricDeliveryToAmazonOpenSearchServiceBytes(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToAmazonOpenSearchService.Bytes", options, "Sum");
  }

  /** Age (seconds) of the oldest record not yet indexed in the collection. Maximum over 300 s. */
  metricDeliveryToAmazonOpenSearchServerlessDataFreshness(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToAmazonOpenSearchServerless.DataFreshness", options, "Maximum");
  }

  /** Ratio of successful bulk requests to the collection (0-1). Average over 300 s. */
  metricDeliveryToAmazonOpenSearchServerlessSuccess(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToAmazonOpenSearchServerless.Success", options, "Average");
  }

  /** Records indexed in the collection. Sum over 300 s. */
  metricDeliveryToAmazonOpenSearchServerlessRecords(options?: MetricOptions): MetricSpec {
    return this.metric("DeliveryToAmazonOpenSearchServerless.Records", options, "Sum");
  }
}
