import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { bundleHandler } from "./bundle";

/** The entries of a zip written by deterministicZip (no data descriptors, no extra fields). */
function entries(zip: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const name = zip.subarray(at + 30, at + 30 + nameLength).toString();
    out[name] = inflateRawSync(zip.subarray(at + 30 + nameLength, at + 30 + nameLength + size)).toString();
    at += 30 + nameLength + size;
  }
  return out;
}

describe("bundleHandler", () => {
  test("bundles a team's one-file handler into index.js + source map, with the zip's hash and index.handler", () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), "bundle-handler-"));
    writeFileSync(join(dir, "handler.ts"), "export const handler = async (event: { Records: unknown[] }) => ({ seen: event.Records.length });\n");
    // Act
    const bundled = bundleHandler(join(dir, "handler.ts"), { workingDirectory: dir });
    // Assess
    expect(bundled.name).toBe(dir.split("/").pop());
    expect(bundled.zipPath).toBe(join(dir, "build", "functions", `${bundled.name}.zip`));
    expect(bundled.handler).toBe("index.handler");
    const zip = readFileSync(bundled.zipPath);
    expect(bundled.sourceCodeHash).toBe(createHash("sha256").update(zip).digest("base64"));
    expect(bundled.zipSizeBytes).toBe(zip.length);
    const files = entries(zip);
    expect(Object.keys(files)).toEqual(["index.js", "index.js.map"]);
    const module = { exports: {} as { handler?: (event: { Records: unknown[] }) => Promise<unknown> } };
    new Function("module", "exports", "require", files["index.js"]!)(module, module.exports, () => undefined);
    return expect(module.exports.handler!({ Records: [1, 2] })).resolves.toEqual({ seen: 2 });
  });

  test("the same source gives the same hash when rebuilt, under another name", () => {
    const dir = mkdtempSync(join(tmpdir(), "bundle-handler-"));
    writeFileSync(join(dir, "consumer.js"), "exports.handler = async () => 'ok';\n");
    const first = bundleHandler("consumer.js", { workingDirectory: dir, reuse: false });
    expect(first.name).toBe("consumer");
    const second = bundleHandler("consumer.js", { workingDirectory: dir, name: "again", reuse: false });
    expect(second.sourceCodeHash).toBe(first.sourceCodeHash);
  });

  test("fails when the entry does not exist or the name is not a file name", () => {
    const dir = mkdtempSync(join(tmpdir(), "bundle-handler-"));
    expect(() => bundleHandler("missing.ts", { workingDirectory: dir })).toThrow(`bundleHandler: the entry ${join(dir, "missing.ts")} does not exist`);
    writeFileSync(join(dir, "h.js"), "exports.handler = 1;\n");
    expect(() => bundleHandler("h.js", { workingDirectory: dir, name: "a/b" })).toThrow('bundleHandler: name must be [A-Za-z0-9._-]+, got "a/b"');
  });
});
