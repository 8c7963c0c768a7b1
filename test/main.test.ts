import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { listEnvironments } from "../envs/load";

const ROOT = resolve(import.meta.dirname, "..");

/** The fast path `make synth` and `cdktf synth` run (tools/synth/run.mjs), and main.ts under tsx. */
const ENTRIES = { fast: ["tools/synth/run.mjs"], tsx: ["--import", "tsx", "main.ts"] } as const;

/** Runs a synth entry (the fast path by default) into a fresh folder. */
function synth(env: string, entry: keyof typeof ENTRIES = "fast") {
  const outdir = join(mkdtempSync(join(tmpdir(), "synth-")), "cdktf.out");
  const result = spawnSync(process.execPath, ENTRIES[entry], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, STREAMING_ENV: env, STREAMING_PLAN_ONLY: "1", CDKTF_OUTDIR: outdir },
  });
  return { ...result, outdir };
}

/** Every file under `dir`, relative to it, with its text. */
function filesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name).slice(dir.length + 1)] = readFileSync(join(entry.parentPath, entry.name), "utf8");
  }
  return files;
}

describe("main.ts", () => {
  test("synthesizes every enabled stack of the named environments", () => {
    const result = synth("dev");
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("Synthesized 11 stacks for dev.");
    expect(readdirSync(join(result.outdir, "stacks")).sort()).toContain("dev-iops-events-processor");
    expect(existsSync(join(result.outdir, "stacks", "dev-iops-events-processor", "cdk.tf.json"))).toBe(true);
  });

  test("without STREAMING_ENV (make synth without ENV) synthesizes every environment in envs/", () => {
    const result = synth("");
    expect(result.status).toBe(0);
    const names = listEnvironments();
    expect(result.stderr).toContain(` stacks for ${names.join(", ")}.`);
    const stacks = readdirSync(join(result.outdir, "stacks"));
    for (const name of names) expect(stacks.some((stack) => stack.startsWith(`${name}-`)), name).toBe(true);
  });

  test("bad configuration: the problems, a non-zero exit and no output at all", () => {
    const result = synth("dev,nowhere");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `Environment "nowhere" has 1 configuration problem:\n  envs/nowhere.yaml: (top level): expected the environment file, found none (environments: ${listEnvironments().join(", ")})`,
    );
    expect(existsSync(result.outdir)).toBe(false);
  });

  test("the bundled fast path writes exactly what main.ts under tsx writes", () => {
    const fast = synth("dev", "fast");
    const tsx = synth("dev", "tsx");
    expect([fast.status, tsx.status]).toEqual([0, 0]);
    const fastFiles = filesUnder(fast.outdir);
    expect(Object.keys(fastFiles)).toContain("stacks/dev-iops-events-processor/cdk.tf.json");
    expect(fastFiles).toEqual(filesUnder(tsx.outdir));
  });
});
