import { describe, expect, test } from "vitest";
import { deploymentWaves, downstreamOf } from "./order";

const stacks = [
  { name: "stream", dependsOn: [] },
  { name: "tables", dependsOn: [] },
  { name: "processor", dependsOn: ["stream", "tables"] },
  { name: "archive", dependsOn: ["stream"] },
  { name: "alarms", dependsOn: ["stream", "tables", "processor", "archive"] },
  { name: "budget", dependsOn: [] },
];

describe("deployment order", () => {
  test("groups stacks into waves, each after everything it reads, in the environment's order", () => {
    expect(deploymentWaves(stacks).map((wave) => wave.map((s) => s.name))).toEqual([["stream", "tables", "budget"], ["processor", "archive"], ["alarms"]]);
  });

  test("ignores upstream stacks outside the set (already deployed, or skipped by the target)", () => {
    expect(deploymentWaves(stacks.filter((s) => s.name !== "stream")).map((wave) => wave.map((s) => s.name))).toEqual([
      ["tables", "archive", "budget"],
      ["processor"],
      ["alarms"],
    ]);
  });

  test("fails on a cycle, naming it", () => {
    expect(() => deploymentWaves([{ name: "a", dependsOn: ["b"] }, { name: "b", dependsOn: ["a"] }])).toThrow(/cycle: a → b → a/);
  });

  test("finds every stack that reads a stack, directly or through another", () => {
    expect(downstreamOf(stacks, "tables").map((s) => s.name)).toEqual(["processor", "alarms"]);
    expect(downstreamOf(stacks, "budget")).toEqual([]);
  });
});
