import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateRawSync } from "node:zlib";
import * as zlib from "node:zlib";
import { type BuildOptions, buildSync, version as esbuildVersion } from "esbuild";

/** Every function of the platform; `bundleFunction` accepts only these. */
export const FUNCTION_NAMES = ["stream-processor", "enrichment", "log-filter", "fraud-detector", "ingest"] as const;

/** One of {@link FUNCTION_NAMES}. */
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Lambda `handler` setting of every bundle: `index.js` exports `handler`. */
export const FUNCTION_HANDLER = "index.handler";

/** Lambda runtime the bundles target. */
export const FUNCTION_RUNTIME = "nodejs22.x";

/** A function's deployment package. */
export interface BundledFunction {
  name: FunctionName;
  /** Absolute path of the zip, under `build/functions/`. */
  zipPath: string;
  /** Base64 SHA-256 of the zip: Lambda's `source_code_hash`. */
  sourceCodeHash: string;
  zipSizeBytes: number;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT_DIR = join(ROOT, "build", "functions");
const cache = new Map<string, BundledFunction>();

/** MS-DOS date of 1980-01-01 00:00:00, the zip format's epoch: the same bytes on every build. */
const FIXED_DOS_DATE = (0 << 9) | (1 << 5) | 1;
const FIXED_DOS_TIME = 0;

/**
 * A zip with sorted entries, fixed timestamps and fixed attributes (regular file, 0644), so the
 * same files always give the same bytes; Terraform then sees no change when the code did not
 * change.
 */
export function deterministicZip(files: Record<string, Uint8Array>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of Object.keys(files).sort()) {
    const data = files[name]!;
    const compressed = deflateRawSync(data, { level: 9 });
    const crc = zlib.crc32(data);
    const fileName = Buffer.from(name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(FIXED_DOS_TIME, 10);
    local.writeUInt16LE(FIXED_DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the external attributes are a mode
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(FIXED_DOS_TIME, 12);
    central.writeUInt16LE(FIXED_DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(((0o100644 << 16) >>> 0), 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, compressed);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + compressed.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDirectory, end]);
}

/**
 * Bundles `functions/<name>/handler.ts` into `build/functions/<name>.zip` (`index.js` + its
 * source map) and returns the zip's path and hash. Synchronous because the Lambda module calls it
 * during synth; memoized, so each function is built once per process.
 *
 * A zip from an earlier process is reused when every file esbuild read for it is unchanged
 * (`build/functions/<name>.inputs.json`); `STREAMING_BUNDLE_CACHE=0` always rebuilds.
 *
 * Choices, measured in bench/functions.ts:
 * - CommonJS: the AWS SDK and Powertools ship CommonJS that `require`s Node built-ins at run
 *   time; an ESM bundle needs a `createRequire` banner for that, CJS runs them as they are.
 * - `@aws-sdk/*` is external: the nodejs22.x runtime ships SDK v3. Bundled, the SDK adds about
 *   180 KB to the zip for no faster start (its module init costs the same from the runtime's
 *   copy); the runtime's copy is patched by AWS. We use no API younger than the runtime's SDK.
 * - Minified, with a linked source map without sources content (small; set
 *   NODE_OPTIONS=--enable-source-maps on the function to get TypeScript stack traces).
 */
export function bundleFunction(name: string): BundledFunction {
  if (!(FUNCTION_NAMES as readonly string[]).includes(name)) {
    throw new Error(`bundleFunction: unknown function "${name}", expected one of ${FUNCTION_NAMES.join(", ")}`);
  }
  const cached = cache.get(name);
  if (cached) return cached;
  const entry = join(ROOT, "functions", name, "handler.ts");
  if (!existsSync(entry)) throw new Error(`bundleFunction: ${entry} does not exist (function "${name}" has no handler yet)`);
  const zipPath = join(OUT_DIR, `${name}.zip`);
  const manifestPath = join(OUT_DIR, `${name}.inputs.json`);
  const reused = process.env.STREAMING_BUNDLE_CACHE === "0" ? undefined : reusableBundle(name as FunctionName, zipPath, manifestPath);
  if (reused) {
    cache.set(name, reused);
    return reused;
  }
  const result = buildSync({ ...BUILD_OPTIONS, entryPoints: [entry], outfile: join(OUT_DIR, name, "index.js"), metafile: true });
  const files: Record<string, Uint8Array> = {};
  for (const file of result.outputFiles) files[file.path.slice(join(OUT_DIR, name).length + 1)] = file.contents;
  const zip = deterministicZip(files);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(zipPath, zip);
  const bundled: BundledFunction = {
    name: name as FunctionName,
    zipPath,
    sourceCodeHash: createHash("sha256").update(zip).digest("base64"),
    zipSizeBytes: zip.length,
  };
  const inputs = Object.keys(result.metafile!.inputs).sort();
  const manifest: BundleManifest = { key: BUILD_KEY, inputs, digest: digestOf(inputs), sourceCodeHash: bundled.sourceCodeHash, zipSizeBytes: zip.length };
  writeFileSync(manifestPath, `${JSON.stringify(manifest)}\n`);
  cache.set(name, bundled);
  return bundled;
}

/** esbuild settings shared by every function (see {@link bundleFunction} for the choices). */
const BUILD_OPTIONS = {
  absWorkingDir: ROOT,
  bundle: true,
  minify: true,
  sourcemap: "linked",
  sourcesContent: false,
  platform: "node",
  target: "node22",
  format: "cjs",
  mainFields: ["module", "main"],
  external: ["@aws-sdk/*"],
  legalComments: "none",
  charset: "utf8",
  write: false,
  logLevel: "silent",
} satisfies BuildOptions;

/** Changes whenever the bundler or its settings change, invalidating every cached bundle. */
const BUILD_KEY = createHash("sha256").update(`${esbuildVersion}\n${process.version}\n${JSON.stringify(BUILD_OPTIONS)}`).digest("hex");

/** What a previous build read, to tell whether its zip can be reused. */
interface BundleManifest {
  readonly key: string;
  /** Every file esbuild read, relative to the repository. */
  readonly inputs: readonly string[];
  /** SHA-256 over those files' paths and contents. */
  readonly digest: string;
  readonly sourceCodeHash: string;
  readonly zipSizeBytes: number;
}

function digestOf(inputs: readonly string[]): string {
  const hash = createHash("sha256");
  for (const input of inputs) {
    const path = join(ROOT, input);
    hash.update(input).update("\0").update(existsSync(path) ? readFileSync(path) : "(missing)").update("\0");
  }
  return hash.digest("hex");
}

/**
 * The zip of a previous synth when none of the files it was built from changed (synth runs once per
 * `make plan`, and rebuilding five bundles is most of its time); undefined when it must be rebuilt.
 */
function reusableBundle(name: FunctionName, zipPath: string, manifestPath: string): BundledFunction | undefined {
  if (!existsSync(zipPath) || !existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as BundleManifest;
  if (manifest.key !== BUILD_KEY || digestOf(manifest.inputs) !== manifest.digest) return undefined;
  const zip = readFileSync(zipPath);
  const sourceCodeHash = createHash("sha256").update(zip).digest("base64");
  // A zip edited or half-written since is rebuilt rather than trusted.
  if (sourceCodeHash !== manifest.sourceCodeHash) return undefined;
  return { name, zipPath, sourceCodeHash, zipSizeBytes: zip.length };
}
