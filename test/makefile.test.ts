import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, test } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");

test("make help lists every target of the Makefile, one line each, and nothing else", () => {
  const makefile = readFileSync(resolve(ROOT, "Makefile"), "utf8");
  // Every rule whose name is a plain word (not a file like node_modules/.install-stamp, not a variable).
  const targets = [...makefile.matchAll(/^([A-Za-z][A-Za-z0-9_-]*):(?!=)/gm)].map((match) => match[1]!);
  const help = spawnSync("make", ["--no-print-directory", "help"], { cwd: ROOT, encoding: "utf8" });
  expect(help.status).toBe(0);
  const lines = help.stdout.trimEnd().split("\n");
  expect(lines.map((line) => /^ {2}make (\S+) +\S/.exec(line)?.[1])).toEqual(targets);
});
