import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "./retry";

describe("backoffDelayMs", () => {
  it("doubles the cap per attempt and applies full jitter", () => {
    expect([0, 1, 2, 3].map((a) => backoffDelayMs(a, { baseMs: 100, random: () => 0.5 }))).toEqual([50, 100, 200, 400]);
    expect(backoffDelayMs(3, { baseMs: 100, random: () => 0 })).toBe(0);
  });

  it("never exceeds maxMs", () => {
    expect(backoffDelayMs(30, { baseMs: 100, maxMs: 1000, random: () => 0.999 })).toBe(999);
  });
});
