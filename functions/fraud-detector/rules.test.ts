import { describe, expect, it } from "vitest";
import { alertSeverity, evaluateRules, inNightWindow, localHour, type FraudReason } from "./rules";
import type { Transaction } from "./transaction";

const options = { amountThreshold: 50_000, nightStartHour: 23, nightEndHour: 5 };

function transaction(overrides: Partial<Transaction> = {}): Transaction {
  return { transaction_id: "t-1", account_id: "a-1", amount: 120, currency: "EUR", country: "FR", account_country: "FR", timestamp: "2026-01-10T12:00:00Z", ...overrides };
}

const rules = (t: Transaction) => evaluateRules(t, options).map((r) => r.rule);

describe("evaluateRules", () => {
  it("flags nothing for an ordinary daytime domestic transaction", () => {
    expect(evaluateRules(transaction(), options)).toEqual([]);
  });

  it("flags an amount strictly over the threshold", () => {
    expect(rules(transaction({ amount: 50_000 }))).toEqual([]);
    expect(evaluateRules(transaction({ amount: 50_000.01 }), options)).toEqual([
      { rule: "amount_over_threshold", severity: "high", message: "amount 50000.01 EUR is over the threshold of 50000" },
    ]);
  });

  it("flags a country other than the account's", () => {
    expect(evaluateRules(transaction({ country: "BR" }), options)).toEqual([
      { rule: "foreign_country", severity: "medium", message: "transaction country BR differs from the account's country FR" },
    ]);
  });

  it.each([
    ["2026-01-10T22:59:59Z", false],
    ["2026-01-10T23:00:00Z", true],
    ["2026-01-10T00:30:00Z", true],
    ["2026-01-10T04:59:59Z", true],
    ["2026-01-10T05:00:00Z", true],
    ["2026-01-10T05:59:59Z", true],
    ["2026-01-10T06:00:00Z", false],
  ])("reads %s as night: %s (hours 23 to 5, both inclusive)", (timestamp, night) => {
    expect(rules(transaction({ timestamp }))).toEqual(night ? ["night_time"] : []);
  });

  it("reads the hour in the transaction's own offset", () => {
    // 21:30 UTC is 23:30 in Paris in summer, and 16:30 in New York.
    expect(rules(transaction({ timestamp: "2026-07-10T23:30:00+02:00" }))).toEqual(["night_time"]);
    expect(rules(transaction({ timestamp: "2026-07-10T16:30:00-05:00" }))).toEqual([]);
    expect(evaluateRules(transaction({ timestamp: "2026-07-10T23:30:00+02:00" }), options)[0]?.message).toBe("local hour 23 is in the night window 23:00-05:59");
  });

  it("lists every rule a transaction breaks, in order", () => {
    expect(rules(transaction({ amount: 90_000, country: "US", timestamp: "2026-01-10T02:00:00+01:00" }))).toEqual(["amount_over_threshold", "foreign_country", "night_time"]);
  });

  it("uses the configured thresholds", () => {
    expect(evaluateRules(transaction({ amount: 150, timestamp: "2026-01-10T02:30:00Z" }), { amountThreshold: 100, nightStartHour: 1, nightEndHour: 2 }).map((r) => r.rule)).toEqual([
      "amount_over_threshold",
      "night_time",
    ]);
  });
});

describe("localHour and inNightWindow", () => {
  it("handles offsets without a colon and negative offsets crossing midnight", () => {
    expect(localHour("2026-01-10T01:00:00-0300")).toBe(1);
    expect(localHour("2026-01-10T01:00:00.123+05:45")).toBe(1);
  });

  it("supports windows that do not wrap midnight, and one-hour windows, both ends inclusive", () => {
    expect([0, 1, 2, 3, 4].map((h) => inNightWindow(h, 1, 3))).toEqual([false, true, true, true, false]);
    expect([2, 3, 4].map((h) => inNightWindow(h, 3, 3))).toEqual([false, true, false]);
  });

  it.each([
    [22, false],
    [23, true],
    [0, true],
    [5, true],
    [6, false],
  ])("reads hour %i of the default window 23-5 as night: %s (seed 002: hora >= 23 or hora <= 5)", (hour, night) => {
    expect(inNightWindow(hour, 23, 5)).toBe(night);
  });

  it("reads the transaction's own hour before its timestamp", () => {
    expect(rules(transaction({ hour: 23, timestamp: "2026-01-10T12:00:00Z" }))).toEqual(["night_time"]);
    expect(rules(transaction({ hour: 12, timestamp: "2026-01-10T23:00:00Z" }))).toEqual([]);
    expect(evaluateRules(transaction({ hour: 5, timestamp: undefined }), options)).toEqual([
      { rule: "night_time", severity: "low", message: "local hour 5 is in the night window 23:00-05:59" },
    ]);
  });
});

describe("alertSeverity", () => {
  const reason = (rule: FraudReason["rule"], severity: FraudReason["severity"]): FraudReason => ({ rule, severity, message: "" });

  it.each([
    [[reason("night_time", "low")], "low"],
    [[reason("foreign_country", "medium")], "medium"],
    [[reason("amount_over_threshold", "high")], "high"],
    [[reason("foreign_country", "medium"), reason("night_time", "low")], "high"],
    [[reason("amount_over_threshold", "high"), reason("night_time", "low")], "critical"],
    [[reason("amount_over_threshold", "high"), reason("foreign_country", "medium"), reason("night_time", "low")], "critical"],
  ] as const)("rates %j as %s", (reasons, severity) => {
    expect(alertSeverity(reasons)).toBe(severity);
  });
});
