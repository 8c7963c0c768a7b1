import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { bundleFunction, FUNCTION_NAMES } from "../functions/bundle";
import type { BenchFigure } from "./stream-processor";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ZIP_TARGET_BYTES = 300 * 1024;
const INIT_TARGET_MS = 50;
const SPAWNS = 9;

/**
 * Placeholder environment for functions that read their configuration at import: the init
 * figure measures loading, so the values only have to pass validation. Owners add theirs here.
 */
export const INIT_ENV: Record<string, Record<string, string>> = {
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
};

function unzip(zipPath: string, dir: string): string {
  const zip = readFileSync(zipPath);
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
  return readFileSync(join(dir, "index.js"), "utf8");
}

/**
 * Median over fresh `node` processes of the time each spends in `require`: first the AWS SDK
 * packages the bundle requires, then the bundle (its own code). Timed inside the child, so the
 * process start-up (and its noise on a shared machine) is left out; a separate run requiring the
 * bundle alone gives the total, SDK included.
 */
function initMedians(bundlePath: string, sdkPackages: string[], env: Record<string, string> = {}): { totalMs: number; ownMs: number } {
  const split = `const t0=performance.now();${sdkPackages.map((p) => `require(${JSON.stringify(p)});`).join("")}const t1=performance.now();require(${JSON.stringify(bundlePath)});process.stdout.write(String(performance.now()-t1));`;
  const alone = `const t0=performance.now();require(${JSON.stringify(bundlePath)});process.stdout.write(String(performance.now()-t0));`;
  const total: number[] = [];
  const own: number[] = [];
  for (let i = 0; i < SPAWNS; i++) {
    for (const [script, into] of [[alone, total], [split, own]] as const) {
      const child = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } });
      if (child.status !== 0) {
        const lastLines = child.stderr.split("\n").filter((l) => l.length < 300).slice(-6).join("\n");
        throw new Error(`requiring ${bundlePath} failed:\n${lastLines}`);
      }
      into.push(Number(child.stdout));
    }
  }
  const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  return { totalMs: median(total), ownMs: median(own) };
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/**
 * Per function: zip size against the 300 KB target, and cold module initialisation of the bundle
 * in a fresh `node` process (median of 9), against 50 ms. `_init_ms` includes the AWS SDK packages
 * the bundle requires, loaded from node_modules as Lambda loads them from its runtime;
 * `_init_own_ms` is the bundle alone once those are loaded: Powertools, zod and our code.
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
    const dir = join(ROOT, "build", "bench", name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const code = unzip(bundled.zipPath, dir);
    // Lambda's /var/task has no package.json, so index.js is CommonJS; ours says "type": "module".
    writeFileSync(join(dir, "package.json"), '{"type":"commonjs"}');
    const sdk = [...new Set([...code.matchAll(/require\("(@aws-sdk\/[^"]+)"\)/g)].map((m) => m[1]!))];
    let init: { totalMs: number; ownMs: number };
    try {
      init = initMedians(join(dir, "index.js"), sdk, INIT_ENV[name]);
    } catch (error) {
      console.error(`bench: ${name} init not measured: ${(error as Error).message}`);
      continue;
    }
    const initMs = init.totalMs;
    const ownMs = init.ownMs;
    figures[`${key}_init_ms`] = { value: round(initMs), unit: "ms", floor: INIT_TARGET_MS, ratio: round(initMs / INIT_TARGET_MS, 3) };
    figures[`${key}_init_own_ms`] = { value: round(ownMs), unit: "ms", floor: INIT_TARGET_MS, ratio: round(ownMs / INIT_TARGET_MS, 3) };
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchBundles(), null, 2));
}
