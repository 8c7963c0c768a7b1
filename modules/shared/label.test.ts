import { describe, expect, test } from "vitest";
import { Label, NAME_LIMITS } from "./label";

describe("Label", () => {
  test("joins parts in a fixed order, lower-case, dropping empty ones", () => {
    const label = new Label({ namespace: "Acme", environment: "prod", stage: "", name: "IOPS events", attributes: ["stream"] });
    expect(label.id()).toBe("acme-prod-iops-events-stream");
  });

  test("with() appends attributes without changing the original", () => {
    const label = new Label({ namespace: "acme", environment: "dev", name: "f5-logs" });
    expect(label.with("archive", "bucket").id()).toBe("acme-dev-f5-logs-archive-bucket");
    expect(label.id()).toBe("acme-dev-f5-logs");
  });

  test("cuts to the service limit with a stable hash, so long names stay distinct", () => {
    const a = new Label({ namespace: "acme", environment: "production", name: "a-very-long-pipeline-name", attributes: ["search", "one"] });
    const b = a.with("two");
    const idA = a.id("openSearchDomain");
    expect(idA).toHaveLength(NAME_LIMITS.openSearchDomain);
    expect(idA).toMatch(/^acme-production-a-ver-[0-9a-f]{6}$/);
    expect(a.id("openSearchDomain")).toBe(idA);
    expect(b.id("openSearchDomain")).not.toBe(idA);
  });

  test("never leaves a dash before the hash", () => {
    const label = new Label({ namespace: "abc", environment: "def-ghi-jkl" });
    expect(label.id(14)).toMatch(/^abc-def-[0-9a-f]{6}$/);
  });

  test("fails when every part is empty", () => {
    expect(() => new Label({ namespace: "", environment: "--" })).toThrow(/at least one non-empty part/);
  });
});
