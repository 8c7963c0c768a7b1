import { benchBundles } from "./bundles";
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
 * < 1); `_init_ms` and `_init_own_ms` against the 50 ms target (ratio < 1).
 */
export const FUNCTION_BENCHES: Record<string, () => Promise<Record<string, BenchFigure>>> = {
  "stream-processor": benchStreamProcessor,
  enrichment: benchEnrichment,
  bundles: benchBundles,
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
