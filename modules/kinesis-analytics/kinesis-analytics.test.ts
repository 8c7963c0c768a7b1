import { describe, expect, test } from "vitest";
import type { TerraformStack } from "cdktf";
import { Label } from "../shared/label";
import type { Grantee } from "../shared/policy";
import { TEST_LOCATION, constructTree, synth, testStack } from "../shared/testing";
import { KinesisAnalytics, type KinesisAnalyticsProps } from "./kinesis-analytics";
import type { FlinkInputStream, FlinkOutputStream } from "./streams";

const label = new Label({ namespace: "acme", environment: "dev", name: "orders", attributes: ["windowing"] });
const INPUT_ARN = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-dev-orders-input";
const OUTPUT_ARN = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-dev-orders-output";
const BUCKET_ARN = "arn:aws:s3:::acme-dev-artifacts";

/** A stream offering the grant the module relies on: records which grantee it was given. */
function inputStream(granted: Grantee[] = []): FlinkInputStream {
  return {
    streamArn: INPUT_ARN,
    streamName: "acme-dev-orders-input",
    grantRead: (grantee) => {
      granted.push(grantee);
      grantee.addToPolicy({ actions: ["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:ListShards"], resources: [INPUT_ARN] });
    },
  };
}

function outputStream(granted: Grantee[] = []): FlinkOutputStream {
  return {
    streamArn: OUTPUT_ARN,
    streamName: "acme-dev-orders-output",
    grantWrite: (grantee) => {
      granted.push(grantee);
      grantee.addToPolicy({ actions: ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStream"], resources: [OUTPUT_ARN] });
    },
  };
}

function props(overrides: Partial<KinesisAnalyticsProps> = {}): KinesisAnalyticsProps {
  return {
    label,
    location: TEST_LOCATION,
    inputStream: inputStream(),
    outputStream: outputStream(),
    codeBucketArn: BUCKET_ARN,
    codeFileKey: "flink/orders-windowing-1.0.0.jar",
    ...overrides,
  };
}

function make(overrides: Partial<KinesisAnalyticsProps> = {}): { stack: TerraformStack; app: KinesisAnalytics } {
  const stack = testStack();
  const app = new KinesisAnalytics(stack, "Flink", props(overrides));
  return { stack, app };
}

const LOG_GROUP = "/aws/kinesis-analytics/acme-dev-orders-windowing";
const LOG_GROUP_ARN = `arn:aws:logs:eu-west-1:111122223333:log-group:${LOG_GROUP}`;

describe("KinesisAnalytics defaults", () => {
  test("synthesizes a Flink 1.20 application with checkpointing, autoscaling, snapshots and logging on, not started", () => {
    const out = synth(make().stack);
    const app = out.only("aws_kinesisanalyticsv2_application");
    expect(app.name).toBe("acme-dev-orders-windowing");
    expect(app.runtime_environment).toBe("FLINK-1_20");
    expect(app.start_application).toBe(false);
    expect(app.description).toBe("Managed by the streaming platform");
    expect(app.service_execution_role).toMatch(/^\$\{aws_iam_role\.Flink_Role_[0-9A-F]+\.arn\}$/);
    expect(app.cloudwatch_logging_options).toEqual({ log_stream_arn: expect.stringMatching(/^\$\{aws_cloudwatch_log_stream\.Flink_LogStream_[0-9A-F]+\.arn\}$/) });
    expect(app.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\.Flink_Role_Policy_[0-9A-F]+$/)]);
    expect(app.application_configuration).toEqual({
      application_code_configuration: {
        code_content_type: "ZIPFILE",
        code_content: { s3_content_location: { bucket_arn: BUCKET_ARN, file_key: "flink/orders-windowing-1.0.0.jar" } },
      },
      application_snapshot_configuration: { snapshots_enabled: true },
      environment_properties: {
        property_group: [
          { property_group_id: "InputStream0", property_map: { "stream.arn": INPUT_ARN, "stream.name": "acme-dev-orders-input", "aws.region": "eu-west-1" } },
          { property_group_id: "OutputStream0", property_map: { "stream.arn": OUTPUT_ARN, "stream.name": "acme-dev-orders-output", "aws.region": "eu-west-1" } },
        ],
      },
      flink_application_configuration: {
        checkpoint_configuration: { configuration_type: "CUSTOM", checkpointing_enabled: true, checkpoint_interval: 60000, min_pause_between_checkpoints: 5000 },
        monitoring_configuration: { configuration_type: "CUSTOM", log_level: "INFO", metrics_level: "APPLICATION" },
        parallelism_configuration: { configuration_type: "CUSTOM", auto_scaling_enabled: true, parallelism: 1, parallelism_per_kpu: 1 },
      },
      run_configuration: {
        application_restore_configuration: { application_restore_type: "RESTORE_FROM_LATEST_SNAPSHOT" },
        flink_run_configuration: { allow_non_restored_state: false },
      },
    });
  });

  test("logs to a retained log group and stream named after the application", () => {
    const out = synth(make().stack);
    expect(out.only("aws_cloudwatch_log_group")).toEqual({ name: LOG_GROUP, retention_in_days: 30 });
    expect(out.only("aws_cloudwatch_log_stream")).toEqual({
      name: "kinesis-analytics-log-stream",
      log_group_name: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.Flink_LogGroup_[0-9A-F]+\.name\}$/),
    });
  });

  test("the role trusts kinesisanalytics for this account and holds exactly the least-privilege statements", () => {
    const input: Grantee[] = [];
    const output: Grantee[] = [];
    const { stack, app } = make({ inputStream: inputStream(input), outputStream: outputStream(output) });
    expect(input).toEqual([app.role]);
    expect(output).toEqual([app.role]);
    const out = synth(stack);
    const role = out.only("aws_iam_role");
    expect(role.name).toBe("acme-dev-orders-windowing-flink");
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "kinesisanalytics.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
      },
    ]);
    expect(out.rolePolicyStatements()).toEqual([
      { Sid: "ReadApplicationCode", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: [`${BUCKET_ARN}/flink/orders-windowing-1.0.0.jar`] },
      { Sid: "ListLogGroups", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: ["arn:aws:logs:eu-west-1:111122223333:log-group:*"] },
      { Sid: "ListLogStreams", Effect: "Allow", Action: ["logs:DescribeLogStreams"], Resource: [`${LOG_GROUP_ARN}:log-stream:*`] },
      { Sid: "PutLogEvents", Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: [`${LOG_GROUP_ARN}:log-stream:kinesis-analytics-log-stream`] },
      { Effect: "Allow", Action: ["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:ListShards"], Resource: [INPUT_ARN] },
      { Effect: "Allow", Action: ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStream"], Resource: [OUTPUT_ARN] },
    ]);
  });

  test("exposes name-scheme attributes and metrics with the Application dimension", () => {
    const { app } = make();
    expect(app.metrics.metricMillisBehindLatest()).toEqual({
      namespace: "AWS/KinesisAnalytics",
      metricName: "millisBehindLatest",
      dimensions: { Application: "acme-dev-orders-windowing" },
      statistic: "Maximum",
      periodSeconds: 60,
      label: "millisBehindLatest",
    });
    expect(app.metrics.metricKpus({ periodSeconds: 300 })).toMatchObject({ metricName: "KPUs", statistic: "Average", periodSeconds: 300 });
    expect(app.metrics.metricUptime().statistic).toBe("Minimum");
    expect(app.metrics.metricDowntime().metricName).toBe("downtime");
    expect(app.metrics.metricLastCheckpointDuration().metricName).toBe("lastCheckpointDuration");
    expect(app.metrics.metricNumberOfFailedCheckpoints().metricName).toBe("numberOfFailedCheckpoints");
    expect(app.metrics.metricFullRestarts().metricName).toBe("fullRestarts");
  });

  test("pins the construct tree", () => {
    expect(constructTree(make().stack)).toEqual([
      "test/Flink",
      "test/Flink/LogGroup",
      "test/Flink/LogStream",
      "test/Flink/Resource",
      "test/Flink/Role",
      "test/Flink/Role/Policy",
      "test/Flink/Role/Resource",
    ]);
  });
});

describe("KinesisAnalytics options", () => {
  test("every option is rendered", () => {
    const { stack } = make({
      runtime: "FLINK-1_19",
      codeObjectVersion: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
      codeKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      checkpointIntervalMs: 30_000,
      minPauseBetweenCheckpointsMs: 10_000,
      parallelism: 8,
      parallelismPerKpu: 4,
      autoScalingEnabled: false,
      snapshotsEnabled: false,
      logRetentionDays: 90,
      logKmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/logs",
      logLevel: "WARN",
      metricsLevel: "OPERATOR",
      propertyGroups: { Aggregation: { "window.size.seconds": "60" } },
      vpc: { subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] },
      startApplication: true,
      description: "Orders per minute",
      tags: { team: "data" },
    });
    const out = synth(stack);
    const app = out.only("aws_kinesisanalyticsv2_application");
    expect(app.runtime_environment).toBe("FLINK-1_19");
    expect(app.start_application).toBe(true);
    expect(app.description).toBe("Orders per minute");
    expect(app.tags).toEqual({ team: "data" });
    const config = app.application_configuration;
    expect(config.application_code_configuration.code_content.s3_content_location.object_version).toBe("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY");
    expect(config.application_snapshot_configuration).toEqual({ snapshots_enabled: false });
    expect(config.run_configuration.application_restore_configuration).toEqual({ application_restore_type: "SKIP_RESTORE_FROM_SNAPSHOT" });
    expect(config.flink_application_configuration).toEqual({
      checkpoint_configuration: { configuration_type: "CUSTOM", checkpointing_enabled: true, checkpoint_interval: 30000, min_pause_between_checkpoints: 10000 },
      monitoring_configuration: { configuration_type: "CUSTOM", log_level: "WARN", metrics_level: "OPERATOR" },
      parallelism_configuration: { configuration_type: "CUSTOM", auto_scaling_enabled: false, parallelism: 8, parallelism_per_kpu: 4 },
    });
    expect(config.environment_properties.property_group[2]).toEqual({ property_group_id: "Aggregation", property_map: { "window.size.seconds": "60" } });
    expect(config.vpc_configuration).toEqual({ subnet_ids: ["subnet-1", "subnet-2"], security_group_ids: ["sg-1"] });
    expect(out.only("aws_cloudwatch_log_group")).toEqual({
      name: LOG_GROUP,
      retention_in_days: 90,
      kms_key_id: "arn:aws:kms:eu-west-1:111122223333:key/logs",
      tags: { team: "data" },
    });
    expect(out.statementsWithAction("kms:Decrypt")).toEqual([
      { Sid: "DecryptApplicationCode", Effect: "Allow", Action: ["kms:Decrypt"], Resource: ["arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"] },
    ]);
  });

  test("VPC placement grants the network-interface permissions, scoped to the given subnets and security groups", () => {
    const out = synth(make({ vpc: { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1", "sg-2"] } }).stack);
    const eni = "arn:aws:ec2:eu-west-1:111122223333:network-interface/*";
    expect(out.rolePolicyStatements().filter((s) => s.Action.some((a) => a.startsWith("ec2:")))).toEqual([
      {
        Sid: "DescribeVpc",
        Effect: "Allow",
        Action: ["ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces"],
        Resource: ["*"],
      },
      {
        Sid: "CreateNetworkInterfaces",
        Effect: "Allow",
        Action: ["ec2:CreateNetworkInterface"],
        Resource: [
          eni,
          "arn:aws:ec2:eu-west-1:111122223333:subnet/subnet-1",
          "arn:aws:ec2:eu-west-1:111122223333:security-group/sg-1",
          "arn:aws:ec2:eu-west-1:111122223333:security-group/sg-2",
        ],
      },
      { Sid: "ManageNetworkInterfaces", Effect: "Allow", Action: ["ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface"], Resource: [eni] },
    ]);
  });
});

describe("KinesisAnalytics validation", () => {
  test("fails when the runtime is not supported", () => {
    expect(() => make({ runtime: "FLINK-1_15" as never })).toThrow(/runtime must be one of FLINK-1_20, FLINK-1_19, got FLINK-1_15/);
  });
  test("fails when codeBucketArn is not a bucket ARN", () => {
    expect(() => make({ codeBucketArn: "acme-dev-artifacts" })).toThrow(/codeBucketArn must be an S3 bucket ARN .*, got "acme-dev-artifacts"/);
  });
  test("fails when codeFileKey is empty", () => {
    expect(() => make({ codeFileKey: "" })).toThrow(/codeFileKey must be 1 to 1024 characters, got 0/);
  });
  test("fails when the checkpoint interval is under a second", () => {
    expect(() => make({ checkpointIntervalMs: 500 })).toThrow(/checkpointIntervalMs must be a whole number between 1000 and 86400000 ms, got 500/);
  });
  test("fails when the pause between checkpoints is negative", () => {
    expect(() => make({ minPauseBetweenCheckpointsMs: -1 })).toThrow(/minPauseBetweenCheckpointsMs must be a whole number between 0 and 86400000 ms, got -1/);
  });
  test("fails when parallelismPerKpu is above 8", () => {
    expect(() => make({ parallelismPerKpu: 9 })).toThrow(/parallelismPerKpu must be a whole number between 1 and 8, got 9/);
  });
  test("fails when parallelism is below 1", () => {
    expect(() => make({ parallelism: 0 })).toThrow(/parallelism must be a whole number between 1 and 64 \(parallelismPerKpu 1 x maxKpus 64\), got 0/);
  });
  test("fails when parallelism needs more KPUs than the quota", () => {
    expect(() => make({ parallelism: 129, parallelismPerKpu: 2 })).toThrow(/parallelism must be a whole number between 1 and 128 \(parallelismPerKpu 2 x maxKpus 64\), got 129/);
    expect(() => make({ parallelism: 129, parallelismPerKpu: 2, maxKpus: 100 })).not.toThrow();
  });
  test("fails when maxKpus is not positive", () => {
    expect(() => make({ maxKpus: 0 })).toThrow(/maxKpus must be a whole number between 1 and 100000, got 0/);
  });
  test("fails when log retention is not a CloudWatch value", () => {
    expect(() => make({ logRetentionDays: 10 })).toThrow(/logRetentionDays must be one of 0, 1, 3, .*, got 10/);
  });
  test("fails when logLevel or metricsLevel are unknown", () => {
    expect(() => make({ logLevel: "TRACE" as never })).toThrow(/logLevel must be one of INFO, WARN, ERROR, DEBUG, got TRACE/);
    expect(() => make({ metricsLevel: "JOB" as never })).toThrow(/metricsLevel must be one of APPLICATION, OPERATOR, TASK, PARALLELISM, got JOB/);
  });
  test("fails when a property group reuses a reserved id", () => {
    expect(() => make({ propertyGroups: { InputStream0: { a: "b" } } })).toThrow(/propertyGroups must not use the reserved group id "InputStream0"/);
  });
  test("fails when a property group id has characters the service refuses", () => {
    expect(() => make({ propertyGroups: { "window size": { a: "b" } } })).toThrow(/propertyGroups id must be letters, digits, _, \. or -, got "window size"/);
  });
  test("fails when a property group id is longer than 50 characters", () => {
    expect(() => make({ propertyGroups: { ["g".repeat(51)]: { a: "b" } } })).toThrow(/propertyGroups id must be at most 50 characters, got 51/);
  });
  test("fails when there are more than 50 property groups", () => {
    const groups = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`group${i}`, { a: "b" }]));
    expect(() => make({ propertyGroups: groups })).toThrow(/propertyGroups must hold at most 48 groups besides the module's 2, got 49/);
  });
  test("fails when a property group is empty or too large", () => {
    expect(() => make({ propertyGroups: { Empty: {} } })).toThrow(/propertyGroups.Empty must hold 1 to 50 properties, got 0/);
    const big = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    expect(() => make({ propertyGroups: { Big: big } })).toThrow(/propertyGroups.Big must hold 1 to 50 properties, got 51/);
  });
  test("fails when a property value is longer than 2048 characters", () => {
    expect(() => make({ propertyGroups: { Aggregation: { sql: "x".repeat(2049) } } })).toThrow(/propertyGroups.Aggregation.sql must be 1 to 2048 characters, got 2049/);
  });
  test("fails when the VPC has no subnets or too many security groups", () => {
    expect(() => make({ vpc: { subnetIds: [], securityGroupIds: ["sg-1"] } })).toThrow(/vpc.subnetIds must hold 1 to 16 subnets, got 0/);
    expect(() => make({ vpc: { subnetIds: ["subnet-1"], securityGroupIds: ["a", "b", "c", "d", "e", "f"] } })).toThrow(
      /vpc.securityGroupIds must hold 1 to 5 security groups, got 6/,
    );
  });
});
