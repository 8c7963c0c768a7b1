import { mkdirSync, readFileSync, readdirSync, existsSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, "..");
/** The package's folder: its `package.json` names the package and its entry points. */
export const MODULES_DIR = join(ROOT, "modules");
/** Where the examples are written to be compiled and run: inside the repository, so `node_modules` resolves. */
export const EXAMPLES_DIR = join(ROOT, "build", "readme-examples");

/** One ```ts block of a README, as a team would copy it into its app. */
export interface ReadmeExample {
  /** The README, relative to the repository root, e.g. `modules/kinesis-ingest/README.md`. */
  readonly readme: string;
  /** 1-based index among the README's ```ts blocks. */
  readonly index: number;
  /** 1-based line of the README where the block's first line of code is. */
  readonly line: number;
  /** The code as written in the README. */
  readonly code: string;
  /** False when the fence says ```ts no-synth: type-checked only (it reads files the reader provides). */
  readonly synth: boolean;
}

/** Where an example is written once its imports of the package point at the sources. */
export interface WrittenExample extends ReadmeExample {
  readonly file: string;
}

/** The package name and its entry points (`./kinesis-ingest`, ...) from modules/package.json. */
export function packageEntryPoints(): { name: string; entries: string[] } {
  const manifest = JSON.parse(readFileSync(join(MODULES_DIR, "package.json"), "utf8")) as { name: string; exports: Record<string, unknown> };
  const entries = Object.keys(manifest.exports)
    .filter((key) => key !== "./package.json")
    .map((key) => key.replace(/^\.\//, ""));
  return { name: manifest.name, entries };
}

/** Every `modules/<folder>/README.md` and `modules/README.md`, found on disk. */
export function findReadmes(): string[] {
  const readmes = readdirSync(MODULES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(MODULES_DIR, entry.name, "README.md")))
    .map((entry) => join("modules", entry.name, "README.md"));
  if (existsSync(join(MODULES_DIR, "README.md"))) readmes.push(join("modules", "README.md"));
  return readmes.sort();
}

const OPEN = /^```(?:ts|typescript)(?:\s+(.*))?$/;
const CLOSE = /^```\s*$/;

/** The ```ts blocks of one markdown text (other languages are left alone). */
export function extractExamples(readme: string, markdown: string): ReadmeExample[] {
  const examples: ReadmeExample[] = [];
  const lines = markdown.split("\n");
  let open: { line: number; synth: boolean; code: string[] } | undefined;
  let index = 0;
  lines.forEach((text, i) => {
    if (!open) {
      const match = OPEN.exec(text);
      if (match) open = { line: i + 2, synth: !(match[1] ?? "").split(/\s+/).includes("no-synth"), code: [] };
      return;
    }
    if (CLOSE.test(text)) {
      examples.push({ readme, index: ++index, line: open.line, code: open.code.join("\n") + "\n", synth: open.synth });
      open = undefined;
      return;
    }
    open.code.push(text);
  });
  if (open) throw new Error(`${readme}: the ts block at line ${open.line - 1} is never closed`);
  return examples;
}

/**
 * Points every import of the package (`<name>/<entry>`) at the entry's sources, on the same line
 * so that diagnostics keep the README's line numbers. An import of an entry the package does not
 * export fails, as it would for a team.
 */
export function rewritePackageImports(example: ReadmeExample, file: string): string {
  const { name, entries } = packageEntryPoints();
  const specifier = new RegExp(`(["'])${name.replace(/[/@.-]/g, "\\$&")}(/[^"']*)?\\1`, "g");
  return example.code.replace(specifier, (_match, quote: string, subpath: string | undefined) => {
    const entry = (subpath ?? "").replace(/^\//, "");
    if (!entries.includes(entry)) {
      throw new Error(`${example.readme} block ${example.index}: "${name}${subpath ?? ""}" is not an entry point of the package (${entries.join(", ")})`);
    }
    let target = relative(dirname(file), join(MODULES_DIR, entry, "index"));
    if (!target.startsWith(".")) target = `./${target}`;
    return `${quote}${target}${quote}`;
  });
}

/** Writes each example to `<dir>/<module>/block-<n>.ts` with its imports rewritten. */
export function writeExamples(examples: readonly ReadmeExample[], dir: string = EXAMPLES_DIR): WrittenExample[] {
  return examples.map((example) => {
    const folder = relative("modules", dirname(example.readme)) || "package";
    const file = join(dir, folder, `block-${example.index}.ts`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, rewritePackageImports(example, file));
    return { ...example, file };
  });
}

/** The repository's compiler options (tsconfig.json), checking only the given files. */
function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(ROOT, "tsconfig.json"), ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  return { ...ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options, noEmit: true };
}

/**
 * Type-checks all examples in one Program. Returns one message per diagnostic in an example:
 * `<readme> block <n> (line <l>): TS<code> <message>`, with the README's line.
 */
export function typeCheckExamples(examples: readonly WrittenExample[]): string[] {
  const program = ts.createProgram(
    examples.map((example) => example.file),
    compilerOptions(),
  );
  const byFile = new Map(examples.map((example) => [resolve(example.file), example]));
  const messages: string[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    const example = diagnostic.file ? byFile.get(resolve(diagnostic.file.fileName)) : undefined;
    if (diagnostic.file && !example) continue; // the sources themselves: `tsc -p .` checks them
    if (!example || diagnostic.start === undefined) {
      messages.push(`${example ? `${example.readme} block ${example.index}` : "compiler"}: TS${diagnostic.code} ${text}`);
      continue;
    }
    const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start);
    messages.push(`${example.readme} block ${example.index} (line ${example.line + line}): TS${diagnostic.code} ${text}`);
  }
  return messages;
}
