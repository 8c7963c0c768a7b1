import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { parseDocument } from "yaml";
import { ConfigError, type ConfigProblem, formatPath } from "./errors";
import { type ConfigValue, type Provenance, deepMerge } from "./merge";
import { problemsFromIssues } from "./errors";
import { type EnvironmentConfig, EnvironmentFileSchema, EnvironmentSchema } from "./schema/environment";

/** The folder holding `defaults.yaml`, one file per environment and `catalog/` mixins. */
export const ENVS_DIR = resolve(import.meta.dirname);

const REPO_ROOT = resolve(ENVS_DIR, "..");
const ENV_NAME = /^[a-z][a-z0-9-]{0,15}$/;

/** Environment names: the top-level `*.yaml` files of the folder other than `defaults.yaml`. */
export function listEnvironments(envsDir = ENVS_DIR): string[] {
  return readdirSync(envsDir)
    .filter((file) => file.endsWith(".yaml") && file !== "defaults.yaml")
    .map((file) => basename(file, ".yaml"))
    .sort();
}

interface LoadedFile {
  readonly file: string;
  readonly data: Record<string, ConfigValue>;
}

/** Repository-relative for files in the repository, absolute otherwise. */
function display(file: string): string {
  const path = relative(REPO_ROOT, file);
  return path.startsWith("..") ? file : path;
}

function readYaml(file: string, problems: ConfigProblem[]): Record<string, ConfigValue> | undefined {
  const document = parseDocument(readFileSync(file, "utf8"), { uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      problems.push({ file: display(file), path: `line ${error.linePos?.[0].line ?? "?"}`, message: `expected valid YAML: ${error.message.split("\n")[0]}` });
    }
    return undefined;
  }
  const data = document.toJS() as unknown;
  const parsed = EnvironmentFileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    problems.push({ file: display(file), path: "", message: `expected a mapping of settings, found ${Array.isArray(data) ? "a list" : typeof data}` });
    return undefined;
  }
  return parsed.data as Record<string, ConfigValue>;
}

/** Named list items must be unique within one file: merging would silently fold them together. */
function checkUniqueNames(file: string, data: Record<string, ConfigValue>, problems: ConfigProblem[]): void {
  const pipelines = data.pipelines;
  if (!Array.isArray(pipelines)) return;
  const check = (items: ConfigValue[], path: (string | number)[], what: string) => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      if (item === null || typeof item !== "object" || Array.isArray(item) || typeof item.name !== "string") return;
      const first = seen.get(item.name);
      if (first === undefined) seen.set(item.name, index);
      else problems.push({ file: display(file), path: formatPath([...path, index, "name"]), message: `expected unique ${what} names, found "${item.name}" also at ${formatPath([...path, first])}` });
    });
  };
  check(pipelines, ["pipelines"], "pipeline");
  pipelines.forEach((pipeline, index) => {
    if (pipeline && typeof pipeline === "object" && !Array.isArray(pipeline) && Array.isArray(pipeline.processors)) {
      check(pipeline.processors, ["pipelines", index, "processors"], "processor");
    }
  });
}

/** Reads a file and, depth first, everything it extends; base files come first in the result. */
function resolveChain(file: string, envsDir: string, chain: string[], problems: ConfigProblem[], from?: string): LoadedFile[] {
  if (!existsSync(file)) {
    problems.push({ file: from ? display(from) : display(file), path: from ? "extends" : "", message: `expected an existing file, found no ${display(file)}` });
    return [];
  }
  if (chain.includes(file)) {
    problems.push({ file: display(file), path: "extends", message: `expected no cycle, found ${[...chain, file].map(display).join(" -> ")}` });
    return [];
  }
  const data = readYaml(file, problems);
  if (!data) return [];
  checkUniqueNames(file, data, problems);
  const { extends: parents, ...rest } = data;
  const parentList = parents === undefined ? [] : Array.isArray(parents) ? parents : [parents];
  const loaded: LoadedFile[] = [];
  for (const parent of parentList) {
    loaded.push(...resolveChain(join(envsDir, `${String(parent)}.yaml`), envsDir, [...chain, file], problems, file));
  }
  loaded.push({ file, data: rest });
  return loaded;
}

/**
 * Loads `envs/<name>.yaml`: `defaults.yaml` first, then every file it `extends` (in order),
 * then the file itself, deep-merged, then validated once. Throws a {@link ConfigError} listing
 * every problem, each with its file, field path, expectation and finding.
 */
export function loadEnvironment(name: string, envsDir = ENVS_DIR): EnvironmentConfig {
  const file = join(envsDir, `${name}.yaml`);
  const problems: ConfigProblem[] = [];
  if (!ENV_NAME.test(name)) {
    throw new ConfigError(name, [{ file: display(file), path: "", message: `expected an environment name of lower-case letters, digits and dashes (at most 16), found "${name}"` }]);
  }
  if (!existsSync(file)) {
    throw new ConfigError(name, [{ file: display(file), path: "", message: `expected the environment file, found none (environments: ${listEnvironments(envsDir).join(", ")})` }]);
  }
  const defaults = join(envsDir, "defaults.yaml");
  const files = [...(existsSync(defaults) ? resolveChain(defaults, envsDir, [], problems) : []), ...resolveChain(file, envsDir, [], problems)];
  const unique = files.filter((loaded, index) => files.findIndex((other) => other.file === loaded.file) === index);

  const provenance: Provenance = new Map();
  let merged: ConfigValue = {};
  for (const loaded of unique) merged = deepMerge(merged, loaded.data, display(loaded.file), provenance);

  const result = EnvironmentSchema.safeParse(merged);
  if (!result.success) problems.push(...problemsFromIssues(result.error.issues, merged, provenance, display(file)));
  if (problems.length > 0 || !result.success) {
    throw new ConfigError(name, problems.sort((a, b) => a.file.localeCompare(b.file) || a.path.localeCompare(b.path, "en", { numeric: true })));
  }
  return { ...result.data, name, sourceFiles: unique.map((loaded) => display(loaded.file)) };
}
