import { describe, expect, it } from "vitest";
import { validateEvent } from "./rules";
import { eventKeyOf } from "./schemas";
import { SEED_001_TEST_EVENT, iopsSample, oneOfEachType } from "./testing/iops-events";

const now = Date.parse("2026-01-31T12:00:00.000Z");
const at = (iso: string) => iopsSample({ timestamp: iso });

describe("validateEvent", () => {
  it.each(oneOfEachType().map((e) => [e.event_type, e]))("accepts a valid %s", (_, event) => {
    expect(validateEvent(event)).toMatchObject({ ok: true, warnings: [] });
  });

  it("reports every schema problem as critical with its path", () => {
    const result = validateEvent({ event_type: "iops_sample", timestamp: "yesterday", source: "a", payload: {}, metrics: { iops: "many", latency: 1, errorRate: 0 } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.severity, i.path])).toEqual([
      ["critical", "timestamp"],
      ["critical", "payload.volume_id"],
      ["critical", "metrics.iops"],
    ]);
  });

  it("accepts seed 001's test event without a source, keyed on its session id", () => {
    const result = validateEvent(JSON.parse(SEED_001_TEST_EVENT), { now });
    expect(result).toMatchObject({ ok: true, warnings: [{ rule: "timestamp-stale" }] });
    if (result.ok) expect(eventKeyOf(result.event)).toBe("test-123");
  });

  it("keys an event on its source first, then the payload's volume_id, then its session_id", () => {
    const [sessionStarted, , sample] = oneOfEachType();
    const { source: _, ...noSource } = sample!;
    expect(eventKeyOf(sessionStarted!)).toBe("dash");
    expect(eventKeyOf({ ...noSource, payload: { volume_id: "vol-1", session_id: "s-9" } } as never)).toBe("vol-1");
  });

  it.each(["error_reported", "threshold_breached"])("requires a source on %s, whose payload names no volume or session", (type) => {
    const event = oneOfEachType().find((e) => e.event_type === type)!;
    const { source: _, ...noSource } = event;
    expect(validateEvent(noSource)).toEqual({ ok: false, issues: [{ rule: "schema", severity: "critical", path: "source", message: expect.stringMatching(/^Invalid input: expected string, received undefined$/) }] });
  });

  it("rejects an unknown event_type and a non-object", () => {
    // An unknown type still gets the problems of the fields every event has.
    expect(validateEvent({ event_type: "nope" })).toMatchObject({ ok: false, issues: [{ rule: "schema", path: "event_type" }, { path: "timestamp" }, { path: "payload" }] });
    expect(validateEvent(42)).toMatchObject({ ok: false, issues: [{ rule: "schema", severity: "critical" }] });
  });

  it.each([
    ["iops-non-negative", { iops: -1, latency: 1, errorRate: 0 }, "iops must be >= 0, got -1"],
    ["latency-non-negative", { iops: 1, latency: -0.5, errorRate: 0 }, "latency must be >= 0, got -0.5"],
    ["error-rate-range", { iops: 1, latency: 1, errorRate: 100.1 }, "errorRate must be between 0 and 100, got 100.1"],
    ["error-rate-range", { iops: 1, latency: 1, errorRate: -3 }, "errorRate must be between 0 and 100, got -3"],
  ])("rejects %s as an error", (rule, metrics, message) => {
    expect(validateEvent(iopsSample({ metrics }))).toEqual({ ok: false, issues: [{ rule, severity: "error", path: expect.any(String), message }] });
  });

  it("accepts errorRate 0 and 100 and zero iops and latency", () => {
    expect(validateEvent(iopsSample({ metrics: { iops: 0, latency: 0, errorRate: 100 } })).ok).toBe(true);
  });

  it("rejects a timestamp more than maxFutureMinutes ahead, accepts one just inside", () => {
    expect(validateEvent(at("2026-01-31T12:05:00.000Z"), { now })).toMatchObject({ ok: true });
    expect(validateEvent(at("2026-01-31T12:06:00.000Z"), { now })).toMatchObject({
      ok: false,
      issues: [{ rule: "timestamp-not-in-future", severity: "error", message: "timestamp must be at most 5 minutes in the future, got 2026-01-31T12:06:00.000Z (6 minutes ahead)" }],
    });
    expect(validateEvent(at("2026-01-31T12:20:00+00:00"), { now, maxFutureMinutes: 30 }).ok).toBe(true);
  });

  it("accepts a stale timestamp with a warning", () => {
    expect(validateEvent(at("2026-01-01T00:00:00Z"), { now })).toMatchObject({ ok: true, warnings: [{ rule: "timestamp-stale", severity: "warning" }] });
  });
});
