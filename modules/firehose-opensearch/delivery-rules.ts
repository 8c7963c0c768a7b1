import { Token } from "cdktf";
import { assertIntegerInRange, assertOneOf } from "../shared/validate";

/** How often Firehose starts a new index (it appends the date to the index name). */
export type IndexRotation = "NoRotation" | "OneHour" | "OneDay" | "OneWeek" | "OneMonth";

/** Every rotation Firehose accepts for an OpenSearch Service domain. */
export const INDEX_ROTATIONS: readonly IndexRotation[] = ["NoRotation", "OneHour", "OneDay", "OneWeek", "OneMonth"];

/** What a backup bucket receives: only documents OpenSearch refused, or every record. */
export type S3BackupMode = "FailedDocumentsOnly" | "AllDocuments";

/** Both backup modes. */
export const S3_BACKUP_MODES: readonly S3BackupMode[] = ["FailedDocumentsOnly", "AllDocuments"];

const FORBIDDEN_INDEX_CHARACTERS = [" ", ",", '"', "*", "\\", "<", "|", ">", "/", "?", "#", ":"];

/**
 * OpenSearch index names: lower-case, none of ` , " * \ < | > / ? # :`, not starting with `_`, `-` or `+`,
 * not `.` or `..`, and at most 255 bytes (Firehose allows 80 characters for the name it is given).
 */
export function assertIndexName(indexName: string): void {
  if (Token.isUnresolved(indexName)) return;
  const fail = (rule: string): never => {
    throw new Error(`indexName ${rule}, got "${indexName}"`);
  };
  if (indexName.length < 1 || indexName.length > 80) fail(`must be between 1 and 80 characters long (${indexName.length})`);
  if (indexName !== indexName.toLowerCase()) fail("must be lower-case");
  const forbidden = FORBIDDEN_INDEX_CHARACTERS.filter((character) => indexName.includes(character));
  if (forbidden.length > 0) fail(`must not contain ${forbidden.map((c) => JSON.stringify(c)).join(" ")}`);
  if (/^[_\-+]/.test(indexName)) fail("must not start with _, - or +");
  if (indexName === "." || indexName === "..") fail('must not be "." or ".."');
}

/** The delivery settings every OpenSearch destination shares. */
export interface DeliverySettings {
  readonly indexName: string;
  readonly indexRotation: IndexRotation;
  readonly retryDurationSeconds: number;
  readonly bufferingIntervalSeconds: number;
  readonly bufferingSizeMiB: number;
  readonly s3BackupMode: S3BackupMode;
}

/** Firehose's limits for OpenSearch destinations: retry 0-7200 s, buffering 0-900 s and 1-100 MiB. */
export function assertDeliverySettings(settings: DeliverySettings): void {
  assertIndexName(settings.indexName);
  assertOneOf("indexRotation", settings.indexRotation, INDEX_ROTATIONS);
  assertIntegerInRange("retryDurationSeconds", settings.retryDurationSeconds, 0, 7200);
  assertIntegerInRange("bufferingIntervalSeconds", settings.bufferingIntervalSeconds, 0, 900);
  assertIntegerInRange("bufferingSizeMiB", settings.bufferingSizeMiB, 1, 100, "MiB");
  assertOneOf("s3BackupMode", settings.s3BackupMode, S3_BACKUP_MODES);
}
