import { describe, expect, it } from "vitest";
import { loadEnvironment } from "../../envs/load";
import { main } from "./cli";
import { archivePrefixAt } from "./smoke";
import { pipelineArchiveBucketName } from "./target";
import { memoryIo } from "./testing";

describe("archivePrefixAt", () => {
  it("renders Firehose's timestamp expressions in UTC and stops at any other expression", () => {
    const at = new Date("2026-01-31T05:07:00Z");
    expect(archivePrefixAt("events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/", at)).toBe("events/year=2026/month=01/day=31/hour=05/");
    expect(archivePrefixAt("raw/!{timestamp:yyyy}/!{partitionKeyFromQuery:source}/", at)).toBe("raw/2026/");
    expect(archivePrefixAt("", at)).toBe("");
  });
});

describe("smoke --check-archive", () => {
  it("names the archive bucket as the archive stack does, and refuses a pipeline without an archive", async () => {
    const env = loadEnvironment("dev");
    expect(pipelineArchiveBucketName(env, "iops-events")).toBe("acme-dev-iops-events-archive");
    const io = memoryIo();
    expect(await main(["smoke", "--stream", "x", "--check-archive"], io)).toBe(2);
    expect(io.err()).toMatch(/--check-archive needs --env and --pipeline of a pipeline with an archive/);
  });
});
