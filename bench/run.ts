import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { benchCheck } from "./check";
import { benchFunctions } from "./functions";
import { benchPut } from "./put";
import { benchResilience } from "./resilience";
import type { BenchFigure } from "./stream-processor";
import { benchSynth } from "./synth";

/**
 * `npm run bench`: every benchmark, one after the other, each against a floor measured in the same
 * run. Writes bench/results.json as `{ name: { value, unit, floor, ratio } }` and prints a table.
 */
const SUITES: Record<string, () => Promise<Record<string, BenchFigure>>> = {
  synth: benchSynth,
  functions: benchFunctions,
  put: benchPut,
  resilience: benchResilience,
  check: benchCheck,
};
/** Suites run only when named (`npm run bench check`): `check` runs the whole unit project. */
const OPT_IN = new Set(["check"]);

const only = process.argv.slice(2);
const dir = import.meta.dirname;
const resultsFile = join(dir, "results.json");
// A run of some suites keeps the other suites' figures from the last run.
const results: Record<string, BenchFigure> = only.length > 0 && existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, "utf8")) : {};
const loadAtStart = loadavg()[0]!;
for (const [name, suite] of Object.entries(SUITES)) {
  if (only.length > 0 ? !only.includes(name) : OPT_IN.has(name)) continue;
  console.error(`running ${name} ...`);
  Object.assign(results, await suite());
}

// The machine is shared: every figure of a run is read with the load it ran under (floor: the cores).
const load = (loadAtStart + loadavg()[0]!) / 2;
results.machine_load_average = { value: Number(load.toFixed(1)), unit: "1-min load, mean of start and end", floor: cpus().length, ratio: Number((load / cpus().length).toFixed(2)) };
mkdirSync(dir, { recursive: true });
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
const rows = [["benchmark", "value", "unit", "floor", "ratio"], ...Object.entries(results).map(([name, f]) => [name, String(f.value), f.unit, String(f.floor), String(f.ratio)])];
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
console.log(rows.map((r) => r.map((cell, c) => (c === 0 || c === 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ")).join("\n"));
