/** Seconds Firehose keeps retrying a failed bulk request before sending the documents to the backup bucket. */
export const DEFAULT_RETRY_DURATION_SECONDS = 300;
/** Seconds Firehose buffers before a bulk request: a minute keeps search results near real time. */
export const DEFAULT_BUFFERING_INTERVAL_SECONDS = 60;
/** MiB Firehose buffers before a bulk request (the OpenSearch bulk sweet spot is a few MiB). */
export const DEFAULT_BUFFERING_SIZE_MIB = 5;
/**
 * Retention of the delivery error log group (days): 30, shorter than firehose-s3's year on purpose.
 * Refused documents are kept whole in the backup bucket, and the index can be rebuilt from the
 * archive, so these logs only serve the operator fixing a delivery problem now.
 */
export const DEFAULT_DELIVERY_LOG_RETENTION_DAYS = 30;
/** Key prefix of the backup objects; Firehose appends `AmazonOpenSearchService-failed/` for failed documents. */
export const DEFAULT_BACKUP_PREFIX = "opensearch-backup/";
/** Log stream of errors delivering to OpenSearch. */
export const DESTINATION_LOG_STREAM = "DestinationDelivery";
/** Log stream of errors delivering to the backup bucket. */
export const BACKUP_LOG_STREAM = "BackupDelivery";
