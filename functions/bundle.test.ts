import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { bundleFunction, deterministicZip, FUNCTION_NAMES } from "./bundle";

const here = dirname(fileURLToPath(import.meta.url));

/** Reads a zip through its central directory, checking each entry's CRC. */
function readZip(zip: Buffer): Array<{ name: string; mode: number; dosDate: number; data: Buffer }> {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString();
    const local = zip.readUInt32LE(at + 42);
    const size = zip.readUInt32LE(at + 20);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = inflateRawSync(zip.subarray(dataStart, dataStart + size));
    expect(crc32(data)).toBe(zip.readUInt32LE(at + 16));
    entries.push({ name, mode: zip.readUInt32LE(at + 38) >>> 16, dosDate: zip.readUInt16LE(at + 14), data });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

describe("bundleFunction", () => {
  it("lists the six functions", () => {
    expect(FUNCTION_NAMES).toEqual(["stream-processor", "enrichment", "log-filter", "fraud-detector", "json-schema-validator", "ingest"]);
  });

  it("fails clearly for an unknown function", () => {
    expect(() => bundleFunction("nope")).toThrow(/^bundleFunction: unknown function "nope", expected one of stream-processor, enrichment, log-filter, fraud-detector, json-schema-validator, ingest$/);
  });

  it("zips a minified index.js with its source map under build/functions, memoized", () => {
    // Act
    const bundled = bundleFunction("ingest");
    // Assess
    expect(bundled.zipPath).toMatch(/\/build\/functions\/ingest\.zip$/);
    expect(bundleFunction("ingest")).toBe(bundled);
    const zip = readFileSync(bundled.zipPath);
    expect(zip.length).toBe(bundled.zipSizeBytes);
    expect(bundled.sourceCodeHash).toBe(createHash("sha256").update(zip).digest("base64"));
    const entries = readZip(zip);
    expect(entries.map((e) => [e.name, e.mode.toString(8), e.dosDate])).toEqual([
      ["index.js", "100644", 33],
      ["index.js.map", "100644", 33],
    ]);
    const code = entries[0]!.data.toString();
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
    expect(code).toContain('require("@aws-sdk/client-kinesis")');
    expect(JSON.parse(entries[1]!.data.toString()).sources).toContain("functions/ingest/handler.ts");
    // Sources are named from the project root, so the zip (and its hash) is the same in every checkout.
    expect(JSON.parse(entries[1]!.data.toString()).sources.every((s: string) => !s.startsWith("..") && !s.startsWith("/"))).toBe(true);
    expect(bundled.zipSizeBytes).toBeLessThan(300 * 1024);
  });

  it("gives the same hash in another process (deterministic synth)", () => {
    const inProcess = bundleFunction("stream-processor").sourceCodeHash;
    const child = spawnSync(process.execPath, ["--import", "tsx", "-e", "import('./functions/bundle.ts').then((m) => process.stdout.write(m.bundleFunction('stream-processor').sourceCodeHash))"], {
      cwd: join(here, ".."),
      encoding: "utf8",
      env: { ...process.env, STREAMING_BUNDLE_CACHE: "0" },
    });
    expect(child.stderr).toBe("");
    expect(child.stdout).toBe(inProcess);
  }, 120_000);

  it("reuses the previous zip when no input changed, and rebuilds when one did", () => {
    const bundled = bundleFunction("fraud-detector");
    const manifestPath = bundled.zipPath.replace(/\.zip$/, ".inputs.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { inputs: string[]; digest: string };
    expect(manifest.inputs).toContain("functions/fraud-detector/handler.ts");
    const inChild = () =>
      spawnSync(process.execPath, ["--import", "tsx", "-e", "import('./functions/bundle.ts').then((m) => process.stdout.write(m.bundleFunction('fraud-detector').sourceCodeHash))"], {
        cwd: join(here, ".."),
        encoding: "utf8",
      });
    const before = statSync(bundled.zipPath).mtimeMs;
    expect(inChild().stdout).toBe(bundled.sourceCodeHash);
    expect(statSync(bundled.zipPath).mtimeMs).toBe(before);

    // As if an input had changed since: the recorded digest no longer matches.
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, digest: "stale" }));
    expect(inChild().stdout).toBe(bundled.sourceCodeHash);
    expect(statSync(bundled.zipPath).mtimeMs).toBeGreaterThan(before);
    expect(JSON.parse(readFileSync(manifestPath, "utf8")).digest).toBe(manifest.digest);
  }, 120_000);

  it("builds a bundle whose handler runs", async () => {
    const entries = readZip(readFileSync(bundleFunction("ingest").zipPath));
    const dir = join(here, "..", "build", "functions", "ingest-run");
    mkdirSync(dir, { recursive: true });
    for (const e of entries) writeFileSync(join(dir, e.name), e.data);
    // Our package.json says "type": "module"; Lambda's /var/task has none, so index.js is CommonJS there.
    writeFileSync(join(dir, "package.json"), '{"type":"commonjs"}');
    process.env.STREAM_NAME = "events";
    process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
    const { handler } = createRequire(import.meta.url)(join(dir, "index.js"));
    const response = await handler({ requestContext: { http: { method: "POST" } }, body: "{not json", isBase64Encoded: false });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).errors[0].message).toMatch(/^body is not valid JSON/);
  });

  it("writes the same bytes for the same files in any order", () => {
    const a = deterministicZip({ "b.txt": Buffer.from("b"), "a.txt": Buffer.from("a") });
    const b = deterministicZip({ "a.txt": Buffer.from("a"), "b.txt": Buffer.from("b") });
    expect(a.equals(b)).toBe(true);
    expect(readZip(a).map((e) => [e.name, e.data.toString()])).toEqual([["a.txt", "a"], ["b.txt", "b"]]);
  });
});
