import { describe, expect, test } from "vitest";
import { SerialByKey, serialWriteKey } from "./serial-writes";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const STREAM = "arn:aws:kinesis:eu-west-1:111122223333:stream/s";

describe("serialWriteKey", () => {
  test("keys Kinesis writes and reads by their stream and leaves every other call unordered", () => {
    const call = (action: string, resources = [STREAM]) => ({ service: "kinesis", accessKeyId: "k", action, resources });
    expect(serialWriteKey(call("kinesis:PutRecords"))).toBe(STREAM);
    expect(serialWriteKey(call("kinesis:PutRecord"))).toBe(STREAM);
    expect(serialWriteKey(call("kinesis:GetRecords"))).toBe(STREAM);
    expect(serialWriteKey(call("kinesis:ListShards"))).toBeUndefined();
    expect(serialWriteKey(call("kinesis:PutRecords", []))).toBeUndefined();
    expect(serialWriteKey(undefined)).toBeUndefined();
  });
});

describe("SerialByKey", () => {
  test("runs one key's tasks one at a time, in order, and other keys alongside, past a failed task", async () => {
    const serial = new SerialByKey();
    const events: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      events.push(`${name} start`);
      await sleep(ms);
      events.push(`${name} end`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([
      serial.run("a", task("a1", 40, true)),
      serial.run("a", task("a2", 5)),
      serial.run("b", task("b1", 10)),
      serial.run(undefined, task("free", 1)),
    ]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual(["a1", "a2", "b1", "free"]);
    expect(events.indexOf("a2 start")).toBeGreaterThan(events.indexOf("a1 end"));
    expect(events.indexOf("b1 start")).toBeLessThan(events.indexOf("a1 end"));
    expect(events.indexOf("free start")).toBeLessThan(events.indexOf("a1 end"));
  });
});
