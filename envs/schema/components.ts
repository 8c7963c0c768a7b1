import { z } from "zod";

/** Names of components and pipelines: lower-case kebab, so they fit stack names and labels. */
export const KebabNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "expected a lower-case kebab-case name like \"iops-events\"")
  .max(24);

/** Whether an inherited component is deployed; `false` turns it off in an overriding file. */
const enabled = z.boolean().default(true).describe("Deploy this component. Set false to turn off an inherited one.");

/** Which stream a consumer reads from. */
export const StreamSourceSchema = z.enum(["stream", "outputStream"]).default("stream");

/** A Kinesis data stream (`stream` and `outputStream`). */
export const StreamComponentSchema = z.strictObject({
  enabled,
  mode: z.enum(["on-demand", "provisioned"]).default("on-demand"),
  shardCount: z.int().positive().optional().describe("Required in provisioned mode, refused in on-demand mode."),
  retentionHours: z.int().min(24).max(8760).default(24),
  encryption: z.enum(["aws-managed", "customer-managed"]).default("aws-managed"),
  shardLevelMetrics: z.array(z.string()).optional(),
  consumers: z.array(KebabNameSchema).max(20).optional()
    .describe("Enhanced fan-out consumers registered with the stream, for readers outside the platform. Processors with enhancedFanOut register their own."),
});

/** A DynamoDB table used for lookups or results. */
export const TableComponentSchema = z.strictObject({
  partitionKey: z.string().min(1),
  partitionKeyType: z.enum(["S", "N", "B"]).default("S"),
  sortKey: z.string().min(1).optional(),
  sortKeyType: z.enum(["S", "N", "B"]).default("S"),
  ttlAttribute: z.string().min(1).optional(),
  deletionProtection: z.boolean().optional(),
});

/** The set of tables a pipeline owns, by name; deployed together as the `tables` stack. */
export const TablesComponentSchema = z.strictObject({
  enabled,
  tables: z.record(KebabNameSchema, TableComponentSchema),
});

/** Functions shipped in `functions/` that a processor can run. */
export const HANDLERS = ["stream-processor", "enrichment", "log-filter", "fraud-detector"] as const;

/** A Lambda consumer of one of the pipeline's streams. */
export const ProcessorComponentSchema = z.strictObject({
  enabled,
  name: KebabNameSchema.describe("Component name: the stack is <env>-<pipeline>-<name>."),
  handler: z.enum(HANDLERS),
  source: StreamSourceSchema,
  memoryMiB: z.int().min(128).max(10240).optional(),
  timeoutSeconds: z.int().min(1).max(900).optional(),
  reservedConcurrency: z.int().min(0).optional(),
  batchSize: z.int().min(1).max(10000).optional(),
  batchWindowSeconds: z.int().min(0).max(300).optional(),
  parallelizationFactor: z.int().min(1).max(10).optional(),
  startingPosition: z.enum(["LATEST", "TRIM_HORIZON"]).optional(),
  maximumRetryAttempts: z.int().min(0).max(10000).optional(),
  maximumRecordAgeSeconds: z.int().min(60).max(604800).optional(),
  enhancedFanOut: z.boolean().default(false).describe("Read through a dedicated consumer that the processor's stack registers (named after the processor)."),
  logRetentionDays: z.int().optional(),
  outputLogRetentionDays: z.int().optional().describe("Retention of the log group the log-filter writes kept lines to."),
  table: KebabNameSchema.optional().describe("A table of this pipeline's `tables` the function reads or writes."),
  writesToOutputStream: z.boolean().default(false),
  alertTopic: z.boolean().default(false).describe("Create an SNS topic the function publishes to."),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional()
    .describe("Function-specific settings passed as environment variables."),
});

/** Lifecycle of archived objects, in days after creation. */
export const LifecycleSchema = z.strictObject({
  infrequentAccessDays: z.int().min(30).optional(),
  glacierDays: z.int().min(1).optional(),
  expirationDays: z.int().min(1).optional(),
});

/** Firehose delivery of a stream into S3. */
export const ArchiveComponentSchema = z.strictObject({
  enabled,
  source: StreamSourceSchema,
  bufferingIntervalSeconds: z.int().min(0).max(900).optional(),
  bufferingSizeMiB: z.int().min(1).max(128).optional(),
  compression: z.enum(["GZIP", "Snappy", "ZIP", "HADOOP_SNAPPY", "UNCOMPRESSED"]).optional(),
  prefix: z.string().optional(),
  errorOutputPrefix: z.string().optional(),
  lifecycle: LifecycleSchema.optional(),
  retainOnDelete: z.boolean().default(true),
});

/** Firehose delivery of a stream into OpenSearch. */
export const SearchComponentSchema = z.strictObject({
  enabled,
  source: StreamSourceSchema,
  indexName: z.string().min(1),
  indexRotation: z.enum(["NoRotation", "OneHour", "OneDay", "OneWeek", "OneMonth"]).optional(),
  retryDurationSeconds: z.int().min(0).max(7200).optional(),
  bufferingIntervalSeconds: z.int().min(0).max(900).optional(),
  bufferingSizeMiB: z.int().min(1).max(100).optional(),
  backupMode: z.enum(["FailedDocumentsOnly", "AllDocuments"]).optional(),
  logRetentionDays: z.int().optional(),
  domain: z.strictObject({
    engineVersion: z.string().optional(),
    instanceType: z.string().optional(),
    instanceCount: z.int().min(1).optional(),
    availabilityZoneCount: z.int().min(1).max(3).optional(),
    volumeSizeGiB: z.int().min(10).optional(),
    dedicatedMasterType: z.string().optional().describe("Dedicated master node type; none when unset."),
    dedicatedMasterCount: z.int().min(0).optional(),
    masterUserArn: z.string().optional().describe("IAM role administering the domain; the delivery role when unset."),
  }).optional().describe("Size of the domain the pipeline creates."),
});

/** Managed Service for Apache Flink reading the stream and writing the output stream. */
export const AnalyticsComponentSchema = z.strictObject({
  enabled,
  runtime: z.string().optional(),
  parallelism: z.int().min(1).optional(),
  parallelismPerKpu: z.int().min(1).max(8).optional(),
  codeKey: z.string().min(1).describe("Object key of the application jar in the environment's artifact bucket."),
  windowSeconds: z.int().min(1).default(60),
});

/** The HTTP ingest API writing to the stream. */
export const ApiComponentSchema = z.strictObject({
  enabled,
  authorization: z
    .discriminatedUnion("type", [
      z.strictObject({ type: z.literal("AWS_IAM") }),
      z.strictObject({ type: z.literal("JWT"), issuer: z.url(), audience: z.array(z.string().min(1)).min(1) }),
      z.strictObject({ type: z.literal("NONE"), reason: z.string().min(10).describe("Why this API may be called without authentication.") }),
    ])
    .default({ type: "AWS_IAM" }),
  throttlingBurstLimit: z.int().min(0).optional(),
  throttlingRateLimit: z.number().min(0).optional(),
});

/** Alarm thresholds and the dashboard of a pipeline. */
export const AlarmsComponentSchema = z.strictObject({
  enabled,
  iteratorAgeSeconds: z.number().positive().default(60),
  writeThrottleRatePercent: z.number().min(0).max(100).default(0),
  noIncomingRecordsMinutes: z.int().min(1).optional().describe("Alarm when nothing arrives this long; off when unset."),
  deliveryFreshnessSeconds: z.int().min(60).default(900),
  processingLagSeconds: z.int().min(1).default(300),
  errorRatePercent: z.number().min(0).max(100).default(1),
  malformedRatePercent: z.number().min(0).max(100).optional(),
  dashboard: z.boolean().default(true),
});

/** Expected traffic, used to size streams, to check capacity and to estimate cost. */
export const TrafficSchema = z.strictObject({
  peakRecordsPerSecond: z.number().positive(),
  averageRecordBytes: z.int().positive(),
  averageRecordsPerSecond: z.number().positive().optional(),
});
