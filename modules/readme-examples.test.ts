import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import {
  EXAMPLES_DIR,
  ROOT,
  type ReadmeExample,
  type WrittenExample,
  extractExamples,
  findReadmes,
  packageEntryPoints,
  typeCheckExamples,
  writeExamples,
} from "../test/readme-examples";

/**
 * Every ```ts block of every modules README is a whole app as another team would write it:
 * imports from the package's entry points, a stack, `app.synth()`. Each is type-checked (one
 * Program for all) and run, in an app folder that holds a one-file handler at `src/handler.ts`
 * for the examples that bundle one; a block fenced ```ts no-synth is type-checked only.
 */
const readmes = findReadmes();
const examples: ReadmeExample[] = readmes.flatMap((readme) => extractExamples(readme, readFileSync(join(ROOT, readme), "utf8")));

/** A block that must fail the check: proves a broken example is reported, with README, block and line. */
const BROKEN: ReadmeExample = {
  readme: "modules/broken/README.md",
  index: 1,
  line: 10,
  code: 'import { KinesisIngest } from "@streaming-platform/modules/kinesis-ingest";\nconst retention: string = KinesisIngest.streamNameOf;\n',
  synth: false,
};

rmSync(EXAMPLES_DIR, { recursive: true, force: true });
const written: WrittenExample[] = writeExamples([...examples, BROKEN]);
const [broken, ...rest] = [written.at(-1)!, ...written.slice(0, -1)];
mkdirSync(join(EXAMPLES_DIR, "src"), { recursive: true });
writeFileSync(join(EXAMPLES_DIR, "src", "handler.ts"), 'export const handler = async (): Promise<{ batchItemFailures: [] }> => ({ batchItemFailures: [] });\n');

describe("README examples", () => {
  test("every entry point of the package has a README with an example", () => {
    const { entries } = packageEntryPoints();
    const withExamples = new Set(examples.map((example) => example.readme));
    const missing = entries.filter((entry) => !withExamples.has(join("modules", entry, "README.md")));
    expect(missing).toEqual([]);
  });

  test("every example type-checks against the package's sources", { timeout: 120_000 }, () => {
    const messages = typeCheckExamples([...rest, broken]);
    const [brokenMessages, exampleMessages] = [
      messages.filter((message) => message.startsWith(broken.readme)),
      messages.filter((message) => !message.startsWith(broken.readme)),
    ];
    expect(brokenMessages).toEqual([expect.stringMatching(/^modules\/broken\/README\.md block 1 \(line 11\): TS2322 Type .* is not assignable to type 'string'/)]);
    expect(exampleMessages).toEqual([]);
  });

  const synthesized = rest.filter((example) => example.synth);
  test.each(synthesized.map((example) => [`${example.readme} block ${example.index}`, example] as const))(
    "%s synthesizes",
    async (_name, example) => {
      const outdir = join(EXAMPLES_DIR, "out", example.file.slice(EXAMPLES_DIR.length + 1).replace(/\.ts$/, ""));
      const [cwd, previous] = [process.cwd(), process.env.CDKTF_OUTDIR];
      mkdirSync(outdir, { recursive: true });
      process.env.CDKTF_OUTDIR = outdir;
      process.chdir(EXAMPLES_DIR);
      try {
        await import(pathToFileURL(example.file).href);
      } catch (error) {
        throw new Error(`${example.readme} block ${example.index} (line ${example.line}) fails to synthesize: ${(error as Error).message}`);
      } finally {
        process.chdir(cwd);
        if (previous === undefined) delete process.env.CDKTF_OUTDIR;
        else process.env.CDKTF_OUTDIR = previous;
      }
      expect(existsSync(join(outdir, "manifest.json")), `${example.readme} block ${example.index} must call app.synth()`).toBe(true);
      const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
      const stacks = Object.values(manifest.stacks);
      expect(stacks.length).toBeGreaterThan(0);
      for (const stack of stacks) {
        const json = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8")) as { resource?: Record<string, unknown> };
        expect(Object.keys(json.resource ?? {}).length, `${example.readme} block ${example.index}: a stack without resources`).toBeGreaterThan(0);
      }
    },
  );
});
