import { Token } from "cdktf";

/** Prefixes S3 reserves for its own use. */
const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;
/** Suffixes S3 reserves for access points, Object Lambda, directory and table buckets, multi-region access points. */
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", "--x-s3", "--table-s3", ".mrap"] as const;

/**
 * Fails unless `name` follows S3's general-purpose bucket naming rules: 3-63 characters of lower-case
 * letters, digits, dots and hyphens, starting and ending with a letter or digit, no two adjacent dots,
 * not shaped like an IP address, and none of the reserved prefixes or suffixes.
 * Unresolved tokens are skipped.
 */
export function assertBucketName(name: string): void {
  if (Token.isUnresolved(name)) return;
  const fail = (rule: string): never => {
    throw new Error(`bucket name ${rule}, got "${name}"`);
  };
  if (name.length < 3 || name.length > 63) fail(`must be between 3 and 63 characters long (${name.length})`);
  if (!/^[a-z0-9.-]+$/.test(name)) fail("may contain only lower-case letters, digits, dots and hyphens");
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) fail("must start and end with a letter or digit");
  if (name.includes("..")) fail("must not contain two adjacent dots");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) fail("must not be formatted as an IP address");
  for (const prefix of RESERVED_PREFIXES) {
    if (name.startsWith(prefix)) fail(`must not start with the reserved prefix "${prefix}"`);
  }
  for (const suffix of RESERVED_SUFFIXES) {
    if (name.endsWith(suffix)) fail(`must not end with the reserved suffix "${suffix}"`);
  }
}
