import {
  type AlarmDefinition, type DashboardWidget, consumerAlarms, deadLetterQueueAlarms, deliveryStreamAlarms, domainAlarms,
  errorRateAlarms, flinkAlarms, functionAlarms, streamAlarms, withStatistic,
} from "../../modules/alarms";
import { DeliveryStreamMetrics } from "../../modules/firehose-s3/metrics";
import { OpenSearchDeliveryMetrics } from "../../modules/firehose-opensearch/metrics";
import { ConsumerMetrics, StreamMetrics } from "../../modules/kinesis-ingest";
import { FlinkMetrics } from "../../modules/kinesis-analytics/metrics";
import { LambdaEnrichment } from "../../modules/lambda-enrichment/lambda-enrichment";
import { FunctionMetrics, QueueMetrics } from "../../modules/lambda-enrichment/metrics";
import { DomainMetrics } from "../../modules/opensearch-domain/metrics";
import { DEFAULT_EBS_VOLUME_SIZE_GIB } from "../../modules/opensearch-domain/defaults";
import type { MetricSpec } from "../../modules/shared/metric";
import type { EnvironmentConfig } from "../../envs/schema/environment";
import type { PipelineConfig } from "../../envs/schema/pipeline";
import { contractOf } from "../../envs/schema/handlers";
import { METRICS_NAMESPACE } from "../../functions/shared/contract";
import { STREAM_COMPONENTS, pipelineNames } from "../naming";

/** What the alarms stack of a pipeline watches and draws. */
export interface PipelineMonitoring {
  readonly alarms: readonly AlarmDefinition[];
  readonly widgets: readonly DashboardWidget[];
}

/**
 * A metric a function publishes itself (EMF, in its contract's namespace), summed per 5 minutes;
 * the `service` dimension is the function's name, which the processor stack sets in POWERTOOLS_SERVICE_NAME.
 */
export function functionMetric(functionName: string, metricName: string): MetricSpec {
  return { namespace: METRICS_NAMESPACE, metricName, dimensions: { service: functionName }, statistic: "Sum", periodSeconds: 300, label: metricName };
}

const enabled = <T extends { enabled: boolean }>(component: T | undefined): component is T => component?.enabled === true;

/**
 * The alarms and dashboard of a pipeline, from the names every other stack derives from its label:
 * metrics only need names, so this stack plans and deploys independently of the others.
 */
export function pipelineMonitoring(env: EnvironmentConfig, pipeline: PipelineConfig): PipelineMonitoring {
  const config = pipeline.alarms!;
  const names = pipelineNames(env, pipeline.name);
  const alarms: AlarmDefinition[] = [];
  const throughput: MetricSpec[] = [];
  const latency: MetricSpec[] = [];
  const processing: MetricSpec[] = [];
  const errors: MetricSpec[] = [];
  const lag: MetricSpec[] = [];
  const rate = (percent: number) => (percent > 0 ? { critical: percent } : { warning: 0 });

  for (const source of ["stream", "outputStream"] as const) {
    const stream = pipeline[source];
    if (!enabled(stream)) continue;
    const metrics = new StreamMetrics(names.stream(source).streamName);
    alarms.push(
      ...streamAlarms(
        {
          iteratorAge: metrics.metricGetRecordsIteratorAgeMilliseconds(),
          writeThrottles: metrics.metricWriteProvisionedThroughputExceeded(),
          incomingRecords: metrics.metricIncomingRecords(),
        },
        {
          prefix: STREAM_COMPONENTS[source],
          retentionHours: stream.retentionHours,
          thresholds: {
            iteratorAgeSeconds: { warning: config.iteratorAgeSeconds },
            writeThrottleRatioPercent: rate(config.writeThrottleRatePercent),
            noIncomingRecordsMinutes: source === "stream" && config.noIncomingRecordsMinutes ? { warning: config.noIncomingRecordsMinutes } : {},
          },
        },
      ),
    );
    throughput.push(metrics.metricIncomingRecords({ label: `${source} records in` }));
    lag.push(metrics.metricGetRecordsIteratorAgeMilliseconds({ label: `${source} iterator age (ms)` }));
    for (const consumer of stream.consumers ?? []) {
      const consumerMetrics = new ConsumerMetrics(metrics.streamName, consumer);
      alarms.push(...consumerAlarms({ millisBehindLatest: consumerMetrics.metricSubscribeToShardEventMillisBehindLatest() }, { prefix: `${consumer}-consumer`, thresholds: { lagSeconds: { warning: config.iteratorAgeSeconds } } }));
      lag.push(consumerMetrics.metricSubscribeToShardEventMillisBehindLatest({ label: `${consumer} lag (ms)` }));
    }
  }

  for (const processor of (pipeline.processors ?? []).filter((p) => p.enabled)) {
    const processorNames = names.processor(processor.name);
    const functionName = processorNames.functionName;
    const metrics = new FunctionMetrics(functionName);
    const contract = contractOf(processor.handler);
    alarms.push(
      ...functionAlarms(
        { errors: metrics.metricErrors(), invocations: metrics.metricInvocations(), throttles: metrics.metricThrottles(), iteratorAge: metrics.metricIteratorAge() },
        { prefix: processor.name, thresholds: { errorRatePercent: { critical: config.errorRatePercent }, iteratorAgeSeconds: { warning: config.iteratorAgeSeconds } } },
      ),
      // Any object in the on-failure bucket is an invocation Lambda gave up on: replay it from there.
      ...deadLetterQueueAlarms({ visibleMessages: LambdaEnrichment.onFailureObjectsMetricOf(names.label(processor.name)) }, { prefix: `${processor.name}-on-failure` }),
    );
    if (contract.access.deadLetterStore) {
      alarms.push(
        ...deadLetterQueueAlarms(
          { visibleMessages: new QueueMetrics(processorNames.deadLetterStoreQueueName).metricApproximateNumberOfMessagesVisible() },
          { prefix: `${processor.name}-dead-letter-store` },
        ),
      );
    }
    const malformedRate = contract.metrics?.malformedRate;
    if (malformedRate && config.malformedRatePercent !== undefined) {
      // Events the API refused never reach the stream: they count too, as malformed among everything
      // sent, on the stream-processor the API reports to (api-stack picks the same one).
      const ingest = enabled(pipeline.api) && processor.handler === "stream-processor" && processor.alertTopic ? names.api().functionName : undefined;
      alarms.push(
        ...errorRateAlarms(
          ingest
            ? {
                errors: [functionMetric(functionName, malformedRate.errors), functionMetric(ingest, "EventsMalformed")],
                total: [functionMetric(functionName, malformedRate.total), functionMetric(ingest, "EventsRefused")],
              }
            : { errors: functionMetric(functionName, malformedRate.errors), total: functionMetric(functionName, malformedRate.total) },
          { name: `${processor.name}-malformed-rate`, what: "malformed events", thresholds: { critical: config.malformedRatePercent } },
        ),
      );
    }
    throughput.push(withStatistic(metrics.metricInvocations({ label: `${processor.name} invocations` }), "Sum"));
    latency.push(withStatistic(metrics.metricDuration({ label: `${processor.name} p99 (ms)` }), "p99"));
    processing.push(withStatistic(metrics.metricDuration({ label: `${processor.name} average batch (ms)` }), "Average"));
    errors.push(metrics.metricErrors({ label: `${processor.name} errors` }));
    lag.push(metrics.metricIteratorAge({ label: `${processor.name} iterator age (ms)` }));
    if (processor.enhancedFanOut) {
      const consumer = new ConsumerMetrics(names.stream(processor.source).streamName, processor.name);
      alarms.push(...consumerAlarms({ millisBehindLatest: consumer.metricSubscribeToShardEventMillisBehindLatest() }, { prefix: `${processor.name}-consumer`, thresholds: { lagSeconds: { warning: config.iteratorAgeSeconds } } }));
      lag.push(consumer.metricSubscribeToShardEventMillisBehindLatest({ label: `${processor.name} consumer lag (ms)` }));
    }
  }

  if (enabled(pipeline.archive)) {
    const metrics = new DeliveryStreamMetrics(names.archive().deliveryStreamName);
    alarms.push(
      ...deliveryStreamAlarms(
        { dataFreshness: metrics.metricDeliveryToS3DataFreshness(), deliverySuccess: metrics.metricDeliveryToS3Success() },
        { prefix: "archive", thresholds: { dataFreshnessSeconds: { warning: config.deliveryFreshnessSeconds } } },
      ),
    );
    throughput.push(metrics.metricIncomingRecords({ label: "archive records in" }));
  }

  if (enabled(pipeline.search)) {
    const search = names.search();
    const delivery = new OpenSearchDeliveryMetrics(search.deliveryStreamName);
    const domain = new DomainMetrics(search.domainName, env.accountId);
    alarms.push(
      ...deliveryStreamAlarms(
        { dataFreshness: delivery.metricDeliveryToAmazonOpenSearchServiceDataFreshness(), deliverySuccess: delivery.metricDeliveryToAmazonOpenSearchServiceSuccess() },
        { prefix: "search", thresholds: { dataFreshnessSeconds: { warning: config.deliveryFreshnessSeconds } } },
      ),
      ...domainAlarms(
        { clusterStatusRed: domain.metricClusterStatusRed(), clusterStatusYellow: domain.metricClusterStatusYellow(), freeStorageSpace: domain.metricFreeStorageSpace(), clusterIndexWritesBlocked: domain.metricClusterIndexWritesBlocked() },
        { prefix: "search-domain", volumeSizeGiB: pipeline.search.domain?.volumeSizeGiB ?? DEFAULT_EBS_VOLUME_SIZE_GIB },
      ),
    );
  }

  if (enabled(pipeline.analytics)) {
    const metrics = new FlinkMetrics(names.analytics().applicationName);
    alarms.push(
      ...flinkAlarms(
        { millisBehindLatest: metrics.metricMillisBehindLatest(), downtime: metrics.metricDowntime(), numberOfFailedCheckpoints: metrics.metricNumberOfFailedCheckpoints(), lastCheckpointDuration: metrics.metricLastCheckpointDuration() },
        { prefix: "analytics", thresholds: { processingLagSeconds: { critical: config.processingLagSeconds } } },
      ),
    );
    lag.push(metrics.metricMillisBehindLatest({ label: "analytics lag (ms)" }));
  }

  const widgets: DashboardWidget[] = [
    { title: "Throughput (records)", metrics: throughput },
    { title: "Latency p99 (ms)", metrics: latency },
    { title: "Batch processing time (ms)", metrics: processing },
    { title: "Errors", metrics: errors },
    { title: "Consumer lag (ms)", metrics: lag },
  ].filter((widget) => widget.metrics.length > 0);
  return { alarms, widgets };
}
