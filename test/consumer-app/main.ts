// A CDKTF app of another team: it knows the platform only as the installed npm package.
import { App, TerraformStack } from "cdktf";
// provider-aws has no exports map: an ESM app names the file.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider/index.js";
import { PipelineAlarms, functionAlarms, streamAlarms } from "@streaming-platform/modules/alarms";
import { bundleHandler } from "@streaming-platform/modules/bundling";
import { FirehoseS3 } from "@streaming-platform/modules/firehose-s3";
import { KinesisIngest, StreamAccessPolicies } from "@streaming-platform/modules/kinesis-ingest";
import { LambdaEnrichment } from "@streaming-platform/modules/lambda-enrichment";
import { Label, type AwsLocation } from "@streaming-platform/modules/shared";

const endpoint = process.env.CONSUMER_AWS_ENDPOINT;
const location: AwsLocation = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };
const app = new App({ outdir: "cdktf.out" });
const stack = new TerraformStack(app, "consumer");
const services = ["cloudwatch", "firehose", "iam", "kinesis", "kms", "lambda", "logs", "s3", "sns", "sqs", "sts"];
new AwsProvider(stack, "aws", {
  region: location.region,
  ...(endpoint
    ? {
        accessKey: "test",
        secretKey: "test",
        skipCredentialsValidation: true,
        skipRequestingAccountId: true,
        skipMetadataApiCheck: "true",
        s3UsePathStyle: true,
        endpoints: [Object.fromEntries(services.map((service) => [service, endpoint]))],
      }
    : {}),
});

const label = new Label({ namespace: "team", environment: "test", name: "clicks" });
const stream = new KinesisIngest(stack, "Stream", { label, location });
new StreamAccessPolicies(stack, "StreamAccess", { label, stream });
const archive = new FirehoseS3(stack, "Archive", { label: label.with("archive"), location, sourceStream: stream });
const counter = new LambdaEnrichment(stack, "Counter", {
  label: label.with("counter"),
  stream,
  code: bundleHandler("handler.mjs", { name: "counter" }),
  reservedConcurrentExecutions: 2,
});
new PipelineAlarms(stack, "Alarms", {
  label: label.with("alarms"),
  location,
  alarms: [
    ...streamAlarms({
      iteratorAge: stream.metrics.metricGetRecordsIteratorAgeMilliseconds(),
      writeThrottles: stream.metrics.metricWriteProvisionedThroughputExceeded(),
      incomingRecords: stream.metrics.metricIncomingRecords(),
    }),
    ...functionAlarms({ errors: counter.functionMetrics.metricErrors(), invocations: counter.functionMetrics.metricInvocations(), throttles: counter.functionMetrics.metricThrottles() }, { prefix: "counter" }),
  ],
});
void archive;
app.synth();
