import { describe, expect, test } from "vitest";
import { deploymentWaves, downstreamOf, inDependencyOrder } from "./order";

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

  /** Runs the stacks with `inDependencyOrder`, each finishing after `delays[name]` ticks; returns the start and end events. */
  async function trace(delays: Record<string, number>, limit: number, options?: { reverse?: boolean }, failing?: string): Promise<string[]> {
    const events: string[] = [];
    const run = inDependencyOrder(stacks, limit, async (stack) => {
      events.push(`start ${stack.name}`);
      for (let tick = 0; tick < (delays[stack.name] ?? 1); tick++) await Promise.resolve();
      events.push(`end ${stack.name}`);
      if (stack.name === failing) throw new Error(`${stack.name} failed`);
    }, options);
    await run.catch((error: Error) => events.push(`threw ${error.message}`));
    return events;
  }

  test("starts a stack as soon as what it reads is done, not when its whole wave is", async () => {
    const events = await trace({ stream: 1, tables: 50, budget: 50 }, 3);
    // archive reads only stream: it starts while tables, processor's other upstream, still runs.
    expect(events.indexOf("start archive")).toBeLessThan(events.indexOf("end tables"));
    expect(events.indexOf("start processor")).toBeGreaterThan(events.indexOf("end tables"));
    expect(events.indexOf("start alarms")).toBeGreaterThan(Math.max(events.indexOf("end processor"), events.indexOf("end archive")));
  });

  test("keeps at most `limit` stacks in flight", async () => {
    const events = await trace({}, 2);
    let inFlight = 0;
    let most = 0;
    for (const event of events) {
      inFlight += event.startsWith("start") ? 1 : -1;
      most = Math.max(most, inFlight);
    }
    expect(most).toBe(2);
    expect(events.filter((e) => e.startsWith("end"))).toHaveLength(stacks.length);
  });

  test("in reverse, a stack waits for every stack that reads it", async () => {
    const events = await trace({}, 6, { reverse: true });
    expect(events.slice(0, 2)).toEqual(["start alarms", "start budget"]);
    expect(events.indexOf("start stream")).toBeGreaterThan(Math.max(events.indexOf("end processor"), events.indexOf("end archive")));
    expect(events.indexOf("start processor")).toBeGreaterThan(events.indexOf("end alarms"));
  });

  test("after a failure starts nothing new, lets the stacks in flight finish, then throws the failure", async () => {
    const events = await trace({ stream: 1, tables: 20 }, 2, undefined, "stream");
    expect(events).toEqual(["start stream", "start tables", "end stream", "end tables", "threw stream failed"]);
  });

  test("refuses a cycle before running anything", async () => {
    const work = async () => {
      throw new Error("must not run");
    };
    await expect(inDependencyOrder([{ name: "a", dependsOn: ["b"] }, { name: "b", dependsOn: ["a"] }], 2, work)).rejects.toThrow(/cycle: a → b → a/);
  });
});
