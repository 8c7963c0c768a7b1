import type { Construct } from "constructs";
import { KinesisIngest, StreamAccessPolicies } from "../../modules/kinesis-ingest";
import type { StreamComponentSchema } from "../../envs/schema/components";
import type { z } from "zod";
import { ComponentStack, type ComponentStackProps } from "../component-stack";
import { sharedThroughputReaders } from "../readers";

type StreamConfig = z.output<typeof StreamComponentSchema>;

/** Props of {@link StreamStack}. */
export interface StreamStackProps extends ComponentStackProps {
  /** Which of the pipeline's streams this stack deploys. */
  readonly source: "stream" | "outputStream";
}

const BYTES_PER_MIB = 1024 * 1024;

/** A pipeline's ingest stream or output stream (kinesis-ingest), sized and checked from the pipeline's traffic. */
export class StreamStack extends ComponentStack {
  readonly stream: KinesisIngest;
  /** Policies for producers and consumers outside the platform (seed 000's Kinesis Agent, seed 004's ingestion app). */
  readonly accessPolicies: StreamAccessPolicies;

  constructor(scope: Construct, props: StreamStackProps) {
    super(scope, props);
    const config = props.pipelineConfig[props.source] as StreamConfig;
    // Declared traffic is what producers write to the ingest stream; the output stream's is unknown.
    const traffic = props.source === "stream" ? props.pipelineConfig.traffic : undefined;
    this.stream = new KinesisIngest(this, "Stream", {
      label: this.label,
      location: this.location,
      streamMode: config.mode === "provisioned" ? "PROVISIONED" : "ON_DEMAND",
      shardCount: config.shardCount,
      retentionHours: config.retentionHours,
      encryption: config.encryption === "customer-managed" ? "CUSTOMER_MANAGED" : "AWS_MANAGED",
      shardLevelMetrics: config.shardLevelMetrics,
      consumers: config.consumers,
      expectedPeakWrite: traffic
        ? {
            recordsPerSecond: traffic.peakRecordsPerSecond,
            mebibytesPerSecond: (traffic.peakRecordsPerSecond * traffic.averageRecordBytes) / BYTES_PER_MIB,
            sharedThroughputConsumers: sharedThroughputReaders(props.pipelineConfig, props.source),
          }
        : undefined,
    });
    this.output("kinesis_ingest_stream_name", this.stream.streamName, "Name of the Kinesis data stream");
    this.output("kinesis_ingest_stream_arn", this.stream.streamArn, "ARN of the Kinesis data stream");
    this.accessPolicies = new StreamAccessPolicies(this, "AccessPolicies", { label: this.label, stream: this.stream });
    this.output("kinesis_ingest_producer_policy_arn", this.accessPolicies.producerPolicyArn, "IAM policy to attach to a producer's role: put records (and encrypt) on this stream only");
    this.output("kinesis_ingest_consumer_policy_arn", this.accessPolicies.consumerPolicyArn, "IAM policy to attach to a polling consumer's role: read (and decrypt) this stream only");
  }
}
