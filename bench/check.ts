import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import type { BenchFigure } from "./stream-processor";

const ROOT = resolve(import.meta.dirname, "..");
/** Issue 14's target for `make check` on the 2-core machine. */
const CHECK_TARGET_S = 120;

/** `make check`'s three steps, run as the Makefile runs them (without its npm ci step). */
const STEPS: Record<string, { command: string[]; env?: Record<string, string> }> = {
  typecheck: { command: ["npx", "--no-install", "tsc", "--noEmit", "--incremental", "--tsBuildInfoFile", "build/tsc/check.tsbuildinfo", "-p", "."] },
  unit: { command: ["npx", "--no-install", "vitest", "run", "--project", "unit"] },
  synth: { command: [process.execPath, "tools/synth/run.mjs"], env: { STREAMING_PLAN_ONLY: "1" } },
};

const round = (n: number) => Number(n.toFixed(1));

/**
 * Wall-clock seconds of each step of `make check` and of the whole, against the 2-minute target,
 * (the machine is shared: read it with the run's `machine_load_average`).
 * Opt-in (`npm run bench check`): it runs the whole unit project.
 */
export async function benchCheck(): Promise<Record<string, BenchFigure>> {
  const figures: Record<string, BenchFigure> = {};
  let total = 0;
  for (const [name, step] of Object.entries(STEPS)) {
    const started = performance.now();
    const result = spawnSync(step.command[0]!, step.command.slice(1), { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...step.env } });
    const seconds = (performance.now() - started) / 1000;
    if (result.status !== 0) console.error(`bench: make check step ${name} failed (exit ${result.status}); its time is still reported`);
    total += seconds;
    figures[`make_check_${name}_s`] = { value: round(seconds), unit: "s", floor: CHECK_TARGET_S, ratio: Number((seconds / CHECK_TARGET_S).toFixed(3)) };
  }
  figures.make_check_s = { value: round(total), unit: "s", floor: CHECK_TARGET_S, ratio: Number((total / CHECK_TARGET_S).toFixed(3)) };
  return figures;
}
