import { describe, expect, test } from "vitest";
import { ImportedKinesisStream } from "../kinesis-ingest/imported-stream";
import { Label } from "../shared/label";
import { ServiceRole } from "../shared/service-role";
import { TEST_LOCATION, constructTree, synth, testStack } from "../shared/testing";
import { SecureBucket } from "../secure-bucket/secure-bucket";
import { FirehoseS3, type FirehoseS3Props } from "./firehose-s3";

const label = new Label({ namespace: "acme", environment: "dev", name: "iops", attributes: ["archive"] });
const base = { label, location: TEST_LOCATION } as const;
const BUCKET = "${aws_s3_bucket.Archive_Bucket_49F1AC64";
const BUCKET_KEY = "${aws_kms_key.Archive_Bucket_Key_BC6687BE.arn}";
const ROLE = "${aws_iam_role.Archive_Role_6D720787.arn}";
const FUNCTION_ARN = "arn:aws:lambda:eu-west-1:111122223333:function:enrich";
const KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TIME = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";

function build(props: Partial<FirehoseS3Props> = {}) {
  const stack = testStack();
  const firehose = new FirehoseS3(stack, "Archive", { ...base, ...props });
  const out = synth(stack);
  return { stack, firehose, out, stream: out.only("aws_kinesis_firehose_delivery_stream"), s3: out.only("aws_kinesis_firehose_delivery_stream").extended_s3_configuration };
}

/** The statements of the Producer role's policy, apart from the delivery stream's own role. */
function producerStatements(out: ReturnType<typeof synth>): unknown[] {
  const [policy] = Object.entries(out.resources("aws_iam_role_policy")).filter(([address]) => address.startsWith("Producer_"));
  return JSON.parse(policy![1].policy).Statement;
}

describe("FirehoseS3 defaults", () => {
  const { stack, firehose, out, stream } = build();

  test("takes direct PUTs, encrypted with an AWS-owned key, into a created SecureBucket", () => {
    expect(stream).toEqual({
      name: "acme-dev-iops-archive",
      destination: "extended_s3",
      server_side_encryption: { enabled: true, key_type: "AWS_OWNED_CMK" },
      depends_on: ["aws_iam_role_policy.Archive_Role_Policy_1CEC016A"],
      extended_s3_configuration: {
        role_arn: ROLE,
        bucket_arn: `${BUCKET}.arn}`,
        buffering_interval: 300,
        buffering_size: 5,
        compression_format: "GZIP",
        prefix: `data/${TIME}`,
        error_output_prefix: `errors/!{firehose:error-output-type}/${TIME}`,
        cloudwatch_logging_options: {
          enabled: true,
          log_group_name: "${aws_cloudwatch_log_group.Archive_LogGroup_AA6A7081.name}",
          log_stream_name: "${aws_cloudwatch_log_stream.Archive_LogStream_84D14A19.name}",
        },
      },
    });
    expect(out.only("aws_s3_bucket").bucket).toBe("acme-dev-iops-archive");
    expect(out.only("aws_s3_bucket_lifecycle_configuration").rule[0].transition).toEqual([
      { days: 30, storage_class: "STANDARD_IA" },
      { days: 90, storage_class: "GLACIER" },
    ]);
    expect(firehose.encryptionKeyArn).toBeUndefined();
  });

  test("logs delivery errors to /aws/kinesisfirehose/<name> for a year", () => {
    expect(out.only("aws_cloudwatch_log_group")).toEqual({ name: "/aws/kinesisfirehose/acme-dev-iops-archive", retention_in_days: 365 });
    expect(out.only("aws_cloudwatch_log_stream")).toEqual({
      name: "DestinationDelivery",
      log_group_name: "${aws_cloudwatch_log_group.Archive_LogGroup_AA6A7081.name}",
    });
    expect(firehose.logGroupName).toBe("/aws/kinesisfirehose/acme-dev-iops-archive");
  });

  test("gives the role exactly the S3, KMS and logs access delivery needs", () => {
    expect(JSON.parse(out.only("aws_iam_role").assume_role_policy).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "firehose.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
      },
    ]);
    expect(out.only("aws_iam_role").name).toBe("acme-dev-iops-archive-firehose");
    expect(out.rolePolicyStatements()).toEqual([
      { Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], Resource: [`${BUCKET}.arn}`] },
      {
        Effect: "Allow",
        Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
        Resource: [`${BUCKET}.arn}/data/year=*`, `${BUCKET}.arn}/errors/*`],
      },
      {
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: [BUCKET_KEY],
        Condition: {
          StringEquals: { "kms:ViaService": `s3.${BUCKET}.region}.amazonaws.com`, "kms:EncryptionContext:aws:s3:arn": `${BUCKET}.arn}` },
        },
      },
      {
        Effect: "Allow",
        Action: ["logs:PutLogEvents"],
        Resource: ["arn:aws:logs:eu-west-1:111122223333:log-group:/aws/kinesisfirehose/acme-dev-iops-archive:log-stream:DestinationDelivery"],
      },
    ]);
  });

  test("exposes names and metrics by the delivery stream's name", () => {
    expect(FirehoseS3.deliveryStreamNameOf(label)).toBe("acme-dev-iops-archive");
    expect(FirehoseS3.deliveryStreamArnOf(label, TEST_LOCATION)).toBe("arn:aws:firehose:eu-west-1:111122223333:deliverystream/acme-dev-iops-archive");
    expect(firehose.metrics.deliveryStreamName).toBe("acme-dev-iops-archive");
    expect(firehose.metrics.metricDeliveryToS3DataFreshness()).toMatchObject({ metricName: "DeliveryToS3.DataFreshness", statistic: "Maximum", periodSeconds: 300 });
  });

  test("pins the construct tree", () => {
    expect(constructTree(stack)).toEqual([
      "test/Archive",
      "test/Archive/Bucket",
      "test/Archive/Bucket/Encryption",
      "test/Archive/Bucket/Key",
      "test/Archive/Bucket/KeyAlias",
      "test/Archive/Bucket/Lifecycle",
      "test/Archive/Bucket/OwnershipControls",
      "test/Archive/Bucket/Policy",
      "test/Archive/Bucket/PublicAccessBlock",
      "test/Archive/Bucket/Resource",
      "test/Archive/Bucket/Versioning",
      "test/Archive/LogGroup",
      "test/Archive/LogStream",
      "test/Archive/Resource",
      "test/Archive/Role",
      "test/Archive/Role/Policy",
      "test/Archive/Role/Resource",
    ]);
  });
});

describe("FirehoseS3 options", () => {
  test("reads a Kinesis stream with the stream's read grant and no delivery-stream encryption", () => {
    const stack = testStack();
    const source = new ImportedKinesisStream(stack, "Source", { streamName: "acme-dev-iops", location: TEST_LOCATION });
    const firehose = new FirehoseS3(stack, "Archive", { ...base, sourceStream: source });
    const producer = new ServiceRole(stack, "Producer", { label: label.with("producer"), servicePrincipal: "lambda.amazonaws.com" });
    // Firehose refuses PutRecord on a delivery stream whose source is a Kinesis stream.
    expect(() => firehose.grantPutRecords(producer)).toThrow(/grantPutRecords needs a direct PUT stream: this one reads a Kinesis stream/);
    const out = synth(stack);
    const stream = out.only("aws_kinesis_firehose_delivery_stream");
    expect(stream.kinesis_source_configuration).toEqual({ kinesis_stream_arn: "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-dev-iops", role_arn: ROLE });
    expect(stream.server_side_encryption).toBeUndefined();
    const [read] = out.statementsWithAction("kinesis:GetRecords");
    expect(read!.Resource).toEqual(["arn:aws:kinesis:eu-west-1:111122223333:stream/acme-dev-iops"]);
    expect(read!.Action).toEqual(expect.arrayContaining(["kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"]));
  });

  test("delivers into a given bucket, creating none, with its grants", () => {
    const stack = testStack();
    const bucket = new SecureBucket(stack, "Lake", { label: label.with("lake"), encryption: "S3_MANAGED" });
    const firehose = new FirehoseS3(stack, "Archive", { ...base, bucket, prefix: "raw/!{timestamp:yyyy}/", errorOutputPrefix: "raw-errors/!{firehose:error-output-type}/" });
    const out = synth(stack);
    expect(out.count("aws_s3_bucket")).toBe(1);
    expect(out.count("aws_kms_key")).toBe(0);
    expect(firehose.bucket).toBe(bucket);
    expect(out.only("aws_kinesis_firehose_delivery_stream").extended_s3_configuration.bucket_arn).toBe("${aws_s3_bucket.Lake_5F1B88EA.arn}");
    expect(out.statementsWithAction("s3:PutObject")).toEqual([
      {
        Effect: "Allow",
        Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
        Resource: ["${aws_s3_bucket.Lake_5F1B88EA.arn}/raw/*", "${aws_s3_bucket.Lake_5F1B88EA.arn}/raw-errors/*"],
      },
    ]);
    expect(out.statementsWithAction("kms:GenerateDataKey")).toEqual([]);
  });

  test("passes lifecycle settings to the bucket it creates", () => {
    const { out } = build({ bucketLifecycle: { transitionToGlacierDays: 120, expirationDays: 365 } });
    const rule = out.only("aws_s3_bucket_lifecycle_configuration").rule[0];
    expect(rule.transition).toEqual([
      { days: 30, storage_class: "STANDARD_IA" },
      { days: 120, storage_class: "GLACIER" },
    ]);
    expect(rule.expiration).toEqual([{ days: 365 }]);
  });

  test("sets buffering, compression, log retention and log encryption", () => {
    const { s3, out } = build({ bufferingIntervalSeconds: 60, bufferingSizeMiB: 128, compression: "Snappy", logRetentionDays: 30, logEncryptionKeyArn: KEY_ARN, tags: { team: "data" } });
    expect([s3.buffering_interval, s3.buffering_size, s3.compression_format]).toEqual([60, 128, "Snappy"]);
    expect(out.only("aws_cloudwatch_log_group")).toEqual({ name: "/aws/kinesisfirehose/acme-dev-iops-archive", retention_in_days: 30, kms_key_id: KEY_ARN, tags: { team: "data" } });
    expect(out.only("aws_kinesis_firehose_delivery_stream").tags).toEqual({ team: "data" });
  });

  test("encrypts a direct-PUT stream with a customer key, and grants producers PutRecord plus KMS through Firehose", () => {
    const stack = testStack();
    const firehose = new FirehoseS3(stack, "Archive", { ...base, encryptionKeyArn: KEY_ARN });
    const producer = new ServiceRole(stack, "Producer", { label: label.with("producer"), servicePrincipal: "lambda.amazonaws.com" });
    firehose.grantPutRecords(producer);
    const out = synth(stack);
    expect(out.only("aws_kinesis_firehose_delivery_stream").server_side_encryption).toEqual({ enabled: true, key_type: "CUSTOMER_MANAGED_CMK", key_arn: KEY_ARN });
    expect(firehose.encryptionKeyArn).toBe(KEY_ARN);
    expect(producerStatements(out)).toEqual([
      { Sid: "FirehosePutRecords", Effect: "Allow", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: ["${aws_kinesis_firehose_delivery_stream.Archive_DA4CB258.arn}"] },
      { Sid: "FirehosePutRecordsKey", Effect: "Allow", Action: ["kms:GenerateDataKey"], Resource: [KEY_ARN], Condition: { StringEquals: { "kms:ViaService": "firehose.eu-west-1.amazonaws.com" } } },
    ]);
  });

  test("grantPutRecords adds no KMS statement with the AWS-owned key", () => {
    const stack = testStack();
    const firehose = new FirehoseS3(stack, "Archive", base);
    const producer = new ServiceRole(stack, "Producer", { label: label.with("producer"), servicePrincipal: "lambda.amazonaws.com" });
    firehose.grantPutRecords(producer);
    expect(producerStatements(synth(stack))).toEqual([
      { Sid: "FirehosePutRecords", Effect: "Allow", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: ["${aws_kinesis_firehose_delivery_stream.Archive_DA4CB258.arn}"] },
    ]);
  });

  test("transforms records with a Lambda, writing only non-default parameters, and may invoke it and its versions", () => {
    const { s3, out } = build({ processorFunctionArn: `${FUNCTION_ARN}:live`, processorBufferSizeMiB: 3, processorBufferIntervalSeconds: 60, processorRetries: 5 });
    expect(s3.processing_configuration).toEqual({
      enabled: true,
      processors: [
        {
          type: "Lambda",
          parameters: [
            { parameter_name: "LambdaArn", parameter_value: `${FUNCTION_ARN}:live` },
            { parameter_name: "BufferSizeInMBs", parameter_value: "3" },
            { parameter_name: "NumberOfRetries", parameter_value: "5" },
          ],
        },
      ],
    });
    expect(out.statementsWithAction("lambda:InvokeFunction")).toEqual([
      { Effect: "Allow", Action: ["lambda:GetFunctionConfiguration", "lambda:InvokeFunction"], Resource: [FUNCTION_ARN, `${FUNCTION_ARN}:*`] },
    ]);
  });

  test("partitions by JQ keys with a 64 MiB buffer, a key-based default prefix and newline-delimited records", () => {
    const { s3, out } = build({ dynamicPartitioning: { keys: { site: ".site_id", kind: ".event.type" }, retryDurationSeconds: 600 } });
    expect(s3.buffering_size).toBe(64);
    expect(s3.prefix).toBe(`data/site=!{partitionKeyFromQuery:site}/kind=!{partitionKeyFromQuery:kind}/${TIME}`);
    expect(s3.dynamic_partitioning_configuration).toEqual({ enabled: true, retry_duration: 600 });
    expect(s3.processing_configuration).toEqual({
      enabled: true,
      processors: [
        {
          type: "MetadataExtraction",
          parameters: [
            { parameter_name: "MetadataExtractionQuery", parameter_value: "{site:.site_id,kind:.event.type}" },
            { parameter_name: "JsonParsingEngine", parameter_value: "JQ-1.6" },
          ],
        },
        { type: "AppendDelimiterToRecord" },
      ],
    });
    expect(out.statementsWithAction("s3:PutObject")[0]!.Resource).toEqual([`${BUCKET}.arn}/data/site=*`, `${BUCKET}.arn}/errors/*`]);
  });

  test("partitions by keys the Lambda returns", () => {
    const { s3 } = build({
      processorFunctionArn: FUNCTION_ARN,
      dynamicPartitioning: { appendNewline: false },
      prefix: `!{partitionKeyFromLambda:tenant}/${TIME}`,
    });
    expect(s3.dynamic_partitioning_configuration).toEqual({ enabled: true, retry_duration: 300 });
    expect(s3.processing_configuration.processors).toEqual([{ type: "Lambda", parameters: [{ parameter_name: "LambdaArn", parameter_value: FUNCTION_ARN }] }]);
  });

  test("converts to Parquet with a Glue table, uncompressed at the Firehose level, with Glue read access", () => {
    const { s3, out } = build({ dataFormatConversion: { glueDatabaseName: "iops", glueTableName: "events" } });
    expect([s3.compression_format, s3.buffering_size]).toEqual(["UNCOMPRESSED", 64]);
    expect(s3.data_format_conversion_configuration).toEqual({
      enabled: true,
      input_format_configuration: { deserializer: { open_x_json_ser_de: {} } },
      output_format_configuration: { serializer: { parquet_ser_de: {} } },
      schema_configuration: { catalog_id: "111122223333", region: "eu-west-1", database_name: "iops", table_name: "events", version_id: "LATEST", role_arn: ROLE },
    });
    expect(out.statementsWithAction("glue:GetTable")).toEqual([
      {
        Effect: "Allow",
        Action: ["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"],
        Resource: [
          "arn:aws:glue:eu-west-1:111122223333:catalog",
          "arn:aws:glue:eu-west-1:111122223333:database/iops",
          "arn:aws:glue:eu-west-1:111122223333:table/iops/events",
        ],
      },
    ]);
  });

  test("converts to ORC from Hive JSON at a pinned table version", () => {
    const { s3 } = build({ dataFormatConversion: { glueDatabaseName: "iops", glueTableName: "events", glueTableVersion: "3", outputFormat: "ORC", inputFormat: "HIVE_JSON" } });
    expect(s3.data_format_conversion_configuration.input_format_configuration).toEqual({ deserializer: { hive_json_ser_de: {} } });
    expect(s3.data_format_conversion_configuration.output_format_configuration).toEqual({ serializer: { orc_ser_de: {} } });
    expect(s3.data_format_conversion_configuration.schema_configuration.version_id).toBe("3");
  });
});
