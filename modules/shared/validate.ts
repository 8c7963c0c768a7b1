import { Token } from "cdktf";

/**
 * Synth-time checks for AWS rules that `terraform plan` accepts but `apply` would refuse.
 * Each message names the prop, what is allowed and what was received. Unresolved tokens are skipped:
 * their value is only known at apply.
 */

/** Log retention values CloudWatch Logs accepts (days); 0 means never expire. */
export const LOG_RETENTION_DAYS = [
  0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

function isToken(value: unknown): boolean {
  return (typeof value === "string" || typeof value === "number") && Token.isUnresolved(value);
}

/** `name must be between min and max, got value` unless value is a whole number in range. */
export function assertIntegerInRange(name: string, value: number | undefined, min: number, max: number, unit = ""): void {
  if (value === undefined || isToken(value)) return;
  const suffix = unit ? ` ${unit}` : "";
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number between ${min} and ${max}${suffix}, got ${value}`);
  }
}

/** `name must be between min and max, got value` for numbers that may be fractional. */
export function assertNumberInRange(name: string, value: number | undefined, min: number, max: number, unit = ""): void {
  if (value === undefined || isToken(value)) return;
  const suffix = unit ? ` ${unit}` : "";
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name} must be between ${min} and ${max}${suffix}, got ${value}`);
  }
}

/** Fails unless `value` is one of `allowed`, listing them. */
export function assertOneOf<T extends string | number>(name: string, value: T | undefined, allowed: readonly T[]): void {
  if (value === undefined || isToken(value)) return;
  if (!allowed.includes(value)) {
    throw new Error(`${name} must be one of ${allowed.join(", ")}, got ${value}`);
  }
}

/** Fails unless `value` is a retention CloudWatch Logs accepts. */
export function assertLogRetentionDays(name: string, value: number | undefined): void {
  assertOneOf(name, value, LOG_RETENTION_DAYS);
}

/** Fails unless the string matches `pattern`, explaining the rule in `rule`. */
export function assertMatches(name: string, value: string | undefined, pattern: RegExp, rule: string): void {
  if (value === undefined || isToken(value)) return;
  if (!pattern.test(value)) throw new Error(`${name} must be ${rule}, got "${value}"`);
}
