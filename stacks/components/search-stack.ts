import type { Construct } from "constructs";
import { FirehoseOpenSearch, OpenSearchDestination } from "../../modules/firehose-opensearch";
import { ComponentStack, type ComponentStackProps } from "../component-stack";
import { importPipelineStream } from "../references";

/** Firehose from one of the pipeline's streams into an OpenSearch domain this stack creates (firehose-opensearch). */
export class SearchStack extends ComponentStack {
  readonly delivery: FirehoseOpenSearch;

  constructor(scope: Construct, props: ComponentStackProps) {
    super(scope, props);
    const config = props.pipelineConfig.search!;
    const domain = config.domain ?? {};
    this.delivery = new FirehoseOpenSearch(this, "Search", {
      label: this.label,
      location: this.location,
      sourceStream: importPipelineStream(this, "SourceStream", this.env, this.pipelineConfig, config.source),
      destination: OpenSearchDestination.newDomain({
        engineVersion: domain.engineVersion,
        instanceType: domain.instanceType,
        instanceCount: domain.instanceCount,
        availabilityZoneCount: domain.availabilityZoneCount,
        ebsVolumeSizeGiB: domain.volumeSizeGiB,
        dedicatedMasterType: domain.dedicatedMasterType,
        dedicatedMasterCount: domain.dedicatedMasterCount,
        masterUserArn: domain.masterUserArn,
      }),
      indexName: config.indexName,
      indexRotation: config.indexRotation,
      retryDurationSeconds: config.retryDurationSeconds,
      bufferingIntervalSeconds: config.bufferingIntervalSeconds,
      bufferingSizeMiB: config.bufferingSizeMiB,
      s3BackupMode: config.backupMode,
      logRetentionDays: config.logRetentionDays,
    });
    this.output("firehose_opensearch_delivery_stream_name", this.delivery.deliveryStreamName, "Name of the Firehose delivery stream into OpenSearch");
    this.output("firehose_opensearch_domain_endpoint", this.delivery.domainEndpoint!, "HTTPS endpoint of the OpenSearch domain");
    this.output("firehose_opensearch_backup_bucket_name", this.delivery.backupBucketName, "Bucket holding documents OpenSearch refused");
    this.output("firehose_opensearch_role_arn", this.delivery.roleArn, "Firehose delivery role: map it to the writer role after deploy (npm run stream -- search-access)");
    if (this.delivery.domainAdminRoleArn) {
      this.output("firehose_opensearch_domain_admin_role_arn", this.delivery.domainAdminRoleArn, "Administrator role, the domain's fine-grained access control master user");
    }
  }
}
