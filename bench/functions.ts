import { benchBundles } from "./bundles";
import { benchColdInit } from "./cold-init";
import { benchEnrichment } from "./enrichment";
import { benchStreamProcessor, type BenchFigure } from "./stream-processor";

export type { BenchFigure } from "./stream-processor";

/**
 * The function benchmarks, by name. Each returns figures keyed `<function>_<what>_<unit>`, every
 * one with `value`, `unit`, `floor` (the reference it is judged against) and `ratio`
 * (`value / floor`). To add a function, write `bench/<function>.ts` exporting an
 * `async () => Record<string, BenchFigure>` and add one line here.
 *
 * References: throughput figures (records/s) against plain base64 decode + JSON.parse of the same
 * records in the same run (target ratio >= 0.5); `_zip_bytes` against the 300 KB target (ratio
 * < 1); `_init_ms` (cold start, clients included) against the 50 ms target (ratio < 1), for the
 * shipped bundles (bench/bundles.ts) and for each way of shipping the clients (bench/cold-init.ts).
 */
export const FUNCTION_BENCHES: Record<string, () => Promise<Record<string, BenchFigure>>> = {
  "stream-processor": benchStreamProcessor,
  enrichment: benchEnrichment,
  bundles: benchBundles,
  "cold-init": benchColdInit,
};

/** Runs every function benchmark, one after the other (they measure CPU: never in parallel). */
export async function benchFunctions(): Promise<Record<string, BenchFigure>> {
  const figures: Record<string, BenchFigure> = {};
  for (const bench of Object.values(FUNCTION_BENCHES)) Object.assign(figures, await bench());
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchFunctions(), null, 2));
}
