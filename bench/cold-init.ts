import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { inflateRawSync } from "node:zlib";
import { buildSync } from "esbuild";
import { bundleHandler } from "../modules/bundling/bundle";
import { deterministicZip } from "../modules/bundling/zip";
import type { BenchFigure } from "./stream-processor";

const ROOT = resolve(import.meta.dirname, "..");
const OUT = join(ROOT, "build", "bench", "init");
/** The issue's target for a cold start, clients included; `floor` of every init figure. */
export const INIT_TARGET_MS = 50;
const SPAWNS = 9;

/**
 * Placeholder environment for functions that read their configuration at import or on the first
 * invocation: the init figures measure loading, so the values only have to pass validation.
 */
export const INIT_ENV: Record<string, Record<string, string>> = {
  "stream-processor": {
    EVENTS_TABLE_NAME: "bench-events",
    MALFORMED_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:bench",
    DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/bench",
  },
  enrichment: {
    LOOKUP_TABLE_NAME: "bench-lookup",
    DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/bench",
    OUTPUT_STREAM_NAME: "bench-output",
  },
  "log-filter": { LOG_GROUP_NAME: "/bench/log-filter" },
  "fraud-detector": {
    ALERT_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:bench",
    DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/bench",
  },
  ingest: { STREAM_NAME: "bench-stream" },
  "json-schema-validator": {
    RECORD_SCHEMA: '{"type":"object"}',
    DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/bench",
    OUTPUT_STREAM_NAME: "bench-output",
  },
};

/**
 * The first event of a cold start, one that needs no AWS call: an empty Kinesis batch, or for
 * ingest an API Gateway POST without a body (refused with a 400: ingest builds its Kinesis client
 * on the first accepted request, so its figure has the SDK loaded but no client built).
 */
export const INIT_EVENT: Record<string, unknown> = {
  ingest: { version: "2.0", requestContext: { http: { method: "POST" } }, headers: {}, isBase64Encoded: false },
};
const EMPTY_BATCH = { Records: [] };

/** A cold start of one bundle: import alone, and import + the first invocation (which builds the clients). */
export interface ColdInit {
  importMs: number;
  totalMs: number;
  /** CPU time of the same span (user + system): what load from other processes cannot inflate. */
  totalCpuMs: number;
}

/** Writes the entries of a zip made by deterministicZip into `dir`. */
export function unzipInto(zip: Buffer, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const end = zip.length - 22;
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString();
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    writeFileSync(join(dir, name), inflateRawSync(zip.subarray(start, start + zip.readUInt32LE(at + 20))));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  // Lambda's /var/task has no package.json, so index.js is CommonJS; ours says "type": "module".
  writeFileSync(join(dir, "package.json"), '{"type":"commonjs"}');
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;

/**
 * Median over fresh `node --enable-source-maps` processes (as the Lambda module sets
 * NODE_OPTIONS) of requiring `<dir>/index.js` and awaiting `handler` on its {@link INIT_EVENT}:
 * the first invocation is where our handlers build their clients. Timed inside the child, so the
 * process start-up is left out. An SDK left external is found in node_modules, as Lambda finds its
 * runtime's. The child reports through a file: Powertools writes to stdout.
 */
export function coldInit(dir: string, env: Record<string, string> = {}, event: unknown = EMPTY_BATCH): ColdInit {
  const report = join(dir, "init.json");
  const script = [
    `const c0=process.cpuUsage(),t0=performance.now();`,
    `const m=require(${JSON.stringify(join(dir, "index.js"))});const t1=performance.now();`,
    `Promise.resolve().then(()=>m.handler(${JSON.stringify(event)},undefined)).then(()=>{`,
    `const t2=performance.now(),c=process.cpuUsage(c0);`,
    `require("node:fs").writeFileSync(${JSON.stringify(report)},JSON.stringify({importMs:t1-t0,totalMs:t2-t0,totalCpuMs:(c.user+c.system)/1000}));});`,
  ].join("");
  const runs: ColdInit[] = [];
  for (let i = 0; i < SPAWNS; i++) {
    rmSync(report, { force: true });
    const child = spawnSync(process.execPath, ["--enable-source-maps", "-e", script], {
      cwd: dir,
      encoding: "utf8",
      // Credentials as Lambda provides them, so no credential provider goes looking for a profile.
      env: { ...process.env, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "bench", AWS_SECRET_ACCESS_KEY: "bench", ...env },
    });
    if (child.status !== 0) throw new Error(`cold start of ${dir} failed:\n${child.stderr.split("\n").slice(-8).join("\n")}`);
    runs.push(JSON.parse(readFileSync(report, "utf8")) as ColdInit);
  }
  return { importMs: median(runs.map((r) => r.importMs)), totalMs: median(runs.map((r) => r.totalMs)), totalCpuMs: median(runs.map((r) => r.totalCpuMs)) };
}

// Called with or without `new` (clients, commands, helpers alike), answering any property.
const SDK_STUB = `function Stub() {
  if (!(this instanceof Stub)) return new Stub();
  this.middlewareStack = { add() {}, remove() { return true; }, use() {} };
  this.config = {};
}
Stub.prototype.send = () => Promise.resolve({});
Stub.prototype.destroy = () => {};
const Any = new Proxy(Stub, { get: (target, name) => (name in target ? target[name] : name === "from" ? () => new Stub() : Any) });
// esbuild's interop copies a CommonJS module's own keys onto an object made from its prototype:
// a prototype answering every name makes any import resolve.
const everything = new Proxy({}, { get: (_, name) => (name === "__esModule" ? false : Any) });
module.exports = new Proxy({}, { get: (_, name) => (name === "__esModule" ? false : Any), getPrototypeOf: () => everything });
`;

/** Every `@aws-sdk/*` and `@smithy/*` dependency answered by one do-nothing class: the handler's own code without any SDK. */
function withoutSdk(dir: string): Record<string, string> {
  const stub = join(dir, "sdk-stub.js");
  writeFileSync(stub, SDK_STUB);
  const { dependencies } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  return Object.fromEntries(Object.keys(dependencies).filter((name) => /^@(aws-sdk|smithy)\//.test(name)).map((name) => [name, stub]));
}

/** One way of shipping a handler's clients: builds `<OUT>/<function>/<option>/` and returns the zip size. */
type InitOption = (fn: string, dir: string) => number;

function shippedLike(external: string[]): InitOption {
  return (fn, dir) => {
    const bundled = bundleHandler(join(ROOT, "functions", fn, "handler.ts"), { name: `${fn}-${external.length}`, outDir: join(OUT, "zips"), workingDirectory: ROOT, external, reuse: false });
    unzipInto(readFileSync(bundled.zipPath), dir);
    return bundled.zipSizeBytes;
  };
}

/** Writes a generated entry next to the output and bundles it with our settings, then zips index.js + map. */
function bundleEntry(dir: string, source: string, stubSdk = false): number {
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, "entry.ts");
  writeFileSync(entry, source);
  const result = buildSync({
    entryPoints: [entry], bundle: true, minify: true, sourcemap: "linked", sourcesContent: false, platform: "node", format: "cjs",
    mainFields: ["module", "main"], target: "node22", legalComments: "none", write: false, logLevel: "silent", absWorkingDir: ROOT,
    outfile: join(dir, "index.js"), alias: stubSdk ? withoutSdk(dir) : {},
  });
  const files: Record<string, Uint8Array> = {};
  for (const file of result.outputFiles) files[file.path.slice(dir.length + 1)] = file.contents;
  const zip = deterministicZip(files);
  rmSync(join(dir, "entry.ts"));
  rmSync(join(dir, "sdk-stub.js"), { force: true });
  unzipInto(zip, dir);
  return zip.length;
}

/**
 * The options of issue 14, each built from the same handler source:
 * - `sdk_external`: the SDK left to the Lambda runtime (what the bundles did before);
 * - `sdk_bundled`: the SDK bundled, minified and tree-shaken, so only the clients and commands
 *   the handler imports are in the zip;
 * - `lazy`: `sdk_bundled` behind a handler that loads everything on the first invocation: import
 *   is nearly free, the first invocation pays it all (and Lambda gives init, not invocations,
 *   the full-core CPU burst);
 * - `signed_request`: our code with every SDK import stubbed out plus the small SigV4 client of
 *   bench/options/signed-request-client.ts, one per service the handler calls (the lower bound of
 *   dropping the SDK).
 */
export const INIT_OPTIONS: Record<string, InitOption> = {
  sdk_external: shippedLike(["@aws-sdk/*"]),
  sdk_bundled: shippedLike([]),
  lazy: (fn, dir) =>
    bundleEntry(dir, `let loaded: any;\nexport async function handler(event: unknown, context: unknown) {\n  loaded ??= await import(${JSON.stringify(join(ROOT, "functions", fn, "handler"))});\n  return loaded.handler(event, context);\n}\n`),
  signed_request: (fn, dir) =>
    bundleEntry(
      dir,
      [
        `import { handler as inner } from ${JSON.stringify(join(ROOT, "functions", fn, "handler"))};`,
        `import { SignedRequestClient } from ${JSON.stringify(join(ROOT, "bench", "options", "signed-request-client"))};`,
        `let clients: SignedRequestClient[] | undefined;`,
        `export async function handler(event: any, context: any) {`,
        `  clients ??= [new SignedRequestClient({ service: "dynamodb", targetPrefix: "DynamoDB_20120810", jsonVersion: "1.0" }), new SignedRequestClient({ service: "sqs", targetPrefix: "AmazonSQS", jsonVersion: "1.0" }), new SignedRequestClient({ service: "kinesis", targetPrefix: "Kinesis_20131202", jsonVersion: "1.1" })];`,
        `  return inner(event, context);`,
        `}`,
      ].join("\n"),
      true,
    ),
};

/** The handlers whose cold start issue 14 judges; the other functions get the shipped figures only (bench/bundles.ts). */
const JUDGED = ["stream-processor", "enrichment"];

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/**
 * Per judged handler and option: cold init (wall and CPU ms, clients included) against the 50 ms
 * target, import alone, and the zip size. The shipped bundle (functions/bundle.ts) uses the
 * option these figures chose; bench/bundles.ts measures it for every function.
 */
export async function benchColdInit(): Promise<Record<string, BenchFigure>> {
  const figures: Record<string, BenchFigure> = {};
  for (const fn of JUDGED) {
    const key = fn.replace(/-/g, "_");
    for (const [option, build] of Object.entries(INIT_OPTIONS)) {
      const dir = join(OUT, fn, option);
      rmSync(dir, { recursive: true, force: true });
      let zipBytes: number;
      let init: ColdInit;
      try {
        zipBytes = build(fn, dir);
        init = coldInit(dir, INIT_ENV[fn]);
      } catch (error) {
        console.error(`bench: ${fn} ${option} not measured: ${(error as Error).message}`);
        continue;
      }
      const prefix = `${key}_init_option_${option}`;
      figures[`${prefix}_ms`] = { value: round(init.totalMs), unit: "ms", floor: INIT_TARGET_MS, ratio: round(init.totalMs / INIT_TARGET_MS, 3) };
      figures[`${prefix}_cpu_ms`] = { value: round(init.totalCpuMs), unit: "ms", floor: INIT_TARGET_MS, ratio: round(init.totalCpuMs / INIT_TARGET_MS, 3) };
      figures[`${prefix}_import_only_ms`] = { value: round(init.importMs), unit: "ms", floor: INIT_TARGET_MS, ratio: round(init.importMs / INIT_TARGET_MS, 3) };
      figures[`${prefix}_zip_bytes`] = { value: zipBytes, unit: "bytes", floor: 300 * 1024, ratio: round(zipBytes / (300 * 1024), 3) };
    }
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchColdInit(), null, 2));
}
