import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BundledFunction } from "./function";

/**
 * A code bundle for module tests, so they do not depend on esbuild: a file under
 * `build/test-bundles/` with its real SHA-256, as `bundleFunction` would describe it.
 */
export function testBundle(name: string, contents = `bundle of ${name}`): BundledFunction {
  const dir = join(process.cwd(), "build", "test-bundles");
  mkdirSync(dir, { recursive: true });
  const zipPath = join(dir, `${name}-${createHash("sha256").update(contents).digest("hex").slice(0, 8)}.zip`);
  writeFileSync(zipPath, contents);
  return {
    name,
    zipPath,
    sourceCodeHash: createHash("sha256").update(contents).digest("base64"),
    zipSizeBytes: Buffer.byteLength(contents),
  };
}
