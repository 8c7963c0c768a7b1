import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");

/** Runs the synth entry as `make synth` and `cdktf deploy` do. */
function synth(env: string) {
  const outdir = join(mkdtempSync(join(tmpdir(), "synth-")), "cdktf.out");
  const result = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, STREAMING_ENV: env, STREAMING_PLAN_ONLY: "1", CDKTF_OUTDIR: outdir },
  });
  return { ...result, outdir };
}

describe("main.ts", () => {
  test("synthesizes every enabled stack of the named environments", () => {
    const result = synth("dev");
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("Synthesized 11 stacks for dev.");
    expect(readdirSync(join(result.outdir, "stacks")).sort()).toContain("dev-iops-events-processor");
    expect(existsSync(join(result.outdir, "stacks", "dev-iops-events-processor", "cdk.tf.json"))).toBe(true);
  });

  test("bad configuration: the problems, a non-zero exit and no output at all", () => {
    const result = synth("dev,qa");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Environment "qa" has 1 configuration problem:\n {2}envs\/qa\.yaml: \(top level\): expected the environment file, found none \(environments: dev, prod, staging\)/);
    expect(existsSync(result.outdir)).toBe(false);
  });
});
