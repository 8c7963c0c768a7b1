import type { Construct } from "constructs";
import { HttpIngestApi } from "../../modules/http-ingest-api";
import { ComponentStack, type ComponentStackProps } from "../component-stack";
import { importPipelineStream } from "../references";

/** The HTTP ingest API (API Gateway HTTP API + the `ingest` function) writing validated events to the stream. */
export class ApiStack extends ComponentStack {
  readonly api: HttpIngestApi;

  constructor(scope: Construct, props: ComponentStackProps) {
    super(scope, props);
    const config = props.pipelineConfig.api!;
    this.api = new HttpIngestApi(this, "Api", {
      label: this.label,
      stream: importPipelineStream(this, "Stream", this.env, this.pipelineConfig, "stream"),
      authorization: config.authorization,
      throttlingBurstLimit: config.throttlingBurstLimit,
      throttlingRateLimit: config.throttlingRateLimit,
    });
    this.output("http_ingest_api_endpoint", this.api.apiEndpoint, "HTTPS endpoint of the ingest API (POST /events, POST /events/batch)");
    this.output("http_ingest_api_id", this.api.apiId, "Id of the HTTP API (for its CloudWatch metrics)");
  }
}
