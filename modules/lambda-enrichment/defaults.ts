/** Lambda runtimes the platform deploys: Node.js ones AWS still supports, nodejs22.x the newest allowed. */
export const SUPPORTED_RUNTIMES = ["nodejs22.x", "nodejs20.x"] as const;

/** A supported Node.js runtime. */
export type LambdaRuntime = (typeof SUPPORTED_RUNTIMES)[number];

/** Instruction set of the function; arm64 (Graviton) is cheaper per millisecond. */
export const ARCHITECTURES = ["arm64", "x86_64"] as const;

/** The function's instruction set. */
export type LambdaArchitecture = (typeof ARCHITECTURES)[number];

/** Default runtime. */
export const DEFAULT_RUNTIME: LambdaRuntime = "nodejs22.x";
/** Default instruction set. */
export const DEFAULT_ARCHITECTURE: LambdaArchitecture = "arm64";
/** Default memory in MB (also buys CPU: 1,769 MB is one full vCPU). */
export const DEFAULT_MEMORY_SIZE_MB = 256;
/** Lambda accepts 128 to 10,240 MB. */
export const MIN_MEMORY_SIZE_MB = 128;
/** Lambda accepts 128 to 10,240 MB. */
export const MAX_MEMORY_SIZE_MB = 10_240;
/** Default timeout of a stream consumer, seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 60;
/** Lambda's hard maximum timeout, seconds. */
export const MAX_TIMEOUT_SECONDS = 900;
/** Default reserved concurrency of a stream consumer (one invocation per shard and parallel batch). */
export const DEFAULT_RESERVED_CONCURRENCY = 10;
/** Lambda accepts 0, but a reserved concurrency of 0 stops every invocation: the least we deploy is 1. */
export const MIN_RESERVED_CONCURRENCY = 1;
/** Default retention of the function's log group, days. */
export const DEFAULT_LOG_RETENTION_DAYS = 30;
/** Lambda refuses a directly uploaded zip above 50 MB. */
export const MAX_DIRECT_UPLOAD_ZIP_BYTES = 50 * 1024 * 1024;

/** Environment variables: all keys and values together may not exceed 4 KB. */
export const MAX_ENVIRONMENT_BYTES = 4096;
/** Keys Lambda sets itself and refuses in a function's configuration. */
export const RESERVED_ENVIRONMENT_KEYS = [
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_DEFAULT_REGION",
  "AWS_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
] as const;

/** Where the event source mapping starts reading a shard the first time. */
export const STARTING_POSITIONS = ["LATEST", "TRIM_HORIZON", "AT_TIMESTAMP"] as const;

/** Where the mapping starts reading. */
export type StartingPosition = (typeof STARTING_POSITIONS)[number];

/** Where a new mapping starts: every record the stream holds, so none accepted before it is skipped. */
export const DEFAULT_STARTING_POSITION: StartingPosition = "TRIM_HORIZON";
/** Days the created on-failure bucket keeps a failed invocation. */
export const DEFAULT_ON_FAILURE_BUCKET_EXPIRATION_DAYS = 365;
/** Label attribute of the created on-failure bucket: `label.with("failed").id("s3Bucket")`. */
export const ON_FAILURE_BUCKET_ATTRIBUTE = "failed";
/** Name of the on-failure bucket's request-metrics configuration (the `FilterId` dimension). */
export const ON_FAILURE_BUCKET_METRICS_FILTER = "EntireBucket";

/** Default batch size (records per invocation). */
export const DEFAULT_BATCH_SIZE = 100;
/**
 * Default batching window, seconds: up to 5 s to fill a batch of 100 (seed 004's setting), so a
 * quiet stream is not read with one invocation per record; Lambda invokes earlier once the batch is full.
 */
export const DEFAULT_BATCHING_WINDOW_SECONDS = 5;
/** Kinesis mappings accept 1 to 10,000 records per batch. */
export const MAX_BATCH_SIZE = 10_000;
/** Kinesis mappings accept a batching window of 0 to 300 seconds. */
export const MAX_BATCHING_WINDOW_SECONDS = 300;
/** Concurrent batches per shard: 1 to 10. */
export const MAX_PARALLELIZATION_FACTOR = 10;
/** Tumbling windows last 1 to 900 seconds. */
export const MAX_TUMBLING_WINDOW_SECONDS = 900;
/** Default retries of a failing batch before it goes to the on-failure destination. */
export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 3;
/** Lambda accepts up to 10,000 retries (-1 means infinite). */
export const MAX_RETRY_ATTEMPTS = 10_000;
/** Default age after which a record is sent to the on-failure destination instead of the function, seconds. */
export const DEFAULT_MAXIMUM_RECORD_AGE_SECONDS = 3600;
/** Lambda accepts a maximum record age of 60 to 604,800 seconds (-1 means infinite). */
export const MIN_RECORD_AGE_SECONDS = 60;
/** Lambda accepts a maximum record age of 60 to 604,800 seconds (-1 means infinite). */
export const MAX_RECORD_AGE_SECONDS = 604_800;
/** Lambda's default quota of filters per event source mapping (10 after a quota increase). */
export const MAX_FILTER_PATTERNS = 5;
/** Longest filter pattern Lambda accepts, characters. */
export const MAX_FILTER_PATTERN_LENGTH = 4096;
/** Top-level keys a Kinesis filter pattern may match on. */
export const KINESIS_FILTER_KEYS = ["data", "partitionKey", "sequenceNumber", "approximateArrivalTimestamp", "kinesisSchemaVersion"] as const;

/** Default retention of the dead-letter queues: SQS's maximum, 14 days, in seconds. */
export const DEFAULT_QUEUE_RETENTION_SECONDS = 1_209_600;
/** SQS keeps messages 60 seconds to 14 days. */
export const MIN_QUEUE_RETENTION_SECONDS = 60;
