import { Token } from "cdktf";
import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import {
  DEFAULT_ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS,
  DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS,
  DEFAULT_TRANSITION_TO_GLACIER_DAYS,
  DEFAULT_TRANSITION_TO_INFREQUENT_ACCESS_DAYS,
  MIN_DAYS_IN_INFREQUENT_ACCESS,
  MIN_INFREQUENT_ACCESS_DAYS,
} from "./defaults";

/** How long objects and their old versions live, and where they are stored meanwhile. */
export interface SecureBucketLifecycleProps {
  /**
   * Days after creation before objects move to S3 Standard-IA; `false` keeps them in Standard.
   * S3 refuses fewer than 30.
   * @default 30
   */
  readonly transitionToInfrequentAccessDays?: number | false;
  /**
   * Days after creation before objects move to S3 Glacier Flexible Retrieval; `false` never archives.
   * S3 requires at least 30 days in Standard-IA first when both transitions are on.
   * @default 90
   */
  readonly transitionToGlacierDays?: number | false;
  /**
   * Days after creation before current objects expire (become noncurrent versions). Must be later
   * than every transition.
   * @default - objects never expire
   */
  readonly expirationDays?: number;
  /**
   * Days a version stays noncurrent (overwritten or deleted) before S3 removes it for good;
   * `false` keeps old versions forever. Expired-object delete markers are removed with them.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number | false;
  /**
   * Days after which S3 aborts an incomplete multipart upload and frees its parts.
   * @default 7
   */
  readonly abortIncompleteMultipartUploadDays?: number;
}

function assertWholeDays(name: string, value: number, min: number, why: string): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be a whole number of at least ${min} days (${why}), got ${value}`);
  }
}

function known(value: number | false | undefined): value is number {
  return typeof value === "number" && !Token.isUnresolved(value);
}

/**
 * The bucket's lifecycle rules, validated against S3's own rules (which only `apply` would reveal):
 * Standard-IA no earlier than day 30, Glacier at least 30 days after Standard-IA, expiration after
 * every transition, and at least one day for the noncurrent and multipart actions.
 */
export function lifecycleRules(props: SecureBucketLifecycleProps): S3BucketLifecycleConfigurationRule[] {
  const ia = props.transitionToInfrequentAccessDays ?? DEFAULT_TRANSITION_TO_INFREQUENT_ACCESS_DAYS;
  const glacier = props.transitionToGlacierDays ?? DEFAULT_TRANSITION_TO_GLACIER_DAYS;
  const expiration = props.expirationDays;
  const noncurrent = props.noncurrentVersionExpirationDays ?? DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS;
  const abort = props.abortIncompleteMultipartUploadDays ?? DEFAULT_ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS;

  if (ia !== false) assertWholeDays("transitionToInfrequentAccessDays", ia, MIN_INFREQUENT_ACCESS_DAYS, "S3's minimum for STANDARD_IA");
  if (glacier !== false) assertWholeDays("transitionToGlacierDays", glacier, 0, "days after creation");
  if (known(ia) && known(glacier) && glacier < ia + MIN_DAYS_IN_INFREQUENT_ACCESS) {
    throw new Error(
      `transitionToGlacierDays must be at least ${MIN_DAYS_IN_INFREQUENT_ACCESS} days after transitionToInfrequentAccessDays (${ia}), ` +
        `so at least ${ia + MIN_DAYS_IN_INFREQUENT_ACCESS}, got ${glacier}`,
    );
  }
  if (expiration !== undefined) {
    assertWholeDays("expirationDays", expiration, 1, "days after creation");
    const last = known(glacier) ? ["transitionToGlacierDays", glacier] as const : known(ia) ? ["transitionToInfrequentAccessDays", ia] as const : undefined;
    if (last && known(expiration) && expiration <= last[1]) {
      throw new Error(`expirationDays must be greater than ${last[0]} (${last[1]}), got ${expiration}`);
    }
  }
  if (noncurrent !== false) assertWholeDays("noncurrentVersionExpirationDays", noncurrent, 1, "days noncurrent");
  assertWholeDays("abortIncompleteMultipartUploadDays", abort, 1, "days after initiation");

  const transitions = [
    ...(ia === false ? [] : [{ days: ia, storageClass: "STANDARD_IA" }]),
    ...(glacier === false ? [] : [{ days: glacier, storageClass: "GLACIER" }]),
  ];
  const rules: S3BucketLifecycleConfigurationRule[] = [
    {
      id: "tiering-and-expiration",
      status: "Enabled",
      filter: [{ prefix: "" }],
      transition: transitions.length > 0 ? transitions : undefined,
      expiration: expiration === undefined ? undefined : [{ days: expiration }],
      noncurrentVersionExpiration: noncurrent === false ? undefined : [{ noncurrentDays: noncurrent }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: abort }],
    },
  ];
  if (noncurrent !== false) {
    // S3 refuses ExpiredObjectDeleteMarker beside Days in one Expiration, hence a rule of its own.
    rules.push({
      id: "expired-delete-markers",
      status: "Enabled",
      filter: [{ prefix: "" }],
      expiration: [{ expiredObjectDeleteMarker: true }],
    });
  }
  return rules;
}
