import { describe, expect, test } from "vitest";
import { validateStack } from "../../test/terraform";
import { KinesisIngest } from "../kinesis-ingest/kinesis-ingest";
import { Label } from "../shared/label";
import { ServiceRole } from "../shared/service-role";
import { TEST_LOCATION, testStack } from "../shared/testing";
import { SecureBucket } from "../secure-bucket/secure-bucket";
import { FirehoseS3 } from "./firehose-s3";

const FUNCTION_ARN = "arn:aws:lambda:eu-west-1:111122223333:function:enrich";
const KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("FirehoseS3 terraform validate", () => {
  test("stacks with every option on are valid Terraform", async () => {
    const stack = testStack();
    const label = new Label({ namespace: "acme", environment: "prod", name: "iops" });
    const source = new KinesisIngest(stack, "Stream", { label, location: TEST_LOCATION, encryption: "CUSTOMER_MANAGED" });
    const lake = new SecureBucket(stack, "Lake", { label: label.with("lake"), expirationDays: 400 });
    // A Kinesis source excludes delivery-stream encryption, and Parquet excludes GZIP: two streams cover every option.
    new FirehoseS3(stack, "Partitioned", {
      label: label.with("partitioned"),
      location: TEST_LOCATION,
      sourceStream: source,
      bucket: lake,
      bufferingIntervalSeconds: 120,
      bufferingSizeMiB: 128,
      compression: "GZIP",
      errorOutputPrefix: "errors/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/",
      dynamicPartitioning: { keys: { site: ".site_id" }, retryDurationSeconds: 600 },
      processorFunctionArn: FUNCTION_ARN,
      processorBufferSizeMiB: 2,
      processorBufferIntervalSeconds: 120,
      processorRetries: 5,
      logRetentionDays: 731,
      logEncryptionKeyArn: KEY_ARN,
      tags: { team: "data" },
    });
    const parquet = new FirehoseS3(stack, "Parquet", {
      label: label.with("parquet"),
      location: TEST_LOCATION,
      bucketLifecycle: { transitionToInfrequentAccessDays: 60, transitionToGlacierDays: 180, expirationDays: 730 },
      encryptionKeyArn: KEY_ARN,
      dataFormatConversion: { glueDatabaseName: "iops", glueTableName: "events", glueTableVersion: "2", outputFormat: "PARQUET" },
      prefix: "parquet/!{timestamp:yyyy}/!{firehose:random-string}/",
    });
    const producer = new ServiceRole(stack, "Producer", { label: label.with("producer"), servicePrincipal: "lambda.amazonaws.com" });
    parquet.grantPutRecords(producer);

    const result = await validateStack(stack, "firehose-s3");
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
