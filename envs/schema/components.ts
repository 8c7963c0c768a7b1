import { z } from "zod";
import { DEFAULT_SHARD_QUOTA, MAX_CONSUMERS_PER_STREAM, MAX_RETENTION_HOURS, MIN_RETENTION_HOURS, SHARD_LEVEL_METRICS } from "../../modules/kinesis-ingest/defaults";
import { FLINK_LIMITS, FLINK_RUNTIMES } from "../../modules/kinesis-analytics/defaults";
import {
  DEFAULT_ROUTE_PATHS, DEFAULT_STAGE_NAME, MAX_THROTTLING_BURST_LIMIT, MAX_THROTTLING_RATE_LIMIT, ROUTE_PATH_PATTERN, STAGE_NAME_PATTERN,
} from "../../modules/http-ingest-api/defaults";
import {
  MAX_BATCH_SIZE, MAX_BATCHING_WINDOW_SECONDS, MAX_MEMORY_SIZE_MB, MAX_PARALLELIZATION_FACTOR, MAX_RECORD_AGE_SECONDS,
  MAX_RETRY_ATTEMPTS, MAX_TIMEOUT_SECONDS, MIN_MEMORY_SIZE_MB, MIN_RECORD_AGE_SECONDS, MIN_RESERVED_CONCURRENCY,
} from "../../modules/lambda-enrichment/defaults";
import { MIN_INFREQUENT_ACCESS_DAYS } from "../../modules/secure-bucket/defaults";
import { LOG_RETENTION_DAYS } from "../../modules/shared/validate";
import { DEFAULT_EVENTS_RETENTION_DAYS, EVENTS_TABLE_TTL_ATTRIBUTE, MAX_EVENTS_RETENTION_DAYS } from "../../functions/stream-processor/contract";
import { HANDLER_RECORD_FIELDS, HANDLERS } from "./handlers";

/** Shard-level metrics a stream enables unless it says otherwise: the ones seed 004's guide turns on. */
export const GUIDE_SHARD_LEVEL_METRICS = ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords"] as const;

/** Names of components and pipelines: lower-case kebab, so they fit stack names and labels. */
export const KebabNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "expected a lower-case kebab-case name like \"iops-events\"")
  .max(24);

/** A retention CloudWatch Logs accepts, in days (0: never expire). */
export const LogRetentionDaysSchema = z.union(LOG_RETENTION_DAYS.map((days) => z.literal(days)), {
  error: `expected one of the retentions CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(", ")} days; 0 keeps logs forever)`,
});

/** Whether an inherited component is deployed; `false` turns it off in an overriding file. */
const enabled = z.boolean().default(true).describe("Deploy this component. Set false to turn off an inherited one.");

/** Which stream a consumer reads from. */
export const StreamSourceSchema = z.enum(["stream", "outputStream"]).default("stream");

/** A Kinesis data stream (`stream` and `outputStream`). */
export const StreamComponentSchema = z.strictObject({
  enabled,
  mode: z.enum(["on-demand", "provisioned"]).default("on-demand"),
  shardCount: z.int().positive().max(DEFAULT_SHARD_QUOTA).optional().describe("Required in provisioned mode, refused in on-demand mode."),
  retentionHours: z.int().min(MIN_RETENTION_HOURS).max(MAX_RETENTION_HOURS).default(MIN_RETENTION_HOURS),
  encryption: z.enum(["aws-managed", "customer-managed"]).default("aws-managed"),
  shardLevelMetrics: z.array(z.enum(SHARD_LEVEL_METRICS)).default([...GUIDE_SHARD_LEVEL_METRICS])
    .describe("Shard-level (enhanced) metrics, billed per shard and metric. Default: seed 004's IncomingBytes, IncomingRecords, OutgoingBytes, OutgoingRecords; [] turns them off."),
  consumers: z.array(KebabNameSchema).max(MAX_CONSUMERS_PER_STREAM).optional()
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

/** Producer field names by record field, for the handlers that read other shapes than their own. */
export const FieldMappingSchema = z.strictObject(
  Object.fromEntries([...new Set(Object.values(HANDLER_RECORD_FIELDS).flat())].map((field) => [field, z.string().min(1).optional()])),
);

/** A Lambda consumer of one of the pipeline's streams. */
export const ProcessorComponentSchema = z.strictObject({
  enabled,
  name: KebabNameSchema.describe("Component name: the stack is <env>-<pipeline>-<name>."),
  handler: z.enum(HANDLERS),
  source: StreamSourceSchema,
  memoryMiB: z.int().min(MIN_MEMORY_SIZE_MB).max(MAX_MEMORY_SIZE_MB).optional(),
  timeoutSeconds: z.int().min(1).max(MAX_TIMEOUT_SECONDS).optional(),
  reservedConcurrency: z.int().min(MIN_RESERVED_CONCURRENCY).optional()
    .describe("At least 1 (0 would stop every invocation) and at least parallelizationFactor."),
  batchSize: z.int().min(1).max(MAX_BATCH_SIZE).optional(),
  batchWindowSeconds: z.int().min(0).max(MAX_BATCHING_WINDOW_SECONDS).optional(),
  parallelizationFactor: z.int().min(1).max(MAX_PARALLELIZATION_FACTOR).optional(),
  startingPosition: z.enum(["LATEST", "TRIM_HORIZON"]).optional(),
  maximumRetryAttempts: z.int().min(0).max(MAX_RETRY_ATTEMPTS).optional(),
  maximumRecordAgeSeconds: z.int().min(MIN_RECORD_AGE_SECONDS).max(MAX_RECORD_AGE_SECONDS).optional(),
  enhancedFanOut: z.boolean().default(false).describe("Read through a dedicated consumer that the processor's stack registers (named after the processor)."),
  logRetentionDays: LogRetentionDaysSchema.optional(),
  outputLogRetentionDays: LogRetentionDaysSchema.optional().describe("Retention of the log group the log-filter writes kept lines to."),
  table: KebabNameSchema.optional().describe("A table of this pipeline's `tables` the function reads or writes."),
  writesToOutputStream: z.boolean().default(false),
  eventRetentionDays: z.int().min(1).max(MAX_EVENTS_RETENTION_DAYS).optional()
    .describe(`stream-processor only: days each event stays in its table, written as ${EVENTS_TABLE_TTL_ATTRIBUTE} (epoch seconds of the write plus these days) for the table's TTL to delete. Default ${DEFAULT_EVENTS_RETENTION_DAYS}.`),
  alertTopic: z.boolean().default(false).describe("Create an SNS topic the function publishes to."),
  schemaFile: z.string().regex(/^[A-Za-z0-9_./-]+\.json$/, "expected a path to a .json file, relative to envs/").optional()
    .describe("JSON Schema the records must match (json-schema-validator), relative to envs/, e.g. schemas/clickstream.json."),
  fieldMapping: FieldMappingSchema.optional()
    .describe("The producer's name of each record field the handler reads, e.g. seed 002's { amount: monto, hour: hora } (fraud-detector); unmapped fields keep their own name."),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional()
    .describe("Settings of the handler, passed as environment variables of the same names: the keys its functions/<handler>/contract.ts names (others are refused), checked as the handler reads them."),
});

/** Lifecycle of archived objects, in days after creation. */
export const LifecycleSchema = z.strictObject({
  infrequentAccessDays: z.int().min(MIN_INFREQUENT_ACCESS_DAYS).optional(),
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
  logRetentionDays: LogRetentionDaysSchema.optional(),
  domain: z.strictObject({
    engineVersion: z.string().optional(),
    instanceType: z.string().optional(),
    instanceCount: z.int().min(1).optional(),
    availabilityZoneCount: z.int().min(1).max(3).optional(),
    volumeSizeGiB: z.int().min(10).optional(),
    dedicatedMasterType: z.string().optional().describe("Dedicated master node type; none when unset."),
    dedicatedMasterCount: z.int().min(0).optional(),
    masterUserArn: z.string().optional().describe("IAM role administering the domain (the fine-grained access control master user); a role created for administrators when unset, never the delivery role."),
  }).optional().describe("Size of the domain the pipeline creates."),
});

/** The blueprint's aggregation window: seed 003 aggregates over 5 minutes. */
export const DEFAULT_WINDOW_SECONDS = 300;

/** Managed Service for Apache Flink reading the stream and writing the output stream. */
export const AnalyticsComponentSchema = z.strictObject({
  enabled,
  runtime: z.enum(FLINK_RUNTIMES).optional(),
  parallelism: z.int().min(1).optional(),
  parallelismPerKpu: z.int().min(1).max(FLINK_LIMITS.maxParallelismPerKpu).optional(),
  codeKey: z.string().min(1).describe("Object key of the application jar in the environment's artifact bucket."),
  windowSeconds: z.int().min(1).default(DEFAULT_WINDOW_SECONDS)
    .describe("Tumbling window of the aggregation, passed to the job as Aggregation.window.size.seconds (seed 003: 5 minutes)."),
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
  throttlingBurstLimit: z.int().min(1).max(MAX_THROTTLING_BURST_LIMIT).optional(),
  throttlingRateLimit: z.int().min(1).max(MAX_THROTTLING_RATE_LIMIT).optional(),
  reservedConcurrency: z.int().min(MIN_RESERVED_CONCURRENCY).optional()
    .describe("Reserved concurrency of the ingest function (default 50): about requests per second x seconds a request takes."),
  stageName: z.string()
    .regex(new RegExp(`^(\\${DEFAULT_STAGE_NAME}|${STAGE_NAME_PATTERN.source.slice(1, -1)})$`), `expected "${DEFAULT_STAGE_NAME}" (served at the endpoint's root) or 1 to 128 letters, digits, "-" or "_"`)
    .default(DEFAULT_STAGE_NAME).describe("The stage: any other name than $default is the URL's first path segment (seed 001 calls POST .../prod/metrics)."),
  eventsPath: z.string().regex(ROUTE_PATH_PATTERN, "expected a path like /events").default(DEFAULT_ROUTE_PATHS.single)
    .describe("Path of the POST route for one event."),
  batchPath: z.string().regex(ROUTE_PATH_PATTERN, "expected a path like /events/batch").default(DEFAULT_ROUTE_PATHS.batch)
    .describe("Path of the POST route for { events: [...] }."),
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
