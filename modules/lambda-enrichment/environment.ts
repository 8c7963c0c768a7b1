import { Token } from "cdktf";
import { MAX_ENVIRONMENT_BYTES, RESERVED_ENVIRONMENT_KEYS } from "./defaults";

const KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]+$/;

/**
 * Fails on environment variables Lambda would refuse at apply: keys that are not
 * `[a-zA-Z][a-zA-Z0-9_]+`, keys Lambda reserves, and a total above 4 KB.
 * Unresolved token values are counted by their key only: their length is known at apply.
 */
export function assertValidEnvironment(name: string, variables: Readonly<Record<string, string>>): void {
  let bytes = 0;
  for (const [key, value] of Object.entries(variables)) {
    if (!KEY_PATTERN.test(key)) {
      throw new Error(`${name} key must start with a letter and contain at least 2 of [a-zA-Z0-9_], got "${key}"`);
    }
    if ((RESERVED_ENVIRONMENT_KEYS as readonly string[]).includes(key)) {
      throw new Error(`${name} key "${key}" is reserved by Lambda and cannot be set`);
    }
    bytes += Buffer.byteLength(key, "utf8") + (Token.isUnresolved(value) ? 0 : Buffer.byteLength(value, "utf8"));
  }
  if (bytes > MAX_ENVIRONMENT_BYTES) {
    throw new Error(`${name} must total at most ${MAX_ENVIRONMENT_BYTES} bytes (keys and values), got ${bytes}`);
  }
}

/** Merges variables the module sets with the caller's, refusing a caller key the module owns. */
export function mergeEnvironment(
  name: string,
  own: Readonly<Record<string, string>>,
  given: Readonly<Record<string, string>> = {},
): Record<string, string> {
  for (const key of Object.keys(own)) {
    if (key in given) throw new Error(`${name} must not set "${key}": the module sets it from its own props`);
  }
  return { ...given, ...own };
}
