import type { z } from "zod";
import { closest } from "./did-you-mean";
import { type Provenance, pathKey } from "./merge";
import { knownKeysAt } from "./schema/known-keys";
import { relatedPaths } from "./schema/related";

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

/**
 * `pipelines[iops-events].stream.retentionHours`: list items that have a `name` in `root` are
 * named by it (their index differs between a file and the merged result), others by index.
 */
export function formatPath(path: readonly PropertyKey[], root?: unknown): string {
  let current: unknown = root;
  return path
    .map((part, index) => {
      const item = current !== null && typeof current === "object" ? (current as Record<PropertyKey, unknown>)[part as string] : undefined;
      current = item;
      if (typeof part !== "number") return `${index === 0 ? "" : "."}${String(part)}`;
      const name = item !== null && typeof item === "object" ? (item as { name?: unknown }).name : undefined;
      return typeof name === "string" && name.length > 0 ? `[${name}]` : `[${part}]`;
    })
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

/** The file that last set `path` or anything under it; undefined when no file did. */
function lastFileUnder(path: readonly PropertyKey[], provenance: Provenance, order: readonly string[]): string | undefined {
  const key = pathKey(path.map((p) => (typeof p === "number" ? p : String(p))));
  let latest: string | undefined;
  for (const [field, file] of provenance) {
    if ((field === key || field.startsWith(`${key}.`)) && (latest === undefined || order.indexOf(file) > order.indexOf(latest))) latest = file;
  }
  return latest;
}

/**
 * The file to fix for a problem at `path` that also depends on `related` fields: of the files
 * that set them, the one merged last (its value is the one that took effect).
 */
export function blame(
  path: readonly PropertyKey[],
  related: readonly (readonly PropertyKey[])[],
  provenance: Provenance,
  order: readonly string[],
  fallback: string,
): string {
  let file = fileFor(path, provenance, fallback);
  for (const other of related) {
    const candidate = lastFileUnder(other, provenance, order);
    if (candidate && order.indexOf(candidate) > order.indexOf(file)) file = candidate;
  }
  return file;
}

/** What the environment's problems are reported against. */
export interface IssueContext {
  /** The merged configuration the schema checked. */
  readonly input: unknown;
  readonly provenance: Provenance;
  /** The merged files, base first. */
  readonly order: readonly string[];
  /** The environment's own file, blamed when no file set a path. */
  readonly fallback: string;
  /** The schema, to suggest keys for unknown ones. */
  readonly schema: z.ZodType;
}

/** Turns zod issues into problems naming file, path, expectation and finding. */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], context: IssueContext): ConfigProblem[] {
  const { input, provenance, order, fallback, schema } = context;
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      // One problem per key, each attributed to the file that introduced it.
      const known = knownKeysAt(schema, issue.path);
      return issue.keys.map((key) => {
        const path = [...issue.path, key];
        const suggestion = closest(key, known);
        const message = suggestion
          ? `unknown key (did you mean "${suggestion}"?)`
          : `unknown key (expected one of ${known.join(", ")})`;
        return { file: fileFor(path, provenance, fallback), path: formatPath(path, input), message };
      });
    }
    const found = valueAt(input, issue.path);
    // Our own messages already say what is expected; custom checks also say what was found.
    const message =
      issue.code !== "custom" && issue.message.startsWith("expected ")
        ? `${issue.message}, found ${describeFound(found)}`
        : expectation(issue, found);
    const related = issue.code === "custom" ? relatedPaths(issue.path, issue.params) : [];
    return [{ file: blame(issue.path, related, provenance, order, fallback), path: formatPath(issue.path, input), message }];
  });
}
