import type { Construct } from "constructs";
import { Token } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { type AwsLocation, arnOf } from "../shared/arn";
import type { Label } from "../shared/label";
import type { Grantee } from "../shared/policy";
import { ServiceRole } from "../shared/service-role";
import { assertIntegerInRange, assertLogRetentionDays, assertOneOf } from "../shared/validate";
import { type ISecureBucket, SecureBucket } from "../secure-bucket/secure-bucket";
import type { SecureBucketLifecycleProps } from "../secure-bucket/lifecycle";
import * as defaults from "./defaults";
import { DeliveryStreamBase } from "./delivery-stream-base";
import { DeliveryStreamMetrics } from "./metrics";
import { type DataFormatConversionProps, assertDataFormatConversion, conversionConfiguration, glueSchemaStatement } from "./format-conversion";
import { assertPrefixes, staticPart } from "./prefixes";
import { type DynamicPartitioningProps, type ProcessorLambdaProps, assertProcessing, processors, unqualifiedFunctionArn } from "./processing";
import type { ReadableKinesisStream } from "../shared/streams";

/** A Kinesis data stream Firehose can read: the readers' one stream type (`IKinesisStream` from modules/kinesis-ingest fits). */
export type FirehoseSourceStream = ReadableKinesisStream;

/** Compression Firehose applies to S3 objects. */
export type FirehoseCompression = "GZIP" | "UNCOMPRESSED" | "ZIP" | "Snappy" | "HADOOP_SNAPPY";
const COMPRESSIONS: readonly FirehoseCompression[] = ["GZIP", "UNCOMPRESSED", "ZIP", "Snappy", "HADOOP_SNAPPY"];

/** Props for {@link FirehoseS3}. */
export interface FirehoseS3Props {
  /** Naming context; see the attributes for the names derived from it. */
  readonly label: Label;
  /** Account and region, for the ARNs of the log stream and the Glue table and the role's source-account condition. */
  readonly location: AwsLocation;
  /**
   * The Kinesis data stream to read.
   * @default - direct PUT: producers call PutRecord/PutRecordBatch on the delivery stream
   */
  readonly sourceStream?: FirehoseSourceStream;
  /**
   * The destination bucket.
   * @default - a SecureBucket named `label.id("s3Bucket")` is created (KMS, versioned, private, TLS-only, retained)
   */
  readonly bucket?: ISecureBucket;
  /**
   * Lifecycle of the bucket the module creates (Standard-IA, Glacier, expiry, old versions).
   * @default - SecureBucket's defaults: Standard-IA at 30 days, Glacier at 90, no expiry
   */
  readonly bucketLifecycle?: SecureBucketLifecycleProps;
  /**
   * Seconds Firehose buffers before writing an object (0 delivers as soon as possible).
   * @default 300
   */
  readonly bufferingIntervalSeconds?: number;
  /**
   * MiB Firehose buffers before writing an object, 1-128; AWS requires at least 64 with dynamic
   * partitioning or data format conversion.
   * @default 5, or 64 with dynamic partitioning or data format conversion
   */
  readonly bufferingSizeMiB?: number;
  /**
   * Object compression. Data format conversion requires `UNCOMPRESSED` (Parquet and ORC compress themselves).
   * @default "GZIP", or "UNCOMPRESSED" with data format conversion
   */
  readonly compression?: FirehoseCompression;
  /**
   * Key prefix of delivered objects; may use `!{timestamp:...}`, `!{firehose:random-string}`, and with
   * dynamic partitioning `!{partitionKeyFromQuery:<key>}` / `!{partitionKeyFromLambda:<key>}`. Must not start with `/`.
   * @default - `data/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/`;
   * with JQ partition keys, `data/<key>=!{partitionKeyFromQuery:<key>}/.../year=.../hour=.../`
   */
  readonly prefix?: string;
  /**
   * Key prefix of records Firehose could not deliver, transform or convert. Must include
   * `!{firehose:error-output-type}` when either prefix uses expressions.
   * @default - `errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/`
   */
  readonly errorOutputPrefix?: string;
  /**
   * Partition objects by keys taken from each record. AWS cannot turn dynamic partitioning off (or on)
   * for an existing delivery stream: changing this replaces the delivery stream.
   * @default - no dynamic partitioning
   */
  readonly dynamicPartitioning?: DynamicPartitioningProps;
  /**
   * A Lambda function that transforms records before delivery (and may return partition keys).
   * The role may invoke it and its versions.
   * @default - no transformation
   */
  readonly processorFunctionArn?: string;
  /** @default 1 (MiB, Firehose's default; 0.2-3) */
  readonly processorBufferSizeMiB?: number;
  /** @default 60 (seconds, Firehose's default; 60-900) */
  readonly processorBufferIntervalSeconds?: number;
  /** @default 3 (Firehose's default; 0-300) */
  readonly processorRetries?: number;
  /**
   * Convert JSON records to Parquet (or ORC) with a Glue table's schema.
   * @default - records are written as received
   */
  readonly dataFormatConversion?: DataFormatConversionProps;
  /**
   * Customer-managed KMS key for server-side encryption of a direct-PUT delivery stream. AWS refuses
   * delivery-stream encryption with a Kinesis source (the source stream's own encryption applies).
   * @default - an AWS-owned key for direct PUT; none with a Kinesis source
   */
  readonly encryptionKeyArn?: string;
  /**
   * Days delivery-error logs are kept in `/aws/kinesisfirehose/<delivery stream name>`.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * KMS key for the error log group (its key policy must allow `logs.<region>.amazonaws.com`).
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKeyArn?: string;
  /**
   * Tags on the delivery stream, log group and role, merged over the provider's default tags.
   * @default - only the provider's default tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A Firehose delivery stream from a Kinesis stream (or direct PUT) into S3: time-partitioned GZIP
 * objects, errors under their own prefix by type, delivery errors logged, and a least-privilege role.
 */
export class FirehoseS3 extends DeliveryStreamBase {
  /** `label.id("firehoseDeliveryStream")`. */
  readonly deliveryStreamName: string;
  readonly deliveryStreamArn: string;
  /** The destination bucket's name (`label.id("s3Bucket")` when the module creates it). */
  readonly bucketName: string;
  /** The destination bucket. */
  readonly bucket: ISecureBucket;
  /** The delivery stream's role, named `label.with("firehose").id("iamRole")`. */
  readonly roleArn: string;
  /** `/aws/kinesisfirehose/<deliveryStreamName>`. */
  readonly logGroupName: string;
  readonly encryptionKeyArn?: string;
  readonly metrics: DeliveryStreamMetrics;
  protected readonly region: string;
  protected readonly directPut: boolean;

  constructor(scope: Construct, id: string, props: FirehoseS3Props) {
    super(scope, id);
    const name = FirehoseS3.deliveryStreamNameOf(props.label);
    const partitioning = props.dynamicPartitioning;
    const conversion = props.dataFormatConversion;
    const lambda: ProcessorLambdaProps | undefined = props.processorFunctionArn === undefined ? undefined : {
      functionArn: props.processorFunctionArn,
      bufferSizeMiB: props.processorBufferSizeMiB,
      bufferIntervalSeconds: props.processorBufferIntervalSeconds,
      retries: props.processorRetries,
    };
    const queryKeys = Object.keys(partitioning?.keys ?? {});
    const prefix = props.prefix ?? (partitioning && queryKeys.length > 0
      ? `data/${queryKeys.map((key) => `${key}=!{partitionKeyFromQuery:${key}}/`).join("")}${defaults.TIME_PARTITIONS}`
      : defaults.DEFAULT_PREFIX);
    const errorOutputPrefix = props.errorOutputPrefix ?? defaults.DEFAULT_ERROR_OUTPUT_PREFIX;
    const bufferingSizeMiB = props.bufferingSizeMiB ??
      (partitioning || conversion ? defaults.MIN_BUFFERING_SIZE_MIB_PARTITIONED_OR_CONVERTED : defaults.DEFAULT_BUFFERING_SIZE_MIB);
    const compression = props.compression ?? (conversion ? "UNCOMPRESSED" : "GZIP");
    const logRetentionDays = props.logRetentionDays ?? defaults.DEFAULT_LOG_RETENTION_DAYS;
    this.validate(props, { bufferingSizeMiB, compression, logRetentionDays, lambda });
    assertPrefixes(prefix, errorOutputPrefix, { dynamicPartitioning: partitioning !== undefined, queryKeys, processorLambda: lambda !== undefined });

    const tags = props.tags ? { ...props.tags } : undefined;
    this.region = props.location.region;
    this.directPut = props.sourceStream === undefined;
    this.bucket = props.bucket ?? new SecureBucket(this, "Bucket", { label: props.label, ...props.bucketLifecycle });
    this.bucketName = this.bucket.bucketName;

    const role = new ServiceRole(this, "Role", {
      label: props.label.with("firehose"),
      servicePrincipal: "firehose.amazonaws.com",
      sourceAccount: props.location.accountId,
      description: `Firehose delivery stream ${name} into S3`,
      tags,
    });
    this.roleArn = role.roleArn;
    const objectKeyPatterns = [...new Set([staticPart(prefix), staticPart(errorOutputPrefix)])].map((part) => `${part}*`);
    this.bucket.grant(role, {
      bucketActions: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      objectActions: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
      objectKeyPatterns: objectKeyPatterns.includes("*") ? ["*"] : objectKeyPatterns,
      keyActions: ["kms:Decrypt", "kms:GenerateDataKey"],
    });
    props.sourceStream?.grantRead(role);

    this.logGroupName = `/aws/kinesisfirehose/${name}`;
    const logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: this.logGroupName,
      retentionInDays: logRetentionDays,
      kmsKeyId: props.logEncryptionKeyArn,
      tags,
    });
    const logStream = new CloudwatchLogStream(this, "LogStream", { name: defaults.DELIVERY_LOG_STREAM_NAME, logGroupName: logGroup.name });
    role.addToPolicy({
      actions: ["logs:PutLogEvents"],
      resources: [arnOf(props.location, "logs", `log-group:${this.logGroupName}:log-stream:${defaults.DELIVERY_LOG_STREAM_NAME}`)],
    });
    if (lambda) {
      const functionArn = unqualifiedFunctionArn(lambda.functionArn);
      role.addToPolicy({ actions: ["lambda:GetFunctionConfiguration", "lambda:InvokeFunction"], resources: [functionArn, `${functionArn}:*`] });
    }
    if (conversion) role.addToPolicy(glueSchemaStatement(conversion, props.location));

    if (!props.sourceStream) this.encryptionKeyArn = props.encryptionKeyArn;
    const processorList = processors(lambda, partitioning, conversion !== undefined);
    const stream = new KinesisFirehoseDeliveryStream(this, "Resource", {
      name,
      destination: "extended_s3",
      kinesisSourceConfiguration: props.sourceStream ? { kinesisStreamArn: props.sourceStream.streamArn, roleArn: role.roleArn } : undefined,
      serverSideEncryption: props.sourceStream ? undefined : props.encryptionKeyArn
        ? { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: props.encryptionKeyArn }
        : { enabled: true, keyType: "AWS_OWNED_CMK" },
      extendedS3Configuration: {
        roleArn: role.roleArn,
        bucketArn: this.bucket.bucketArn,
        bufferingInterval: props.bufferingIntervalSeconds ?? defaults.DEFAULT_BUFFERING_INTERVAL_SECONDS,
        bufferingSize: bufferingSizeMiB,
        compressionFormat: compression,
        prefix,
        errorOutputPrefix,
        cloudwatchLoggingOptions: { enabled: true, logGroupName: logGroup.name, logStreamName: logStream.name },
        dynamicPartitioningConfiguration: partitioning
          ? { enabled: true, retryDuration: partitioning.retryDurationSeconds ?? defaults.DEFAULT_DYNAMIC_PARTITIONING_RETRY_SECONDS }
          : undefined,
        processingConfiguration: processorList.length > 0 ? { enabled: true, processors: processorList } : undefined,
        dataFormatConversionConfiguration: conversion ? conversionConfiguration(conversion, props.location, role.roleArn) : undefined,
      },
      tags,
      // Firehose checks the role's access to the source stream and the bucket when it creates the stream.
      dependsOn: role.policyResource ? [role.policyResource] : undefined,
    });
    this.deliveryStreamName = stream.name;
    this.deliveryStreamArn = stream.arn;
    this.metrics = new DeliveryStreamMetrics(name);
  }

  private validate(
    props: FirehoseS3Props,
    resolved: { bufferingSizeMiB: number; compression: FirehoseCompression; logRetentionDays: number; lambda?: ProcessorLambdaProps },
  ): void {
    const partitioning = props.dynamicPartitioning;
    const conversion = props.dataFormatConversion;
    if (props.bucket && props.bucketLifecycle) {
      throw new Error("bucketLifecycle applies only to the bucket the module creates; set the lifecycle on the given bucket instead");
    }
    if (props.sourceStream && props.encryptionKeyArn !== undefined) {
      throw new Error("encryptionKeyArn is refused with a sourceStream: AWS does not allow delivery-stream encryption for a Kinesis source (encrypt the source stream)");
    }
    assertIntegerInRange("bufferingIntervalSeconds", props.bufferingIntervalSeconds, 0, 900, "seconds");
    assertIntegerInRange("bufferingSizeMiB", resolved.bufferingSizeMiB, 1, 128, "MiB");
    const minimum = defaults.MIN_BUFFERING_SIZE_MIB_PARTITIONED_OR_CONVERTED;
    if ((partitioning || conversion) && !Token.isUnresolved(resolved.bufferingSizeMiB) && resolved.bufferingSizeMiB < minimum) {
      const feature = partitioning ? "dynamicPartitioning" : "dataFormatConversion";
      throw new Error(`bufferingSizeMiB must be at least ${minimum} with ${feature}, got ${resolved.bufferingSizeMiB}`);
    }
    assertOneOf("compression", resolved.compression, COMPRESSIONS);
    if (conversion && resolved.compression !== "UNCOMPRESSED") {
      throw new Error(`compression must be UNCOMPRESSED with dataFormatConversion (the columnar format compresses itself), got ${resolved.compression}`);
    }
    if (conversion) assertDataFormatConversion(conversion);
    if (!resolved.lambda && (props.processorBufferSizeMiB !== undefined || props.processorBufferIntervalSeconds !== undefined || props.processorRetries !== undefined)) {
      throw new Error("processorBufferSizeMiB, processorBufferIntervalSeconds and processorRetries need processorFunctionArn");
    }
    assertProcessing(resolved.lambda, partitioning);
    assertLogRetentionDays("logRetentionDays", resolved.logRetentionDays);
  }
}
