import type { z } from "zod";
import { type Provenance, pathKey } from "./merge";

/** One problem in an environment's configuration. */
export interface ConfigProblem {
  /** The file to fix, relative to the repository. */
  readonly file: string;
  /** The field, e.g. `pipelines[1].stream.retentionHours`. */
  readonly path: string;
  /** What was expected and what was found. */
  readonly message: string;
}

/** Every problem of an environment's configuration at once; nothing is synthesized when thrown. */
export class ConfigError extends Error {
  constructor(readonly environment: string, readonly problems: readonly ConfigProblem[]) {
    super(
      [
        `Environment "${environment}" has ${problems.length} configuration problem${problems.length === 1 ? "" : "s"}:`,
        ...problems.map((problem) => `  ${problem.file}: ${problem.path || "(top level)"}: ${problem.message}`),
      ].join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** `pipelines[1].stream.retentionHours` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`))
    .join("");
}

/** A short rendering of a found value: `12`, `"abc"`, `an object`, `nothing`. */
export function describeFound(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[part as string];
  }
  return current;
}

function expectation(issue: z.core.$ZodIssue, found: unknown): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected}, found ${describeFound(found)}`;
    case "too_small":
      return `expected ${issue.origin === "array" ? "at least" : issue.inclusive === false ? "more than" : "at least"} ${String(issue.minimum)}${issue.origin === "string" ? " characters" : issue.origin === "array" ? " items" : ""}, found ${describeFound(found)}`;
    case "too_big":
      return `expected ${issue.inclusive === false ? "less than" : "at most"} ${String(issue.maximum)}${issue.origin === "string" ? " characters" : issue.origin === "array" ? " items" : ""}, found ${describeFound(found)}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, found ${describeFound(found)}`;
    case "invalid_format":
      return `expected ${issue.format === "email" ? "an e-mail address" : `a ${issue.format}`}, found ${describeFound(found)}`;
    case "not_multiple_of":
      return `expected a multiple of ${String(issue.divisor)}, found ${describeFound(found)}`;
    case "custom":
      return issue.message;
    default:
      return `${issue.message} (found ${describeFound(found)})`;
  }
}

/** The file that set `path`, or its nearest ancestor; the environment's own file otherwise. */
export function fileFor(path: readonly PropertyKey[], provenance: Provenance, fallback: string): string {
  for (let length = path.length; length >= 0; length--) {
    const file = provenance.get(pathKey(path.slice(0, length).map((p) => (typeof p === "number" ? p : String(p)))));
    if (file) return file;
  }
  return fallback;
}

/** Turns zod issues into problems naming file, path, expectation and finding. */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  provenance: Provenance,
  fallback: string,
): ConfigProblem[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      // One problem per key, each attributed to the file that introduced it.
      return issue.keys.map((key) => {
        const path = [...issue.path, key];
        return { file: fileFor(path, provenance, fallback), path: formatPath(path), message: "unknown key (expected only the keys listed in envs/schema.json)" };
      });
    }
    const found = valueAt(input, issue.path);
    // Our own messages already say what is expected; custom checks also say what was found.
    const message =
      issue.code !== "custom" && issue.message.startsWith("expected ")
        ? `${issue.message}, found ${describeFound(found)}`
        : expectation(issue, found);
    return [{ file: fileFor(issue.path, provenance, fallback), path: formatPath(issue.path), message }];
  });
}
