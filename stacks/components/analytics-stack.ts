import type { Construct } from "constructs";
import { KinesisAnalytics } from "../../modules/kinesis-analytics";
import { s3BucketArn } from "../../modules/shared/arn";
import { ComponentStack, type ComponentStackProps } from "../component-stack";
import { importPipelineStream } from "../references";

/** Managed Service for Apache Flink: a windowed aggregation from the stream to the output stream. */
export class AnalyticsStack extends ComponentStack {
  readonly application: KinesisAnalytics;

  constructor(scope: Construct, props: ComponentStackProps) {
    super(scope, props);
    const config = props.pipelineConfig.analytics!;
    this.application = new KinesisAnalytics(this, "Analytics", {
      label: this.label,
      location: this.location,
      inputStream: importPipelineStream(this, "InputStream", this.env, this.pipelineConfig, "stream"),
      outputStream: importPipelineStream(this, "OutputStream", this.env, this.pipelineConfig, "outputStream"),
      codeBucketArn: s3BucketArn(this.location, this.env.artifactBucket!),
      codeFileKey: config.codeKey,
      runtime: config.runtime,
      parallelism: config.parallelism,
      parallelismPerKpu: config.parallelismPerKpu,
      propertyGroups: { Aggregation: { "window.size.seconds": String(config.windowSeconds) } },
    });
    this.output("kinesis_analytics_application_name", this.application.applicationName, "Name of the Flink application");
  }
}
