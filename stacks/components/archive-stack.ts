import type { Construct } from "constructs";
import { type FirehoseCompression, FirehoseS3 } from "../../modules/firehose-s3";
import { SecureBucket } from "../../modules/secure-bucket";
import { ComponentStack, type ComponentStackProps } from "../component-stack";
import { importPipelineStream } from "../references";

/** Firehose from one of the pipeline's streams into an encrypted, versioned, private archive bucket (firehose-s3). */
export class ArchiveStack extends ComponentStack {
  readonly bucket: SecureBucket;
  readonly delivery: FirehoseS3;

  constructor(scope: Construct, props: ComponentStackProps) {
    super(scope, props);
    const config = props.pipelineConfig.archive!;
    this.bucket = new SecureBucket(this, "Bucket", {
      label: this.label,
      retainOnDelete: config.retainOnDelete,
      transitionToInfrequentAccessDays: config.lifecycle?.infrequentAccessDays,
      transitionToGlacierDays: config.lifecycle?.glacierDays,
      expirationDays: config.lifecycle?.expirationDays,
    });
    this.delivery = new FirehoseS3(this, "Archive", {
      label: this.label,
      location: this.location,
      sourceStream: importPipelineStream(this, "SourceStream", this.env, this.pipelineConfig, config.source),
      bucket: this.bucket,
      bufferingIntervalSeconds: config.bufferingIntervalSeconds,
      bufferingSizeMiB: config.bufferingSizeMiB,
      compression: config.compression as FirehoseCompression | undefined,
      prefix: config.prefix,
      errorOutputPrefix: config.errorOutputPrefix,
    });
    this.output("firehose_s3_delivery_stream_name", this.delivery.deliveryStreamName, "Name of the Firehose delivery stream into the archive");
    this.output("firehose_s3_bucket_name", this.bucket.bucketName, "Archive bucket");
  }
}
