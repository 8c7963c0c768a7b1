import type { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { DeliveryStreamBase } from "../firehose-s3/delivery-stream-base";
import { type ISecureBucket, SecureBucket } from "../secure-bucket/secure-bucket";
import type { DomainMetrics } from "../opensearch-domain/metrics";
import { OpenSearchDomain } from "../opensearch-domain/opensearch-domain";
import type { AwsLocation } from "../shared/arn";
import type { Label } from "../shared/label";
import { ServiceRole } from "../shared/service-role";
import { assertLogRetentionDays } from "../shared/validate";
import {
  BACKUP_LOG_STREAM,
  DEFAULT_BACKUP_PREFIX,
  DEFAULT_BUFFERING_INTERVAL_SECONDS,
  DEFAULT_BUFFERING_SIZE_MIB,
  DEFAULT_DELIVERY_LOG_RETENTION_DAYS,
  DEFAULT_RETRY_DURATION_SECONDS,
  DESTINATION_LOG_STREAM,
} from "./defaults";
import { type DeliverySettings, type IndexRotation, type S3BackupMode, assertDeliverySettings } from "./delivery-rules";
import { OpenSearchDestination } from "./destination";
import { DomainAdminRole } from "./domain-admin-role";
import { OpenSearchDeliveryMetrics } from "./metrics";
import { ServerlessCollection } from "./serverless-collection";
import type { DeliverySourceStream } from "./source";
import { VpcDelivery, type VpcDeliveryOptions } from "./vpc-delivery";

/** Props for {@link FirehoseOpenSearch}. */
export interface FirehoseOpenSearchProps {
  /** Naming context; the delivery stream is `label.id("firehoseDeliveryStream")`. */
  readonly label: Label;
  /** The account and Region everything lives in (role trust, domain ARN for its log policy). */
  readonly location: AwsLocation;
  /**
   * The Kinesis data stream to read. Firehose then refuses direct PUTs and takes its encryption from the stream.
   * @default - direct PUT, encrypted at rest with an AWS-owned key
   */
  readonly sourceStream?: DeliverySourceStream;
  /**
   * Where records are indexed.
   * @default - a domain is created: `OpenSearchDestination.newDomain()`
   */
  readonly destination?: OpenSearchDestination;
  /**
   * The index (1-80 characters, lower-case, none of ` , " * \ < | > / ? # :`, not starting with `_ - +`).
   * @default - `label.id(80)`
   */
  readonly indexName?: string;
  /**
   * Appends the date to the index name so old indexes can be dropped whole. Serverless collections support only `NoRotation`.
   * @default - "OneDay" for domains, "NoRotation" for serverless collections
   */
  readonly indexRotation?: IndexRotation;
  /**
   * How long Firehose retries a failed bulk request (0-7200 s) before backing the documents up to S3.
   * @default 300
   */
  readonly retryDurationSeconds?: number;
  /**
   * @default 60
   */
  readonly bufferingIntervalSeconds?: number;
  /**
   * @default 5
   */
  readonly bufferingSizeMiB?: number;
  /**
   * Which records go to the backup bucket. The Firehose update API cannot change it: changing it replaces the delivery stream.
   * @default "FailedDocumentsOnly"
   */
  readonly s3BackupMode?: S3BackupMode;
  /**
   * The bucket for failed (or all) documents.
   * @default - a SecureBucket named `label.with("backup").id("s3Bucket")` (KMS, versioned, private, TLS-only)
   */
  readonly backupBucket?: ISecureBucket;
  /**
   * Key prefix of the backup objects.
   * @default "opensearch-backup/"
   */
  readonly backupPrefix?: string;
  /**
   * Deliver through network interfaces in a VPC; a domain the module creates is placed there too
   * (the account needs OpenSearch's service-linked role, `AWSServiceRoleForAmazonOpenSearchService`).
   * Not available for serverless collections.
   * @default - the domain's public HTTPS endpoint
   */
  readonly vpc?: VpcDeliveryOptions;
  /**
   * Retention of the delivery error log group `/aws/kinesisfirehose/<deliveryStreamName>`.
   * @default 30
   */
  readonly logRetentionDays?: number;
}

/**
 * A Firehose delivery stream into OpenSearch: a domain it creates (secure by construction), an existing
 * domain, or an OpenSearch Serverless collection. Documents OpenSearch refuses are never lost: after
 * the retry duration they go to an encrypted S3 bucket. Delivery errors are logged to CloudWatch.
 */
export class FirehoseOpenSearch extends DeliveryStreamBase {
  /** The name of the backup bucket the module creates for a label: `label.with("backup").id("s3Bucket")`. */
  static backupBucketNameOf(label: Label): string {
    return SecureBucket.bucketNameOf(backupLabel(label));
  }

  /** The delivery role's name for a label: `label.with("firehose").id("iamRole")`. */
  static deliveryRoleNameOf(label: Label): string {
    return label.with("firehose").id("iamRole");
  }

  /** The administrator role created as a new domain's master user: `label.with("search-admin").id("iamRole")`. */
  static domainAdminRoleNameOf(label: Label): string {
    return DomainAdminRole.roleNameOf(label);
  }

  /** `label.id("firehoseDeliveryStream")` */
  readonly deliveryStreamName: string;
  readonly deliveryStreamArn: string;
  /** The delivery role: `label.with("firehose").id("iamRole")`. */
  readonly roleArn: string;
  /** The backup bucket's name. */
  readonly backupBucketName: string;
  /**
   * The created domain's master user when no `masterUserArn` was given:
   * `label.with("search-admin").id("iamRole")`; undefined otherwise.
   */
  readonly domainAdminRoleArn?: string;
  /** The index the stream writes (the prefix of its rotations). */
  readonly indexName: string;
  /** The domain's name (`label.id("openSearchDomain")` when created); undefined for a serverless collection. */
  readonly domainName?: string;
  readonly domainArn?: string;
  /** The domain's HTTPS host name; undefined for a serverless collection. */
  readonly domainEndpoint?: string;
  /** The collection's ARN; undefined for a domain. */
  readonly collectionArn?: string;
  /** The collection's HTTPS endpoint; undefined for a domain. */
  readonly collectionEndpoint?: string;
  /** The delivery stream's metrics. */
  readonly metrics: OpenSearchDeliveryMetrics;
  /** None: a direct-PUT stream uses an AWS-owned key, and one reading Kinesis takes the stream's encryption. */
  readonly encryptionKeyArn = undefined;
  /** The created domain's metrics; undefined otherwise. */
  readonly domainMetrics?: DomainMetrics;
  protected readonly region: string;
  protected readonly directPut: boolean;

  constructor(scope: Construct, id: string, props: FirehoseOpenSearchProps) {
    super(scope, id);
    const destination = props.destination ?? OpenSearchDestination.newDomain();
    const serverless = destination.kind === "serverlessCollection";
    const settings: DeliverySettings = {
      indexName: props.indexName ?? props.label.id(80),
      indexRotation: props.indexRotation ?? (serverless ? "NoRotation" : "OneDay"),
      retryDurationSeconds: props.retryDurationSeconds ?? DEFAULT_RETRY_DURATION_SECONDS,
      bufferingIntervalSeconds: props.bufferingIntervalSeconds ?? DEFAULT_BUFFERING_INTERVAL_SECONDS,
      bufferingSizeMiB: props.bufferingSizeMiB ?? DEFAULT_BUFFERING_SIZE_MIB,
      s3BackupMode: props.s3BackupMode ?? "FailedDocumentsOnly",
    };
    assertDeliverySettings(settings);
    this.indexName = settings.indexName;
    if (serverless && settings.indexRotation !== "NoRotation") {
      throw new Error(`indexRotation must be NoRotation for a serverless collection, got ${settings.indexRotation}`);
    }
    if (serverless && props.vpc) {
      throw new Error("vpc is not supported for a serverless collection: it needs an OpenSearch Serverless VPC endpoint, got vpc");
    }
    const logRetentionDays = props.logRetentionDays ?? DEFAULT_DELIVERY_LOG_RETENTION_DAYS;
    assertLogRetentionDays("logRetentionDays", logRetentionDays);
    const deliveryStreamName = FirehoseOpenSearch.deliveryStreamNameOf(props.label);

    const role = new ServiceRole(this, "Role", {
      label: props.label.with("firehose"),
      servicePrincipal: "firehose.amazonaws.com",
      sourceAccount: props.location.accountId,
      description: `Firehose delivery stream ${deliveryStreamName} into OpenSearch`,
    });
    this.roleArn = role.roleArn;
    props.sourceStream?.grantRead(role);
    this.directPut = props.sourceStream === undefined;
    this.region = props.location.region;

    const bucket = props.backupBucket ?? new SecureBucket(this, "BackupBucket", { label: backupLabel(props.label) });
    const backupPrefix = props.backupPrefix ?? DEFAULT_BACKUP_PREFIX;
    bucket.grantWrite(role, backupPrefix);
    this.backupBucketName = bucket.bucketName;

    const logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: `/aws/kinesisfirehose/${deliveryStreamName}`,
      retentionInDays: logRetentionDays,
    });
    for (const [streamId, streamName] of [
      ["DestinationLogStream", DESTINATION_LOG_STREAM],
      ["BackupLogStream", BACKUP_LOG_STREAM],
    ] as const) {
      new CloudwatchLogStream(this, streamId, { name: streamName, logGroupName: logGroup.name });
    }
    role.addToPolicy({ sid: "DeliveryErrorLogs", actions: ["logs:PutLogEvents"], resources: [`${logGroup.arn}:log-stream:*`] });
    const logging = (logStreamName: string) => ({ enabled: true, logGroupName: logGroup.name, logStreamName });

    const network = props.vpc
      ? new VpcDelivery(this, "Vpc", { ...props.vpc, label: props.label, role, createDomainSecurityGroup: destination.kind === "newDomain" })
      : undefined;
    const vpcConfig = network
      ? { roleArn: role.roleArn, subnetIds: [...props.vpc!.subnetIds], securityGroupIds: [...network.securityGroupIds] }
      : undefined;

    const common = {
      indexName: settings.indexName,
      retryDuration: settings.retryDurationSeconds,
      bufferingInterval: settings.bufferingIntervalSeconds,
      bufferingSize: settings.bufferingSizeMiB,
      roleArn: role.roleArn,
      s3BackupMode: settings.s3BackupMode,
      cloudwatchLoggingOptions: logging(DESTINATION_LOG_STREAM),
      s3Configuration: {
        bucketArn: bucket.bucketArn,
        roleArn: role.roleArn,
        prefix: backupPrefix,
        compressionFormat: "GZIP",
        cloudwatchLoggingOptions: logging(BACKUP_LOG_STREAM),
      },
      vpcConfig,
    };

    let opensearchConfiguration;
    let opensearchserverlessConfiguration;
    if (destination.kind === "serverlessCollection") {
      const collection = new ServerlessCollection(this, "Collection", { ...destination.options, label: props.label });
      collection.grantWrite(role, settings.indexName);
      this.collectionArn = collection.collectionArn;
      this.collectionEndpoint = collection.collectionEndpoint;
      opensearchserverlessConfiguration = { ...common, collectionEndpoint: collection.collectionEndpoint };
    } else {
      if (destination.kind === "newDomain") {
        const { options } = destination;
        // The master user may delete anything: never the delivery role, which gets a writer role mapped after deploy.
        const admin = options.masterUserArn === undefined ? new DomainAdminRole(this, "DomainAdminRole", { label: props.label, location: props.location, domainName: OpenSearchDomain.domainNameOf(props.label) }) : undefined;
        this.domainAdminRoleArn = admin?.roleArn;
        const domain = new OpenSearchDomain(this, "Domain", {
          ...options,
          label: props.label,
          location: props.location,
          masterUserArn: options.masterUserArn ?? admin!.roleArn,
          vpcSubnetIds: props.vpc ? (options.vpcSubnetIds ?? props.vpc.subnetIds) : undefined,
          vpcSecurityGroupIds: network?.domainSecurityGroupId ? [network.domainSecurityGroupId] : undefined,
        });
        domain.grantWrite(role);
        this.domainName = domain.domainName;
        this.domainArn = domain.domainArn;
        this.domainEndpoint = domain.domainEndpoint;
        this.domainMetrics = domain.metrics;
      } else {
        this.domainName = destination.domainName;
        this.domainArn = destination.domainArn;
        this.domainEndpoint = destination.domainEndpoint;
        role.addToPolicy({
          sid: "OpenSearchDomainWrite",
          actions: ["es:DescribeDomain", "es:DescribeDomains", "es:DescribeDomainConfig", "es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut"],
          resources: [destination.domainArn, `${destination.domainArn}/*`],
        });
      }
      opensearchConfiguration = { ...common, domainArn: this.domainArn!, indexRotationPeriod: settings.indexRotation };
    }

    const stream = new KinesisFirehoseDeliveryStream(this, "Resource", {
      name: deliveryStreamName,
      destination: serverless ? "opensearchserverless" : "opensearch",
      kinesisSourceConfiguration: props.sourceStream ? { kinesisStreamArn: props.sourceStream.streamArn, roleArn: role.roleArn } : undefined,
      // AWS refuses server-side encryption on a stream that reads Kinesis: the source stream's encryption applies.
      serverSideEncryption: props.sourceStream ? undefined : { enabled: true, keyType: "AWS_OWNED_CMK" },
      opensearchConfiguration,
      opensearchserverlessConfiguration,
      // The role's inline policy must exist before Firehose checks its permissions on creation.
      dependsOn: role.policyResource ? [role.policyResource] : undefined,
    });
    this.deliveryStreamName = stream.name;
    this.deliveryStreamArn = stream.arn;
    this.metrics = new OpenSearchDeliveryMetrics(deliveryStreamName);
  }
}

function backupLabel(label: Label): Label {
  return label.with("backup");
}
