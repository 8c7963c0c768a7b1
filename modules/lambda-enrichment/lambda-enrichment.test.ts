import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { describe, expect, test } from "vitest";
import { constructTree, synth, testStack } from "../shared/testing";
import { LambdaEnrichment } from "./lambda-enrichment";
import { READ_STATEMENT, STREAM_ARN, build, code, importedStream, label, ref, testBundle } from "./testing";
import { functionCodeFromZip } from "./code";

describe("LambdaEnrichment defaults", () => {
  test("a function on nodejs22.x arm64 with tracing, reserved concurrency and the bundle as an asset with its hash", () => {
    const { out } = build();
    const fn = out.only("aws_lambda_function");
    expect(fn).toMatchObject({
      function_name: "acme-dev-iops-enricher",
      role: ref(out, "aws_iam_role", "arn"),
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memory_size: 256,
      timeout: 60,
      reserved_concurrent_executions: 10,
      tracing_config: { mode: "Active" },
      source_code_hash: code.sourceCodeHash,
      depends_on: [`aws_cloudwatch_log_group.${Object.keys(out.resources("aws_cloudwatch_log_group"))[0]}`],
    });
    expect(fn.filename).toMatch(/^assets\/.+\/enrichment-[0-9a-f]{8}\.zip$/);
    expect(fn.environment).toEqual({ variables: { NODE_OPTIONS: "--enable-source-maps" } });
  });

  test("a log group /aws/lambda/<name> kept 30 days, created before the function", () => {
    const { out } = build();
    expect(out.only("aws_cloudwatch_log_group")).toEqual({ name: "/aws/lambda/acme-dev-iops-enricher", retention_in_days: 30 });
  });

  test("an event source mapping that survives bad records, batch 100 in a 5 s window (seed 004)", () => {
    const { out } = build();
    const mapping = out.only("aws_lambda_event_source_mapping");
    expect(mapping).toEqual({
      function_name: ref(out, "aws_lambda_function", "arn"),
      event_source_arn: STREAM_ARN,
      enabled: true,
      starting_position: "TRIM_HORIZON",
      batch_size: 100,
      maximum_batching_window_in_seconds: 5,
      parallelization_factor: 1,
      maximum_retry_attempts: 3,
      maximum_record_age_in_seconds: 3600,
      bisect_batch_on_function_error: true,
      function_response_types: ["ReportBatchItemFailures"],
      destination_config: { on_failure: { destination_arn: ref(out, "aws_s3_bucket", "arn") } },
      depends_on: [`aws_iam_role_policy.${Object.keys(out.resources("aws_iam_role_policy"))[0]}`],
    });
  });

  test("an on-failure bucket: encrypted with its own key, expiring after 365 days, with request metrics for its alarm", () => {
    const { out, enrichment } = build();
    expect(out.only("aws_s3_bucket")).toMatchObject({ bucket: "acme-dev-iops-enricher-failed" });
    expect(out.only("aws_s3_bucket_metric")).toEqual({ bucket: ref(out, "aws_s3_bucket", "bucket"), name: "EntireBucket" });
    expect(JSON.stringify(out.only("aws_s3_bucket_lifecycle_configuration"))).toContain('"expiration":[{"days":365}]');
    expect(out.resources("aws_sqs_queue")).toEqual({});
    expect(enrichment.onFailureBucketName).toBe("acme-dev-iops-enricher-failed");
    expect(LambdaEnrichment.onFailureBucketNameOf(label)).toBe(enrichment.onFailureBucketName);
    expect(enrichment.metricDeadLetterQueueMessagesVisible()).toEqual({
      namespace: "AWS/S3",
      metricName: "PutRequests",
      dimensions: { BucketName: "acme-dev-iops-enricher-failed", FilterId: "EntireBucket" },
      statistic: "Sum",
      periodSeconds: 300,
    });
  });

  test("the role may write its own logs and traces, read the stream and write the on-failure bucket (PutObject, ListBucket, its key through S3), nothing more", () => {
    const { out } = build();
    expect(out.only("aws_iam_role").name).toBe("acme-dev-iops-enricher");
    expect(out.rolePolicyStatements()).toEqual([
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [`${ref(out, "aws_cloudwatch_log_group", "arn")}:*`],
      },
      { Sid: "WriteTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: ["*"] },
      READ_STATEMENT,
      { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [ref(out, "aws_s3_bucket", "arn")] },
      { Effect: "Allow", Action: ["s3:PutObject"], Resource: [`${ref(out, "aws_s3_bucket", "arn")}/*`] },
      {
        Effect: "Allow",
        Action: ["kms:GenerateDataKey"],
        Resource: [ref(out, "aws_kms_key", "arn")],
        Condition: { StringEquals: { "kms:ViaService": `s3.${ref(out, "aws_s3_bucket", "region")}.amazonaws.com`, "kms:EncryptionContext:aws:s3:arn": ref(out, "aws_s3_bucket", "arn") } },
      },
    ]);
  });

  test("attributes and metrics are named from the label", () => {
    const { enrichment } = build();
    expect(enrichment.functionName).toBe("acme-dev-iops-enricher");
    expect(LambdaEnrichment.functionNameOf(label)).toBe(enrichment.functionName);
    expect(enrichment.deadLetterQueueName).toBeUndefined();
    expect(LambdaEnrichment.deadLetterStoreQueueNameOf(label)).toBe("acme-dev-iops-enricher-malformed");
    expect(enrichment.roleName).toMatch(/^\$\{TfToken/);
    expect(enrichment.logGroupName).toBe("/aws/lambda/acme-dev-iops-enricher");
    expect(enrichment.functionMetrics.metricIteratorAge()).toEqual({
      namespace: "AWS/Lambda",
      metricName: "IteratorAge",
      dimensions: { FunctionName: "acme-dev-iops-enricher" },
      statistic: "Maximum",
      periodSeconds: 60,
      label: "IteratorAge",
    });
    expect(enrichment.consumerMetrics).toBeUndefined();
    expect(enrichment.deadLetterStoreQueueUrl).toBeUndefined();
  });

  test("the zip is copied into the synthesized stack, so the output is self-contained", () => {
    const { stack, out } = build();
    const outdir = Testing.fullSynth(stack);
    const filename = out.only("aws_lambda_function").filename as string;
    expect(readFileSync(join(outdir, "stacks", "test", filename))).toEqual(readFileSync(code.zipPath));
  });

  test("any team's zip: functionCodeFromZip gives its hash, and its handler setting is used", () => {
    const own = testBundle("team-handler", "a team's own code");
    const stack = testStack();
    new LambdaEnrichment(stack, "Enricher", { label, code: functionCodeFromZip(own.zipPath, { handler: "main.process" }), stream: importedStream(stack) });
    const fn = synth(stack).only("aws_lambda_function");
    expect(fn.handler).toBe("main.process");
    expect(fn.source_code_hash).toBe(createHash("sha256").update("a team's own code").digest("base64"));
    expect(fn.description).toBe("Consumes records from Kinesis stream acme-dev-iops");
  });

  test("the same source synthesizes the same configuration", () => {
    expect(JSON.stringify(build().out.json)).toBe(JSON.stringify(build().out.json));
  });

  test("construct tree", () => {
    const { stack } = build({ deadLetterStore: {} });
    expect(constructTree(stack)).toEqual([
      "test/Enricher",
      "test/Enricher/DeadLetterStore",
      "test/Enricher/DeadLetterStore/Policy",
      "test/Enricher/DeadLetterStore/Resource",
      "test/Enricher/EventSource",
      "test/Enricher/EventSource/OnFailureBucket",
      "test/Enricher/EventSource/OnFailureBucket/Encryption",
      "test/Enricher/EventSource/OnFailureBucket/Key",
      "test/Enricher/EventSource/OnFailureBucket/KeyAlias",
      "test/Enricher/EventSource/OnFailureBucket/Lifecycle",
      "test/Enricher/EventSource/OnFailureBucket/OwnershipControls",
      "test/Enricher/EventSource/OnFailureBucket/Policy",
      "test/Enricher/EventSource/OnFailureBucket/PublicAccessBlock",
      "test/Enricher/EventSource/OnFailureBucket/Resource",
      "test/Enricher/EventSource/OnFailureBucket/Versioning",
      "test/Enricher/EventSource/OnFailureBucketMetrics",
      "test/Enricher/EventSource/Resource",
      "test/Enricher/Function",
      "test/Enricher/Function/Code",
      "test/Enricher/Function/LogGroup",
      "test/Enricher/Function/Resource",
      "test/Enricher/Function/ServiceRole",
      "test/Enricher/Function/ServiceRole/Policy",
      "test/Enricher/Function/ServiceRole/Resource",
      "test/Stream",
    ]);
  });
});

describe("LambdaEnrichment function options", () => {
  test("runtime, architecture, memory, timeout, concurrency, tracing, environment and log retention", () => {
    const { out } = build({
      runtime: "nodejs20.x",
      architecture: "x86_64",
      memorySizeMb: 1024,
      timeoutSeconds: 120,
      reservedConcurrentExecutions: 40,
      tracing: "PassThrough",
      environment: { LOG_LEVEL: "DEBUG", POWERTOOLS_SERVICE_NAME: "enricher" },
      logRetentionDays: 7,
    });
    expect(out.only("aws_lambda_function")).toMatchObject({
      runtime: "nodejs20.x",
      architectures: ["x86_64"],
      memory_size: 1024,
      timeout: 120,
      reserved_concurrent_executions: 40,
      tracing_config: { mode: "PassThrough" },
      environment: { variables: { NODE_OPTIONS: "--enable-source-maps", LOG_LEVEL: "DEBUG", POWERTOOLS_SERVICE_NAME: "enricher" } },
    });
    expect(out.only("aws_cloudwatch_log_group").retention_in_days).toBe(7);
    expect(out.statementsWithAction("xray:PutTraceSegments")).toEqual([]);
  });

  test("unreserved concurrency is an explicit opt-out", () => {
    expect(build({ reservedConcurrentExecutions: "unreserved" }).out.only("aws_lambda_function").reserved_concurrent_executions).toBe(-1);
  });
});
