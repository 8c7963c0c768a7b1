/** Documented defaults and AWS limits of the Kinesis Data Streams module. */

/** Hours a record stays readable when `retentionHours` is not given (the AWS minimum). */
export const DEFAULT_RETENTION_HOURS = 24;
/** The shortest retention AWS accepts, in hours. */
export const MIN_RETENTION_HOURS = 24;
/** The longest retention AWS accepts, in hours (365 days). */
export const MAX_RETENTION_HOURS = 8760;

/**
 * The default per-account open-shard quota in the smallest case. AWS sets 20,000 shards in us-east-1,
 * us-west-2 and eu-west-1, and 1,000 or 6,000 in the other regions; 1,000 fits every region.
 * Raise it with `shardQuota` when the account's quota is known to be higher.
 */
export const DEFAULT_SHARD_QUOTA = 1000;

/** Enhanced fan-out consumers AWS lets one stream register. */
export const MAX_CONSUMERS_PER_STREAM = 20;

/** Write capacity of one provisioned shard: 1 MiB/s. */
export const SHARD_WRITE_MIB_PER_SECOND = 1;
/** Write capacity of one provisioned shard: 1,000 records/s. */
export const SHARD_WRITE_RECORDS_PER_SECOND = 1000;
/** Read capacity of one shard shared by all shared-throughput (polling) consumers: 2 MiB/s. */
export const SHARD_SHARED_READ_MIB_PER_SECOND = 2;

/** The AWS-managed key Kinesis encrypts with when no customer key is used. */
export const AWS_MANAGED_KINESIS_KEY = "alias/aws/kinesis";

/** Days a deleted customer key waits before it is destroyed (the AWS maximum, to allow recovery). */
export const KEY_DELETION_WINDOW_DAYS = 30;

/**
 * Shard-level (enhanced) metrics AWS accepts. `ALL` is left out on purpose: list the metrics so the
 * plan shows exactly what is billed.
 */
export const SHARD_LEVEL_METRICS = [
  "IncomingBytes",
  "IncomingRecords",
  "OutgoingBytes",
  "OutgoingRecords",
  "WriteProvisionedThroughputExceeded",
  "ReadProvisionedThroughputExceeded",
  "IteratorAgeMilliseconds",
] as const;

/** One shard-level metric name. */
export type ShardLevelMetric = (typeof SHARD_LEVEL_METRICS)[number];

/** Interface VPC endpoint services a producer inside a VPC may need. */
export const VPC_ENDPOINT_SERVICES = ["kinesis-streams", "firehose"] as const;

/** One interface VPC endpoint service. */
export type VpcEndpointService = (typeof VPC_ENDPOINT_SERVICES)[number];
