// @ts-check
// The fast synth path, run with plain node (no tsx): `cdktf synth` (cdktf.json "app"), `make synth`
// and `npm run synth` all start here. It keeps build/synth/main.cjs, an esbuild bundle of main.ts,
// up to date and runs it with a V8 code cache. Measured in bench/synth.ts: tsx's per-module
// transpiling and resolution, compiling a 2.5 MB bundle, and the stack traces cdktf captures for
// every token were most of synth time. Plain JavaScript, so that nothing needs compiling first.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";

const ROOT = resolve(import.meta.dirname, "../..");
const OUT_DIR = join(ROOT, "build", "synth");
const BUNDLE = join(OUT_DIR, "main.cjs");
const MANIFEST = join(OUT_DIR, "main.inputs.json");
const CODE_CACHE = join(OUT_DIR, "main.cjs.v8cache");

/**
 * @typedef {{ key: string, bundleHash: string, inputs: Record<string, [number, number, string]> }} Manifest
 * `inputs`: every file esbuild read, relative to the root, with [size, mtimeMs, sha256].
 */

/** Changes with the launcher itself (it holds the build settings), node and esbuild. */
function buildKey(esbuildVersion) {
  return createHash("sha256").update(readFileSync(import.meta.filename)).update(`${process.version}\n${esbuildVersion}`).digest("hex");
}

/** @param {string} path @param {string | Uint8Array} contents */
function writeAtomically(path, contents) {
  const temp = `${path}.${process.pid}`;
  writeFileSync(temp, contents);
  renameSync(temp, path);
}

function sha256(path) {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** @returns {Manifest | undefined} */
function readManifest() {
  try {
    return JSON.parse(readFileSync(MANIFEST, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * True when no input changed: same size and mtime (a stat, cheap), else the same content (a clean
 * clone has new mtimes but the same bytes). Refreshed stats are written back so the next run stats only.
 * @param {Manifest} manifest
 */
function upToDate(manifest) {
  if (!existsSync(BUNDLE) || sha256(BUNDLE) !== manifest.bundleHash) return false;
  let restatted = false;
  for (const [input, [size, mtimeMs, hash]] of Object.entries(manifest.inputs)) {
    const path = join(ROOT, input);
    if (!existsSync(path)) return false;
    const stat = statSync(path);
    if (stat.size === size && stat.mtimeMs === mtimeMs) continue;
    if (stat.size !== size || sha256(path) !== hash) return false;
    manifest.inputs[input] = [size, stat.mtimeMs, hash];
    restatted = true;
  }
  if (restatted) writeAtomically(MANIFEST, `${JSON.stringify(manifest)}\n`);
  return true;
}

/**
 * Bundled code reads `import.meta.dirname` / `url` / `filename` of its own source file (to find
 * envs/ and the repository root); esbuild would leave them pointing at build/synth/, so each
 * project file gets its own values written in.
 * @type {import("esbuild").Plugin}
 */
const sourceLocation = {
  name: "source-location",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${"/"}node_modules${"/"}`)) return undefined;
      const contents = readFileSync(args.path, "utf8")
        .replaceAll("import.meta.dirname", JSON.stringify(dirname(args.path)))
        .replaceAll("import.meta.filename", JSON.stringify(args.path))
        .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href));
      return { contents, loader: "ts" };
    });
  },
};

/**
 * cdktf records a full stack trace (no depth limit) for every token it creates, only to name the
 * creation site when a token fails to resolve: about a fifth of synth time. The fast path skips
 * them; `npx tsx main.ts` still has them for debugging such an error.
 * @type {import("esbuild").Plugin}
 */
const noTokenStackTraces = {
  name: "no-token-stack-traces",
  setup(build) {
    build.onLoad({ filter: /cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, () => ({
      contents: "exports.captureStackTrace = function captureStackTrace() { return []; };",
      loader: "js",
    }));
  },
};

async function rebuild() {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ["main.ts"],
    outfile: BUNDLE,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    sourcemap: "linked",
    sourcesContent: false,
    // esbuild bundles the functions at synth time and ships its own binary: it stays a package.
    external: ["esbuild"],
    plugins: [sourceLocation, noTokenStackTraces],
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  // Written under temporary names and renamed, so a concurrent synth never reads half a bundle.
  for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
  rmSync(CODE_CACHE, { force: true });
  /** @type {Manifest["inputs"]} */
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs).sort()) {
    const path = join(ROOT, input);
    const stat = statSync(path);
    inputs[input] = [stat.size, stat.mtimeMs, sha256(path)];
  }
  /** @type {Manifest} */
  const manifest = { key: buildKey(esbuild.version), bundleHash: sha256(BUNDLE), inputs };
  writeAtomically(MANIFEST, `${JSON.stringify(manifest)}\n`);
}

/** Runs the bundle as CommonJS, compiled from the code cache when V8 accepts it. */
function runBundle() {
  const source = readFileSync(BUNDLE, "utf8");
  const cachedData = existsSync(CODE_CACHE) ? readFileSync(CODE_CACHE) : undefined;
  const require = createRequire(BUNDLE);
  const module = { exports: {}, require, id: BUNDLE, filename: BUNDLE, loaded: false };
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: BUNDLE, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // Written after the run, so it holds the functions synth compiled too, not just the top level.
    process.once("exit", () => writeAtomically(CODE_CACHE, script.createCachedData()));
  }
  script.runInThisContext()(module.exports, require, module, BUNDLE, OUT_DIR);
}

mkdirSync(OUT_DIR, { recursive: true });
const manifest = readManifest();
// The esbuild version is only known after loading esbuild, so a stale key is caught on rebuild: the
// key is compared with the version installed when the manifest was written.
const installedEsbuild = JSON.parse(readFileSync(join(ROOT, "node_modules", "esbuild", "package.json"), "utf8")).version;
if (manifest === undefined || manifest.key !== buildKey(installedEsbuild) || !upToDate(manifest)) {
  await rebuild();
}
runBundle();
