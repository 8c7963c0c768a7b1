import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Repository root. */
const ROOT = resolve(import.meta.dirname, "../..");
/** The package's folder: the modules, with their own package.json, README and CHANGELOG. */
export const PACKAGE_DIR = join(ROOT, "modules");
/** Where `make package` leaves the tarball. */
export const PACKAGE_OUT_DIR = join(ROOT, "build", "package");

/** The package's manifest. */
export function packageManifest(): { name: string; version: string; exports: Record<string, unknown>; peerDependencies: Record<string, string> } {
  return JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8"));
}

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * Compiles the modules into `modules/dist` (CommonJS + .d.ts; see modules/tsconfig.build.json for
 * why CommonJS) and marks the folder CommonJS, since the package's own package.json says "module"
 * for the TypeScript sources the repository runs.
 */
export function buildPackage(): void {
  rmSync(join(PACKAGE_DIR, "dist"), { recursive: true, force: true });
  run(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(PACKAGE_DIR, "tsconfig.build.json")], ROOT);
  writeFileSync(join(PACKAGE_DIR, "dist", "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
  for (const [subpath, target] of Object.entries(packageManifest().exports)) {
    if (typeof target === "string") continue;
    for (const file of Object.values(target as Record<string, string>)) {
      if (!existsSync(join(PACKAGE_DIR, file))) throw new Error(`package.json exports["${subpath}"] names ${file}, which the build did not produce`);
    }
  }
}

/** Builds the package and packs it with `npm pack`; returns the tarball's path. */
export function packPackage(outDir = PACKAGE_OUT_DIR): string {
  buildPackage();
  mkdirSync(outDir, { recursive: true });
  const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", outDir], PACKAGE_DIR)) as Array<{ filename: string }>;
  return join(outDir, packed[0]!.filename);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(packPackage());
}
