import { describe, expect, test } from "vitest";
import { runPolicies } from "./engine";
import type { RuleCase } from "./fixtures";
import { ALL_RULES } from "./rules";
import { deliveryCases } from "./rules/delivery.cases";
import { iamCases } from "./rules/iam.cases";
import { lambdaCases } from "./rules/lambda.cases";
import { openSearchCases } from "./rules/opensearch.cases";
import { s3Cases } from "./rules/s3.cases";
import { storageCases } from "./rules/storage.cases";

const CASES: readonly RuleCase[] = [...s3Cases, ...lambdaCases, ...storageCases, ...openSearchCases, ...deliveryCases, ...iamCases];

describe("every rule", () => {
  test("has a unique id", () => {
    const ids = ALL_RULES.map((rule) => rule.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  test("has a case proving it passes and fails", () => {
    const covered = new Set(CASES.filter((c) => c.failing.length > 0).map((c) => c.rule.id));
    expect(ALL_RULES.map((rule) => rule.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe.each(CASES.map((c) => [`${c.rule.id} ${c.rule.title}`, c] as const))("%s", (_title, { rule, passing, failing }) => {
  test("passes the compliant fixture", () => {
    expect(runPolicies(passing, [rule])).toEqual([]);
  });

  test.each(failing.map((f) => [f.title, f] as const))("fails %s", (_name, { stack, address, reason }) => {
    expect(runPolicies(stack, [rule])).toEqual([{ ruleId: rule.id, address, reason: expect.stringMatching(reason) }]);
  });
});
