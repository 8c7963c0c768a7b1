import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { Kinesisanalyticsv2Application } from "@cdktf/provider-aws/lib/kinesisanalyticsv2-application";
import { type AwsLocation, arnOf } from "../shared/arn";
import type { Label } from "../shared/label";
import type { MetricOptions, MetricSpec } from "../shared/metric";
import { ServiceRole } from "../shared/service-role";
import type { FLINK_LOG_LEVELS, FLINK_METRICS_LEVELS, FlinkRuntime } from "./defaults";
import { FlinkMetrics } from "./metrics";
import { type PropertyGroups, propertyGroups } from "./property-groups";
import type { FlinkInputStream, FlinkOutputStream } from "./streams";
import { resolveSettings, validateSettings } from "./settings";
import { type FlinkVpcConfig, grantVpcAccess } from "./vpc";

/** Props for {@link KinesisAnalytics}. */
export interface KinesisAnalyticsProps {
  /**
   * Naming context; resource names are derived from it: application `label.id("flinkApplication")`,
   * role `label.with("flink").id("iamRole")`, log group `/aws/kinesis-analytics/<application name>`.
   */
  readonly label: Label;
  /** Account and region, to scope the logs and network permissions. */
  readonly location: AwsLocation;
  /** The stream the application reads; the role gets its read grant. */
  readonly inputStream: FlinkInputStream;
  /** The stream the application writes; the role gets its write grant. */
  readonly outputStream: FlinkOutputStream;
  /** ARN of the bucket holding the application JAR/ZIP. */
  readonly codeBucketArn: string;
  /** Key of the application JAR/ZIP in the bucket; the role may read that object only. */
  readonly codeFileKey: string;
  /**
   * Version of the code object to run (for a versioned bucket); changing it redeploys the code.
   * @default - the latest version at the time the application is updated
   */
  readonly codeObjectVersion?: string;
  /**
   * Customer-managed KMS key encrypting the code object; the role gets kms:Decrypt on it.
   * @default - no key permission (the object uses S3-managed or no encryption)
   */
  readonly codeKeyArn?: string;
  /**
   * @default "FLINK-1_20"
   */
  readonly runtime?: FlinkRuntime;
  /**
   * Milliseconds between checkpoints (checkpointing is always on), at least 1000.
   * @default 60000
   */
  readonly checkpointIntervalMs?: number;
  /**
   * Milliseconds between the end of one checkpoint and the start of the next.
   * @default 5000
   */
  readonly minPauseBetweenCheckpointsMs?: number;
  /**
   * Initial parallelism, and the floor autoscaling scales back to: 1 to parallelismPerKpu x maxKpus.
   * @default 1
   */
  readonly parallelism?: number;
  /**
   * Parallel tasks per KPU (1 vCPU, 4 GB): 1 to 8; higher suits I/O-bound jobs.
   * @default 1
   */
  readonly parallelismPerKpu?: number;
  /**
   * Let the service raise parallelism under load (up to parallelismPerKpu x maxKpus) and lower it back.
   * @default true
   */
  readonly autoScalingEnabled?: boolean;
  /**
   * The account's KPU quota per application, to check `parallelism` against (raise it after a quota increase).
   * @default 64
   */
  readonly maxKpus?: number;
  /**
   * Take snapshots on stop and update, and restore from the latest one on start.
   * @default true
   */
  readonly snapshotsEnabled?: boolean;
  /**
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * KMS key encrypting the log group (its key policy must allow `logs.<region>.amazonaws.com`).
   * @default - CloudWatch Logs' own encryption
   */
  readonly logKmsKeyArn?: string;
  /**
   * @default "INFO"
   */
  readonly logLevel?: (typeof FLINK_LOG_LEVELS)[number];
  /**
   * @default "APPLICATION"
   */
  readonly metricsLevel?: (typeof FLINK_METRICS_LEVELS)[number];
  /**
   * Runtime properties by group, e.g. `{ Aggregation: { "window.size.seconds": "60" } }`. The module adds
   * `InputStream0` and `OutputStream0` (`stream.arn`, `stream.name`, `aws.region`) itself.
   * @default {}
   */
  readonly propertyGroups?: PropertyGroups;
  /**
   * Run the application in private subnets (e.g. to reach a VPC-only OpenSearch domain). The subnets
   * then need a route to Kinesis, S3 and CloudWatch Logs (NAT or interface/gateway endpoints).
   * @default - no VPC: the service's network
   */
  readonly vpc?: FlinkVpcConfig;
  /**
   * Start the application on apply. Off by default: the code object is usually uploaded by a deploy step
   * after the infrastructure exists, and starting without it fails the apply; start it from the deploy
   * step, or turn this on once the object exists (Terraform then starts and stops it with the setting).
   * @default false
   */
  readonly startApplication?: boolean;
  /**
   * @default - "Managed by the streaming platform"
   */
  readonly description?: string;
  /**
   * Merged over the provider's default tags.
   * @default - no extra tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A Managed Service for Apache Flink application reading one stream and writing another, with
 * checkpointing, snapshots and autoscaling on, logs in a retained log group, and a least-privilege role.
 */
export class KinesisAnalytics extends Construct {
  /** The application name a label gives: `label.id("flinkApplication")`. */
  static applicationNameOf(label: Label): string {
    return label.id("flinkApplication");
  }

  /** The application ARN a label gives, for a stack that refers to it by name. */
  static applicationArnOf(label: Label, location: AwsLocation): string {
    return arnOf(location, "kinesisanalytics", `application/${KinesisAnalytics.applicationNameOf(label)}`);
  }

  /** `label.id("flinkApplication")`. */
  readonly applicationName: string;
  readonly applicationArn: string;
  /** The application's role (`label.with("flink").id("iamRole")`), to grant it more. */
  readonly role: ServiceRole;
  readonly roleArn: string;
  /** `/aws/kinesis-analytics/<application name>`. */
  readonly logGroupName: string;
  /** The application's metrics, as {@link FlinkMetrics}. */
  readonly metrics: FlinkMetrics;

  constructor(scope: Construct, id: string, props: KinesisAnalyticsProps) {
    super(scope, id);
    const settings = resolveSettings(props);
    validateSettings(settings, props);
    const { location } = props;
    const name = KinesisAnalytics.applicationNameOf(props.label);
    const logGroupName = `/aws/kinesis-analytics/${name}`;
    const logStreamName = "kinesis-analytics-log-stream";

    const logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: logGroupName,
      retentionInDays: settings.logRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    const logStream = new CloudwatchLogStream(this, "LogStream", { name: logStreamName, logGroupName: logGroup.name });

    const role = new ServiceRole(this, "Role", {
      label: props.label.with("flink"),
      servicePrincipal: "kinesisanalytics.amazonaws.com",
      sourceAccount: location.accountId,
      description: `Runs the Flink application ${name}`,
      tags: props.tags,
    });
    role.addToPolicy({
      sid: "ReadApplicationCode",
      actions: ["s3:GetObject", "s3:GetObjectVersion"],
      resources: [`${props.codeBucketArn}/${props.codeFileKey}`],
    });
    if (props.codeKeyArn) role.addToPolicy({ sid: "DecryptApplicationCode", actions: ["kms:Decrypt"], resources: [props.codeKeyArn] });
    const logGroupArn = arnOf(location, "logs", `log-group:${logGroupName}`);
    role.addToPolicy({
      sid: "ListLogGroups",
      actions: ["logs:DescribeLogGroups"],
      // DescribeLogGroups is authorized against the account's log-group namespace, not one group.
      resources: [arnOf(location, "logs", "log-group:*")],
    });
    role.addToPolicy({ sid: "ListLogStreams", actions: ["logs:DescribeLogStreams"], resources: [`${logGroupArn}:log-stream:*`] });
    role.addToPolicy({ sid: "PutLogEvents", actions: ["logs:PutLogEvents"], resources: [`${logGroupArn}:log-stream:${logStreamName}`] });
    props.inputStream.grantRead(role);
    props.outputStream.grantWrite(role);
    if (props.vpc) grantVpcAccess(role, location, props.vpc);

    const groups = propertyGroups(
      {
        InputStream0: { "stream.arn": props.inputStream.streamArn, "stream.name": props.inputStream.streamName, "aws.region": location.region },
        OutputStream0: { "stream.arn": props.outputStream.streamArn, "stream.name": props.outputStream.streamName, "aws.region": location.region },
      },
      props.propertyGroups ?? {},
    );
    const policy = role.policyResource;
    const application = new Kinesisanalyticsv2Application(this, "Resource", {
      name,
      description: props.description ?? "Managed by the streaming platform",
      runtimeEnvironment: settings.runtime,
      serviceExecutionRole: role.roleArn,
      startApplication: settings.startApplication,
      applicationConfiguration: {
        applicationCodeConfiguration: {
          codeContentType: "ZIPFILE",
          codeContent: {
            s3ContentLocation: { bucketArn: props.codeBucketArn, fileKey: props.codeFileKey, objectVersion: props.codeObjectVersion },
          },
        },
        applicationSnapshotConfiguration: { snapshotsEnabled: settings.snapshotsEnabled },
        environmentProperties: { propertyGroup: groups },
        flinkApplicationConfiguration: {
          checkpointConfiguration: {
            configurationType: "CUSTOM",
            checkpointingEnabled: true,
            checkpointInterval: settings.checkpointIntervalMs,
            minPauseBetweenCheckpoints: settings.minPauseBetweenCheckpointsMs,
          },
          monitoringConfiguration: { configurationType: "CUSTOM", logLevel: settings.logLevel, metricsLevel: settings.metricsLevel },
          parallelismConfiguration: {
            configurationType: "CUSTOM",
            autoScalingEnabled: settings.autoScalingEnabled,
            parallelism: settings.parallelism,
            parallelismPerKpu: settings.parallelismPerKpu,
          },
        },
        runConfiguration: {
          applicationRestoreConfiguration: {
            // Restoring from a snapshot is refused when snapshots are off.
            applicationRestoreType: settings.snapshotsEnabled ? "RESTORE_FROM_LATEST_SNAPSHOT" : "SKIP_RESTORE_FROM_SNAPSHOT",
          },
          flinkRunConfiguration: { allowNonRestoredState: false },
        },
        vpcConfiguration: props.vpc ? { subnetIds: [...props.vpc.subnetIds], securityGroupIds: [...props.vpc.securityGroupIds] } : undefined,
      },
      cloudwatchLoggingOptions: { logStreamArn: logStream.arn },
      tags: props.tags ? { ...props.tags } : undefined,
      // The role's permissions must exist before the service checks them (on start).
      dependsOn: policy ? [policy] : undefined,
    });
    this.applicationName = application.name;
    this.applicationArn = application.arn;
    this.role = role;
    this.roleArn = role.roleArn;
    this.logGroupName = logGroup.name;
    this.metrics = new FlinkMetrics(name);
  }

}
