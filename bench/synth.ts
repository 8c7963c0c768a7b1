import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BenchFigure } from "./stream-processor";

const ROOT = resolve(import.meta.dirname, "..");
const RUNS = 7;

/** The bare app as a user's cdktf project runs it (tsx), and the fast path `make synth` runs. */
const BARE_APP = ["--import", "tsx", "bench/fixtures/bare-app.ts"];
const FAST_SYNTH = ["tools/synth/run.mjs"];

/** Wall-clock milliseconds of one fresh `node <args>` process, writing into a throwaway folder. */
function timeProcess(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const outdir = mkdtempSync(join(tmpdir(), "bench-synth-"));
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, CDKTF_OUTDIR: outdir, STREAMING_PLAN_ONLY: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(outdir, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed:\n${result.stderr.toString()}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Synthesis of every environment (all stacks, functions bundled) as `make synth` and `cdktf synth`
 * run it (tools/synth/run.mjs: the bundled entry, plain node, up to date), against the floor of a
 * bare cdktf app with one resource run by tsx, each in a fresh process; medians of {@link RUNS}
 * alternating runs, so load on the machine hits both alike. Target: ratio at most 1.5.
 * The first, untimed runs build the bundles and the code cache, as the first `make synth` does.
 */
export async function benchSynth(): Promise<Record<string, BenchFigure>> {
  const floor: number[] = [];
  const full: number[] = [];
  timeProcess(BARE_APP, {});
  timeProcess(FAST_SYNTH, {});
  for (let run = 0; run < RUNS; run++) {
    floor.push(timeProcess(BARE_APP, {}));
    full.push(timeProcess(FAST_SYNTH, {}));
  }
  const value = median(full);
  const floorValue = median(floor);
  return { synth_all_environments_ms: { value: Math.round(value), unit: "ms", floor: Math.round(floorValue), ratio: Number((value / floorValue).toFixed(2)) } };
}
