import type { Transaction } from "./transaction";

/** Thresholds of the rules, from configuration. */
export interface FraudRuleOptions {
  /** A transaction strictly over this amount is flagged. */
  readonly amountThreshold: number;
  /** First hour (0-23) of the night window, inclusive. */
  readonly nightStartHour: number;
  /** Last hour (0-23) of the night window, inclusive. */
  readonly nightEndHour: number;
}

/** The rules, by name. */
export type FraudRule = "amount_over_threshold" | "foreign_country" | "night_time";

/** Severity of a reason or an alert, lowest first. */
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;

/** Severity of a reason or an alert. */
export type AlertSeverity = (typeof SEVERITIES)[number];

/** Why a transaction was flagged. */
export interface FraudReason {
  readonly rule: FraudRule;
  readonly severity: AlertSeverity;
  readonly message: string;
}

const OFFSET = /(Z|([+-])(\d{2}):?(\d{2}))$/;

/** The hour (0-23) of an ISO 8601 timestamp in its own UTC offset. */
export function localHour(timestamp: string): number {
  const match = OFFSET.exec(timestamp);
  const sign = match?.[2] === "-" ? -1 : 1;
  const offsetMinutes = match?.[1] === "Z" || match === null ? 0 : sign * (Number(match[3]) * 60 + Number(match[4]));
  return new Date(Date.parse(timestamp) + offsetMinutes * 60_000).getUTCHours();
}

/**
 * True when `hour` is in [start, end], both ends inclusive (seed 002: `hora >= 23 or hora <= 5`),
 * the window wrapping past midnight when start > end.
 */
export function inNightWindow(hour: number, start: number, end: number): boolean {
  return start > end ? hour >= start || hour <= end : hour >= start && hour <= end;
}

/** The transaction's local hour: its own `hour` when it has one, else the hour in its timestamp's offset. */
export function transactionHour(transaction: Transaction): number {
  return transaction.hour ?? localHour(transaction.timestamp!);
}

/**
 * Every rule the transaction breaks, in a fixed order: amount strictly over the threshold (high),
 * a country other than the account's (medium), a local hour in the night window, both ends
 * inclusive (low).
 */
export function evaluateRules(transaction: Transaction, options: FraudRuleOptions): FraudReason[] {
  const reasons: FraudReason[] = [];
  if (transaction.amount > options.amountThreshold) {
    reasons.push({
      rule: "amount_over_threshold",
      severity: "high",
      message: `amount ${transaction.amount}${transaction.currency === undefined ? "" : ` ${transaction.currency}`} is over the threshold of ${options.amountThreshold}`,
    });
  }
  if (transaction.country !== transaction.account_country) {
    reasons.push({
      rule: "foreign_country",
      severity: "medium",
      message: `transaction country ${transaction.country} differs from the account's country ${transaction.account_country}`,
    });
  }
  const hour = transactionHour(transaction);
  if (inNightWindow(hour, options.nightStartHour, options.nightEndHour)) {
    const window = `${String(options.nightStartHour).padStart(2, "0")}:00-${String(options.nightEndHour).padStart(2, "0")}:59`;
    reasons.push({ rule: "night_time", severity: "low", message: `local hour ${hour} is in the night window ${window}` });
  }
  return reasons;
}

/** The highest reason's severity, raised one level per further reason (capped at critical). */
export function alertSeverity(reasons: readonly FraudReason[]): AlertSeverity {
  const highest = Math.max(...reasons.map((r) => SEVERITIES.indexOf(r.severity)));
  return SEVERITIES[Math.min(SEVERITIES.length - 1, highest + reasons.length - 1)] as AlertSeverity;
}
