import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from "node:path";
import { type BuildOptions, buildSync, version as esbuildVersion } from "esbuild";
import { DEFAULT_FUNCTION_HANDLER, type FunctionCode } from "../lambda-enrichment/code";
import { deterministicZip } from "./zip";

/** Options of {@link bundleHandler}. */
export interface BundleHandlerOptions {
  /**
   * The bundle's name: the zip is `<outDir>/<name>.zip`.
   * @default - the entry's folder name when the file is `handler.*` or `index.*`, else its file name
   */
  readonly name?: string;
  /**
   * Where the zip and its input manifest are written.
   * @default - "build/functions" under the working directory
   */
  readonly outDir?: string;
  /**
   * The directory esbuild resolves from; paths in the manifest and the source map are relative to it.
   * @default - process.cwd()
   */
  readonly workingDirectory?: string;
  /**
   * Node.js version the bundle targets, as esbuild writes it (`node20`, `node22`); match the function's runtime.
   * @default "node22"
   */
  readonly target?: string;
  /**
   * Packages left out of the bundle because the runtime provides them.
   * @default ["@aws-sdk/*"] (the Node.js runtimes ship the AWS SDK v3)
   */
  readonly external?: readonly string[];
  /**
   * Reuse the zip of an earlier process when none of the files esbuild read for it changed
   * (`<outDir>/<name>.inputs.json`). `STREAMING_BUNDLE_CACHE=0` turns it off as well.
   * @default true
   */
  readonly reuse?: boolean;
}

/** A bundle: its {@link FunctionCode} and the name it was built under. */
export interface BundledHandler extends FunctionCode {
  readonly name: string;
  readonly zipSizeBytes: number;
  readonly handler: string;
}

const memo = new Map<string, BundledHandler>();

/**
 * Bundles one handler file (TypeScript or JavaScript exporting `handler`) with esbuild into a
 * deterministic zip (`index.js` + its source map, sorted entries, fixed timestamps): the same
 * source always gives the same `sourceCodeHash`, so Terraform sees no change. Synchronous, so a
 * construct can call it during synth; memoized per zip path within a process.
 *
 * Choices:
 * - CommonJS: the AWS SDK and Powertools ship CommonJS that `require`s Node built-ins at run
 *   time; an ESM bundle needs a `createRequire` banner for that, CJS runs them as they are.
 * - `@aws-sdk/*` is external: the Node.js runtimes ship SDK v3, patched by AWS.
 * - Minified, with a linked source map without sources content (small; the function gets
 *   `NODE_OPTIONS=--enable-source-maps` from the Lambda module, for TypeScript stack traces).
 *
 * esbuild is an optional peer dependency of the package: install it to use this entry point.
 */
export function bundleHandler(entry: string, options: BundleHandlerOptions = {}): BundledHandler {
  const workingDirectory = resolve(options.workingDirectory ?? process.cwd());
  const entryPath = isAbsolute(entry) ? entry : resolve(workingDirectory, entry);
  if (!existsSync(entryPath)) throw new Error(`bundleHandler: the entry ${entryPath} does not exist`);
  const name = options.name ?? defaultName(entryPath);
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`bundleHandler: name must be [A-Za-z0-9._-]+, got "${name}"`);
  const outDir = resolve(workingDirectory, options.outDir ?? join("build", "functions"));
  const zipPath = join(outDir, `${name}.zip`);
  const memoized = memo.get(zipPath);
  if (memoized) return memoized;

  const buildOptions = {
    ...BUILD_OPTIONS,
    absWorkingDir: workingDirectory,
    target: options.target ?? "node22",
    external: [...(options.external ?? ["@aws-sdk/*"])],
  } satisfies BuildOptions;
  const key = createHash("sha256").update(`${esbuildVersion}\nmaps:project-relative\n${process.version}\n${JSON.stringify(buildOptions)}\n${entryPath}`).digest("hex");
  const manifestPath = join(outDir, `${name}.inputs.json`);
  const reuse = options.reuse !== false && process.env.STREAMING_BUNDLE_CACHE !== "0";
  const reused = reuse ? reusableBundle(name, zipPath, manifestPath, key, workingDirectory) : undefined;
  if (reused) {
    memo.set(zipPath, reused);
    return reused;
  }

  const result = buildSync({ ...buildOptions, entryPoints: [entryPath], outfile: join(outDir, name, "index.js"), metafile: true });
  const files: Record<string, Uint8Array> = {};
  for (const file of result.outputFiles) {
    const relative = file.path.slice(join(outDir, name).length + 1);
    files[relative] = relative.endsWith(".map") ? checkoutIndependentMap(file.contents, dirname(file.path), workingDirectory) : file.contents;
  }
  const zip = deterministicZip(files);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(zipPath, zip);
  const bundled: BundledHandler = {
    name,
    zipPath,
    sourceCodeHash: createHash("sha256").update(zip).digest("base64"),
    zipSizeBytes: zip.length,
    handler: DEFAULT_FUNCTION_HANDLER,
  };
  const inputs = Object.keys(result.metafile.inputs).sort();
  const manifest: BundleManifest = {
    key,
    inputs,
    digest: digestOf(inputs, workingDirectory),
    sourceCodeHash: bundled.sourceCodeHash,
    zipSizeBytes: zip.length,
  };
  writeFileSync(manifestPath, `${JSON.stringify(manifest)}\n`);
  memo.set(zipPath, bundled);
  return bundled;
}

/**
 * The source map with every source named from the project (`functions/ingest/handler.ts`,
 * `node_modules/@smithy/...`) instead of relative to where this checkout and its node_modules sit,
 * so the same code zips to the same bytes in any checkout (a CI runner, `make plan BASE=`'s extracted base).
 */
function checkoutIndependentMap(contents: Uint8Array, mapDir: string, workingDirectory: string): Uint8Array {
  const map = JSON.parse(Buffer.from(contents).toString("utf8")) as { sources: string[] };
  map.sources = map.sources.map((source) => {
    const absolute = resolve(mapDir, source);
    const packages = absolute.indexOf("/node_modules/");
    return packages >= 0 ? absolute.slice(packages + 1) : relative(workingDirectory, absolute);
  });
  return Buffer.from(JSON.stringify(map));
}

/** esbuild settings shared by every bundle (see {@link bundleHandler} for the choices). */
const BUILD_OPTIONS = {
  bundle: true,
  minify: true,
  sourcemap: "linked",
  sourcesContent: false,
  platform: "node",
  format: "cjs",
  mainFields: ["module", "main"],
  legalComments: "none",
  charset: "utf8",
  write: false,
  logLevel: "silent",
} satisfies BuildOptions;

function defaultName(entryPath: string): string {
  const file = basename(entryPath, extname(entryPath));
  return file === "handler" || file === "index" ? basename(dirname(entryPath)) : file;
}

/** What a previous build read, to tell whether its zip can be reused. */
interface BundleManifest {
  /** Changes whenever esbuild, Node.js, the settings or the entry change. */
  readonly key: string;
  /** Every file esbuild read, relative to the working directory. */
  readonly inputs: readonly string[];
  /** SHA-256 over those files' paths and contents. */
  readonly digest: string;
  readonly sourceCodeHash: string;
  readonly zipSizeBytes: number;
}

function digestOf(inputs: readonly string[], workingDirectory: string): string {
  const hash = createHash("sha256");
  for (const input of inputs) {
    const path = resolve(workingDirectory, input);
    hash.update(input).update("\0").update(existsSync(path) ? readFileSync(path) : "(missing)").update("\0");
  }
  return hash.digest("hex");
}

/**
 * The zip of an earlier process when none of the files it was built from changed (rebuilding
 * every bundle is most of a synth's time); undefined when it must be rebuilt.
 */
function reusableBundle(name: string, zipPath: string, manifestPath: string, key: string, workingDirectory: string): BundledHandler | undefined {
  if (!existsSync(zipPath) || !existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as BundleManifest;
  if (manifest.key !== key || digestOf(manifest.inputs, workingDirectory) !== manifest.digest) return undefined;
  const zip = readFileSync(zipPath);
  const sourceCodeHash = createHash("sha256").update(zip).digest("base64");
  // A zip edited or half-written since is rebuilt rather than trusted.
  if (sourceCodeHash !== manifest.sourceCodeHash) return undefined;
  return { name, zipPath, sourceCodeHash, zipSizeBytes: zip.length, handler: DEFAULT_FUNCTION_HANDLER };
}
