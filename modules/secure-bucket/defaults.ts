/** Days after creation before objects move to S3 Standard-IA (S3's minimum for that class). */
export const DEFAULT_TRANSITION_TO_INFREQUENT_ACCESS_DAYS = 30;
/** Days after creation before objects move to S3 Glacier Flexible Retrieval. */
export const DEFAULT_TRANSITION_TO_GLACIER_DAYS = 90;
/** Days a version stays noncurrent (overwritten or deleted) before S3 removes it. */
export const DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS = 90;
/** Days before S3 aborts an incomplete multipart upload and frees its parts. */
export const DEFAULT_ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS = 7;
/** Waiting period before a deleted KMS key is destroyed: the maximum, to leave time to notice. */
export const DEFAULT_KEY_DELETION_WINDOW_DAYS = 30;
/** S3 refuses a Standard-IA transition earlier than this many days after creation. */
export const MIN_INFREQUENT_ACCESS_DAYS = 30;
/** S3 refuses a Glacier transition less than this many days after a Standard-IA transition. */
export const MIN_DAYS_IN_INFREQUENT_ACCESS = 30;
