import { describe, expect, test } from "vitest";
import { ImportedKinesisStream } from "../kinesis-ingest/imported-stream";
import { Label } from "../shared/label";
import { TEST_LOCATION, testStack } from "../shared/testing";
import { SecureBucket } from "../secure-bucket/secure-bucket";
import { FirehoseS3, type FirehoseS3Props } from "./firehose-s3";

const label = new Label({ namespace: "acme", environment: "dev", name: "iops", attributes: ["archive"] });
const FUNCTION_ARN = "arn:aws:lambda:eu-west-1:111122223333:function:enrich";
const KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const conversion = { glueDatabaseName: "iops", glueTableName: "events" };

function create(props: Partial<FirehoseS3Props>): () => void {
  return () => new FirehoseS3(testStack(), "Archive", { label, location: TEST_LOCATION, ...props });
}

describe("FirehoseS3 validation", () => {
  test("fails when a customer key is given with a Kinesis source", () => {
    const stack = testStack();
    const sourceStream = new ImportedKinesisStream(stack, "Source", { streamName: "acme-dev-iops", location: TEST_LOCATION });
    expect(() => new FirehoseS3(stack, "Archive", { label, location: TEST_LOCATION, sourceStream, encryptionKeyArn: KEY_ARN })).toThrow(
      /encryptionKeyArn is refused with a sourceStream: AWS does not allow delivery-stream encryption for a Kinesis source/,
    );
  });

  test("fails when bucketLifecycle is given with a bucket", () => {
    const stack = testStack();
    const bucket = new SecureBucket(stack, "Lake", { label });
    expect(() => new FirehoseS3(stack, "Archive", { label, location: TEST_LOCATION, bucket, bucketLifecycle: { expirationDays: 400 } })).toThrow(
      /bucketLifecycle applies only to the bucket the module creates/,
    );
  });

  test("fails when the created bucket's lifecycle breaks S3's rules", () => {
    expect(create({ bucketLifecycle: { transitionToInfrequentAccessDays: 7 } })).toThrow(/transitionToInfrequentAccessDays must be a whole number of at least 30 days/);
  });

  test("fails when buffering is out of range", () => {
    expect(create({ bufferingIntervalSeconds: 901 })).toThrow(/bufferingIntervalSeconds must be a whole number between 0 and 900 seconds, got 901/);
    expect(create({ bufferingIntervalSeconds: -1 })).toThrow(/bufferingIntervalSeconds must be a whole number between 0 and 900 seconds, got -1/);
    expect(create({ bufferingSizeMiB: 0 })).toThrow(/bufferingSizeMiB must be a whole number between 1 and 128 MiB, got 0/);
    expect(create({ bufferingSizeMiB: 129 })).toThrow(/bufferingSizeMiB must be a whole number between 1 and 128 MiB, got 129/);
  });

  test("fails when the buffer is below 64 MiB with dynamic partitioning or data format conversion", () => {
    expect(create({ bufferingSizeMiB: 32, dynamicPartitioning: { keys: { site: ".site" } } })).toThrow(
      /bufferingSizeMiB must be at least 64 with dynamicPartitioning, got 32/,
    );
    expect(create({ bufferingSizeMiB: 5, dataFormatConversion: conversion })).toThrow(/bufferingSizeMiB must be at least 64 with dataFormatConversion, got 5/);
  });

  test("fails when compression is unknown or used with data format conversion", () => {
    expect(create({ compression: "BZIP2" as never })).toThrow(/compression must be one of GZIP, UNCOMPRESSED, ZIP, Snappy, HADOOP_SNAPPY, got BZIP2/);
    expect(create({ compression: "GZIP", dataFormatConversion: conversion })).toThrow(
      /compression must be UNCOMPRESSED with dataFormatConversion \(the columnar format compresses itself\), got GZIP/,
    );
  });

  test("fails when Glue names are not queryable", () => {
    expect(create({ dataFormatConversion: { glueDatabaseName: "IOPS-db", glueTableName: "events" } })).toThrow(
      /dataFormatConversion.glueDatabaseName must be 1-255 lower-case letters, digits and underscores .*got "IOPS-db"/,
    );
    expect(create({ dataFormatConversion: { glueDatabaseName: "iops", glueTableName: "" } })).toThrow(/dataFormatConversion.glueTableName must be/);
  });

  test("fails when processor settings come without a processor, or are out of range", () => {
    expect(create({ processorRetries: 2 })).toThrow(/processorBufferSizeMiB, processorBufferIntervalSeconds and processorRetries need processorFunctionArn/);
    expect(create({ processorFunctionArn: "enrich" })).toThrow(/processorFunctionArn must be a Lambda function ARN .*got "enrich"/);
    expect(create({ processorFunctionArn: FUNCTION_ARN, processorBufferSizeMiB: 4 })).toThrow(/processorBufferSizeMiB must be between 0.2 and 3 MiB, got 4/);
    expect(create({ processorFunctionArn: FUNCTION_ARN, processorBufferIntervalSeconds: 30 })).toThrow(
      /processorBufferIntervalSeconds must be a whole number between 60 and 900 seconds, got 30/,
    );
    expect(create({ processorFunctionArn: FUNCTION_ARN, processorRetries: 301 })).toThrow(/processorRetries must be a whole number between 0 and 300, got 301/);
  });

  test("fails when dynamic partitioning has no key source or bad keys", () => {
    expect(create({ dynamicPartitioning: {} })).toThrow(/dynamicPartitioning needs keys \(a JQ query\) or processorFunctionArn .*got neither/);
    expect(create({ dynamicPartitioning: { keys: { "1site": ".site" } } })).toThrow(/dynamicPartitioning.keys must be names of letters, digits and underscores.*got "1site"/);
    expect(create({ dynamicPartitioning: { keys: { site: " " } } })).toThrow(/dynamicPartitioning.keys.site needs a JQ expression/);
    expect(create({ dynamicPartitioning: { keys: { site: ".site" }, retryDurationSeconds: 7201 } })).toThrow(
      /dynamicPartitioning.retryDurationSeconds must be a whole number between 0 and 7200 seconds, got 7201/,
    );
  });

  test("fails when the prefixes break Firehose's rules", () => {
    expect(create({ prefix: "/data/" })).toThrow(/prefix must not start with "\/", got "\/data\/"/);
    expect(create({ errorOutputPrefix: "/errors/!{firehose:error-output-type}/" })).toThrow(/errorOutputPrefix must not start with "\/"/);
    expect(create({ errorOutputPrefix: "errors/" })).toThrow(
      /errorOutputPrefix must include !\{firehose:error-output-type\} when the prefixes use expressions, got "errors\/"/,
    );
    expect(create({ dynamicPartitioning: { keys: { site: ".site" } }, prefix: "data/!{timestamp:yyyy}/" })).toThrow(
      /prefix must use !\{partitionKeyFromQuery:<key>\} or !\{partitionKeyFromLambda:<key>\} when dynamicPartitioning is on/,
    );
    expect(create({ prefix: "data/!{partitionKeyFromQuery:site}/" })).toThrow(/prefix uses "!\{partitionKeyFromQuery:site\}", which needs dynamicPartitioning/);
    expect(create({ dynamicPartitioning: { keys: { site: ".site" } }, prefix: "data/!{partitionKeyFromQuery:region}/" })).toThrow(
      /prefix uses "!\{partitionKeyFromQuery:region\}", but dynamicPartitioning.keys defines site/,
    );
  });

  test("fails when the log retention is not one CloudWatch accepts", () => {
    expect(create({ logRetentionDays: 45 })).toThrow(/logRetentionDays must be one of 0, 1, 3, 5, 7, 14, 30, 60, 90, .*got 45/);
  });
});
