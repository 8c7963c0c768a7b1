import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { MAX_DIRECT_UPLOAD_ZIP_BYTES } from "./defaults";

/** Lambda `handler` of a bundle whose `index.js` exports `handler`. */
export const DEFAULT_FUNCTION_HANDLER = "index.handler";

/** Lambda accepts a handler of up to 128 non-blank characters. */
export const MAX_HANDLER_LENGTH = 128;

/**
 * A function's deployment package: a zip on disk and its hash. Build one with
 * {@link functionCodeFromZip} (any zip) or `bundleHandler` from the package's `bundling` entry
 * point (a TypeScript or JavaScript handler bundled with esbuild).
 */
export interface FunctionCode {
  /** Path of the zip, shipped to Terraform as an asset. */
  readonly zipPath: string;
  /** Base64 SHA-256 of the zip, as Lambda reports `CodeSha256`: a new hash updates the function's code. */
  readonly sourceCodeHash: string;
  /**
   * Size of the zip in bytes, checked against Lambda's 50 MB direct-upload limit.
   * @default - the size of the file at `zipPath`
   */
  readonly zipSizeBytes?: number;
  /**
   * The Lambda handler: `<file without extension>.<exported function>`.
   * @default "index.handler"
   */
  readonly handler?: string;
}

/** Options of {@link functionCodeFromZip}. */
export interface FunctionCodeFromZipOptions {
  /**
   * The Lambda handler inside the zip.
   * @default "index.handler"
   */
  readonly handler?: string;
}

/** Describes an existing zip (its absolute path, hash and size), e.g. one built by another tool. */
export function functionCodeFromZip(zipPath: string, options: FunctionCodeFromZipOptions = {}): FunctionCode {
  const path = isAbsolute(zipPath) ? zipPath : resolve(zipPath);
  if (!existsSync(path)) throw new Error(`functionCodeFromZip: ${path} does not exist`);
  const zip = readFileSync(path);
  return {
    zipPath: path,
    sourceCodeHash: createHash("sha256").update(zip).digest("base64"),
    zipSizeBytes: zip.length,
    handler: options.handler ?? DEFAULT_FUNCTION_HANDLER,
  };
}

/** A base64 SHA-256 digest: 43 characters and one `=`. */
const SHA256_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

/** Checks what Lambda would refuse at apply, naming the prop: `<name>.zipPath`, `<name>.sourceCodeHash`, ... */
export function assertFunctionCode(name: string, code: FunctionCode): { handler: string; zipPath: string } {
  if (!code || typeof code.zipPath !== "string") {
    throw new Error(`${name} must be a FunctionCode ({ zipPath, sourceCodeHash }, from functionCodeFromZip or bundleHandler), got ${JSON.stringify(code)}`);
  }
  const zipPath = isAbsolute(code.zipPath) ? code.zipPath : resolve(code.zipPath);
  if (!existsSync(zipPath)) throw new Error(`${name}.zipPath must be an existing zip file, got "${code.zipPath}"`);
  if (!SHA256_BASE64.test(code.sourceCodeHash)) {
    throw new Error(`${name}.sourceCodeHash must be the base64 SHA-256 of the zip (44 characters ending in "="), got "${code.sourceCodeHash}"`);
  }
  const size = code.zipSizeBytes ?? statSync(zipPath).size;
  if (size > MAX_DIRECT_UPLOAD_ZIP_BYTES) {
    throw new Error(`${name}.zipPath must be a zip of at most ${MAX_DIRECT_UPLOAD_ZIP_BYTES} bytes to upload directly, got ${size} (${code.zipPath})`);
  }
  const handler = code.handler ?? DEFAULT_FUNCTION_HANDLER;
  if (handler.length > MAX_HANDLER_LENGTH || !/^[^\s]+$/.test(handler)) {
    throw new Error(`${name}.handler must be 1 to ${MAX_HANDLER_LENGTH} characters without spaces, such as "index.handler", got "${handler}"`);
  }
  return { handler, zipPath };
}
