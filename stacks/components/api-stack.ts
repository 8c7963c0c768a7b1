import type { Construct } from "constructs";
import { PipelineAlarms, errorRateAlarms, functionAlarms } from "../../modules/alarms";
import { HttpIngestApi } from "../../modules/http-ingest-api";
import { bundleFunction } from "../../functions/bundle";
import { ComponentStack, type ComponentStackProps } from "../component-stack";
import { importPipelineStream } from "../references";
import { pipelineNames } from "../naming";
import { METRICS_NAMESPACE } from "../../functions/shared/contract";

/**
 * The HTTP ingest API (API Gateway HTTP API + the `ingest` function) writing validated events to
 * the stream, with its own alarms: an HTTP API's metrics need the id AWS generates for it, which
 * the pipeline's alarms stack cannot derive from a name.
 */
export class ApiStack extends ComponentStack {
  readonly api: HttpIngestApi;
  readonly alarms?: PipelineAlarms;

  constructor(scope: Construct, props: ComponentStackProps) {
    super(scope, props);
    const config = props.pipelineConfig.api!;
    const names = pipelineNames(this.env, this.pipelineConfig.name);
    // The malformed-data topic is the pipeline's stream-processor's: one place for every refused event.
    const validator = (this.pipelineConfig.processors ?? []).find((p) => p.enabled && p.handler === "stream-processor" && p.alertTopic);
    this.api = new HttpIngestApi(this, "Api", {
      label: this.label,
      code: bundleFunction("ingest"),
      stream: importPipelineStream(this, "Stream", this.env, this.pipelineConfig, "stream"),
      authorization: config.authorization,
      throttlingBurstLimit: config.throttlingBurstLimit,
      throttlingRateLimit: config.throttlingRateLimit,
      reservedConcurrentExecutions: config.reservedConcurrency,
      stageName: config.stageName,
      malformedTopic: validator ? { topicArn: names.processor(validator.name).alertTopicArn } : undefined,
      // Its EMF counts (EventsRefused, EventsMalformed) carry the function name, as the alarms stack derives it.
      environment: { POWERTOOLS_SERVICE_NAME: names.api().functionName, POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE },
      eventsPath: config.eventsPath,
      batchPath: config.batchPath,
    });
    this.output("http_ingest_api_endpoint", this.api.apiEndpoint, "HTTPS endpoint of the ingest API");
    this.output("http_ingest_api_events_url", this.api.eventsUrl, `URL producers POST events to (stage ${config.stageName}, ${config.eventsPath}; batches also on ${config.batchPath})`);
    this.output("http_ingest_api_id", this.api.apiId, "Id of the HTTP API (for its CloudWatch metrics)");

    const thresholds = props.pipelineConfig.alarms;
    if (thresholds?.enabled) {
      const fn = this.api.functionMetrics;
      this.alarms = new PipelineAlarms(this, "Alarms", {
        label: this.label,
        location: this.location,
        emailSubscriptions: this.env.notifications.emails,
        alarms: [
          // A 5xx means events a producer sent were not stored: the function never reports success otherwise.
          ...errorRateAlarms(
            { errors: this.api.apiMetrics.metric5xx(), total: this.api.apiMetrics.metricCount() },
            { name: "api-5xx-rate", what: "requests (answered 5xx)", thresholds: { critical: thresholds.errorRatePercent } },
          ),
          ...functionAlarms(
            { errors: fn.metricErrors(), invocations: fn.metricInvocations(), throttles: fn.metricThrottles() },
            { prefix: "ingest", thresholds: { errorRatePercent: { critical: thresholds.errorRatePercent }, iteratorAgeSeconds: {} } },
          ),
        ],
      });
      this.output("alarms_topic_arn", this.alarms.topicArn, "SNS topic the API's alarms notify");
    }
  }
}
