import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { bundleFunction, FUNCTION_NAMES } from "../functions/bundle";
import { coldInit, INIT_ENV, INIT_EVENT, INIT_TARGET_MS, unzipInto } from "./cold-init";
import type { BenchFigure } from "./stream-processor";

const ROOT = resolve(import.meta.dirname, "..");
const ZIP_TARGET_BYTES = 300 * 1024;

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/**
 * Per function, the bundle that ships (functions/bundle.ts): zip size against the 300 KB target,
 * and a cold start against the 50 ms target (bench/cold-init.ts: fresh `node --enable-source-maps`,
 * require index.js and run a first invocation that needs no AWS call, which builds the clients;
 * median of 9).
 * `_init_ms` is wall time, `_init_cpu_ms` the child's CPU time over the same span, and
 * `_init_import_only_ms` the require alone.
 */
export async function benchBundles(): Promise<Record<string, BenchFigure>> {
  const figures: Record<string, BenchFigure> = {};
  for (const name of FUNCTION_NAMES) {
    let bundled;
    try {
      bundled = bundleFunction(name);
    } catch (error) {
      console.error(`bench: ${name} skipped: ${(error as Error).message}`);
      continue;
    }
    const key = name.replace(/-/g, "_");
    figures[`${key}_zip_bytes`] = { value: bundled.zipSizeBytes, unit: "bytes", floor: ZIP_TARGET_BYTES, ratio: round(bundled.zipSizeBytes / ZIP_TARGET_BYTES, 3) };
    const dir = join(ROOT, "build", "bench", "shipped", name);
    rmSync(dir, { recursive: true, force: true });
    unzipInto(readFileSync(bundled.zipPath), dir);
    let init;
    try {
      init = coldInit(dir, INIT_ENV[name], INIT_EVENT[name]);
    } catch (error) {
      console.error(`bench: ${name} init not measured: ${(error as Error).message}`);
      continue;
    }
    figures[`${key}_init_ms`] = { value: round(init.totalMs), unit: "ms", floor: INIT_TARGET_MS, ratio: round(init.totalMs / INIT_TARGET_MS, 3) };
    figures[`${key}_init_cpu_ms`] = { value: round(init.totalCpuMs), unit: "ms", floor: INIT_TARGET_MS, ratio: round(init.totalCpuMs / INIT_TARGET_MS, 3) };
    figures[`${key}_init_import_only_ms`] = { value: round(init.importMs), unit: "ms", floor: INIT_TARGET_MS, ratio: round(init.importMs / INIT_TARGET_MS, 3) };
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchBundles(), null, 2));
}
