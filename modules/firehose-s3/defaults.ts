/** Seconds Firehose buffers before writing an object. */
export const DEFAULT_BUFFERING_INTERVAL_SECONDS = 300;
/** MiB Firehose buffers before writing an object. */
export const DEFAULT_BUFFERING_SIZE_MIB = 5;
/** AWS's minimum buffer size when dynamic partitioning or data format conversion is on. */
export const MIN_BUFFERING_SIZE_MIB_PARTITIONED_OR_CONVERTED = 64;
/** Hive-style time partitions, so Athena and Glue can prune by hour. */
export const DEFAULT_PREFIX = "data/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";
/** The time partitions, appended after the partition keys in the dynamic-partitioning default prefix. */
export const TIME_PARTITIONS = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";
/** Failed records apart from data, one folder per error type (processing-failed, format-conversion-failed, ...). */
export const DEFAULT_ERROR_OUTPUT_PREFIX = `errors/!{firehose:error-output-type}/${TIME_PARTITIONS}`;
/**
 * Days delivery-error logs are kept: a year, longer than firehose-opensearch's 30 days on purpose.
 * The archive is the record of what the pipeline received, kept for years; its error logs are what
 * explains a gap in it when someone audits it months later. A search index is rebuilt from the archive.
 */
export const DEFAULT_LOG_RETENTION_DAYS = 365;
/** The log stream Firehose writes S3 delivery errors to (the name the AWS console uses). */
export const DELIVERY_LOG_STREAM_NAME = "DestinationDelivery";
/** Seconds Firehose retries a failed dynamic-partitioning delivery to S3 before writing it to the error prefix. */
export const DEFAULT_DYNAMIC_PARTITIONING_RETRY_SECONDS = 300;
