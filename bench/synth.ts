import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BenchFigure } from "./stream-processor";

const ROOT = resolve(import.meta.dirname, "..");
const RUNS = 5;

/** Wall-clock milliseconds of one fresh `tsx <script>` process, writing into a throwaway folder. */
function timeProcess(script: string, env: NodeJS.ProcessEnv): number {
  const outdir = mkdtempSync(join(tmpdir(), "bench-synth-"));
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--import", "tsx", script], {
    cwd: ROOT,
    env: { ...process.env, ...env, CDKTF_OUTDIR: outdir, STREAMING_PLAN_ONLY: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(outdir, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`${script} failed:\n${result.stderr.toString()}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Synthesis of every environment (all stacks, functions bundled) against the floor of a bare cdktf
 * app with one resource, each in a fresh process as `make synth` runs it; medians of {@link RUNS}
 * alternating runs, so load on the machine hits both alike. Target: ratio within 2.
 */
export async function benchSynth(): Promise<Record<string, BenchFigure>> {
  const floor: number[] = [];
  const full: number[] = [];
  timeProcess("bench/fixtures/bare-app.ts", {});
  for (let run = 0; run < RUNS; run++) {
    floor.push(timeProcess("bench/fixtures/bare-app.ts", {}));
    full.push(timeProcess("main.ts", {}));
  }
  const value = median(full);
  const floorValue = median(floor);
  return { synth_all_environments_ms: { value: Math.round(value), unit: "ms", floor: Math.round(floorValue), ratio: Number((value / floorValue).toFixed(2)) } };
}
