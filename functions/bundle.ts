import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type BundledHandler, bundleHandler } from "../modules/bundling/bundle";
import { DEFAULT_FUNCTION_HANDLER } from "../modules/lambda-enrichment/code";

export { deterministicZip } from "../modules/bundling/zip";

/** Every function of the platform; `bundleFunction` accepts only these. */
export const FUNCTION_NAMES = ["stream-processor", "enrichment", "log-filter", "fraud-detector", "json-schema-validator", "ingest"] as const;

/** One of {@link FUNCTION_NAMES}. */
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Lambda `handler` setting of every bundle: `index.js` exports `handler`. */
export const FUNCTION_HANDLER = DEFAULT_FUNCTION_HANDLER;

/** Lambda runtime the bundles target. */
export const FUNCTION_RUNTIME = "nodejs22.x";

/** A function's deployment package: the `code` prop of the Lambda modules. */
export interface BundledFunction extends BundledHandler {
  readonly name: FunctionName;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT_DIR = join(ROOT, "build", "functions");

/**
 * Bundles `functions/<name>/handler.ts` into `build/functions/<name>.zip` with the package's
 * `bundleHandler` (deterministic, memoized, reused across processes while no input changed;
 * `STREAMING_BUNDLE_CACHE=0` always rebuilds). The stacks pass the result to the Lambda modules as
 * their `code`. Choices measured in bench/functions.ts; see `bundleHandler` for them.
 */
export function bundleFunction(name: string): BundledFunction {
  if (!(FUNCTION_NAMES as readonly string[]).includes(name)) {
    throw new Error(`bundleFunction: unknown function "${name}", expected one of ${FUNCTION_NAMES.join(", ")}`);
  }
  const entry = join(ROOT, "functions", name, "handler.ts");
  if (!existsSync(entry)) throw new Error(`bundleFunction: ${entry} does not exist (function "${name}" has no handler yet)`);
  return bundleHandler(entry, { name, outDir: OUT_DIR, workingDirectory: ROOT, target: "node22" }) as BundledFunction;
}
