import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DeployedFunction } from "./discover";
import { extractZip } from "./unzip";

/** Base64 SHA-256, as Lambda reports `CodeSha256`. */
export function codeSha256(zip: Buffer): string {
  return createHash("sha256").update(zip).digest("base64");
}

function zipsUnder(dir: string, depth = 6): string[] {
  if (depth === 0 || !existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return zipsUnder(path, depth - 1);
    return entry.isFile() && entry.name.endsWith(".zip") ? [path] : [];
  });
}

/** Where a function's package came from, for the runtime's log. */
export interface ResolvedCode {
  /** The extracted package: the function's task root. */
  readonly taskRoot: string;
  /** `Code.Location`, or the local zip whose hash equals the deployed `CodeSha256`. */
  readonly source: string;
}

/**
 * Finds the deployment packages of deployed functions. moto's `GetFunction` returns a
 * `Code.Location` on a host that does not exist (docs/local-aws-gaps.md), so a package is taken
 * from `Code.Location` when it can be fetched, and otherwise from the zips the project built
 * (`build/functions`, the synthesized stacks' assets, any folder given), chosen by the deployed
 * `CodeSha256`: the bytes run are exactly the bytes deployed.
 */
export class CodeResolver {
  private index?: Map<string, string>;

  /**
   * @param searchDirs folders searched (recursively) for zips
   * @param cacheDir where packages are extracted, one folder per hash
   */
  constructor(private readonly searchDirs: readonly string[], private readonly cacheDir: string) {}

  private zipIndex(): Map<string, string> {
    if (!this.index) {
      this.index = new Map();
      for (const path of this.searchDirs.flatMap((dir) => zipsUnder(dir))) {
        if (statSync(path).size > 0) this.index.set(codeSha256(readFileSync(path)), path);
      }
    }
    return this.index;
  }

  private async fetchLocation(location: string | undefined, expected: string): Promise<Buffer | undefined> {
    if (!location || !/^https?:\/\//.test(location)) return undefined;
    try {
      const response = await fetch(location, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) return undefined;
      const zip = Buffer.from(await response.arrayBuffer());
      return codeSha256(zip) === expected ? zip : undefined;
    } catch {
      return undefined;
    }
  }

  /** Extracts the function's package (once per hash) and says where it came from. */
  async resolve(fn: DeployedFunction): Promise<ResolvedCode> {
    const hex = Buffer.from(fn.codeSha256, "base64").toString("hex");
    const taskRoot = join(this.cacheDir, hex);
    let zip = await this.fetchLocation(fn.codeLocation, fn.codeSha256);
    let source = fn.codeLocation ?? "";
    if (!zip) {
      const path = this.zipIndex().get(fn.codeSha256);
      if (!path) {
        throw new Error(
          `function ${fn.functionName}: its deployed package (CodeSha256 ${fn.codeSha256}) could not be fetched from Code.Location (${fn.codeLocation ?? "none"}) and no zip with that hash is under ${this.searchDirs.join(", ")}: synthesize the same code that was deployed (make synth)`,
        );
      }
      zip = readFileSync(path);
      source = path;
    }
    // Node reads a .js file as ESM under the nearest package.json with "type": "module" (this
    // repository's): in Lambda no package.json sits above the task root, so .js is CommonJS.
    mkdirSync(this.cacheDir, { recursive: true });
    writeFileSync(join(this.cacheDir, "package.json"), '{ "type": "commonjs" }\n');
    if (!existsSync(taskRoot)) {
      const partial = `${taskRoot}.partial-${process.pid}`;
      rmSync(partial, { recursive: true, force: true });
      extractZip(zip, partial);
      renameSync(partial, taskRoot);
    }
    return { taskRoot, source };
  }
}
