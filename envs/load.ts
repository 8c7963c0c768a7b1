import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { parseDocument } from "yaml";
import { closest } from "./did-you-mean";
import { ConfigError, type ConfigProblem, fileFor, formatPath, problemsFromIssues } from "./errors";
import { type ConfigValue, type Provenance, deepMerge } from "./merge";
import { ConfigSources } from "./sources";
import { schemaProblems } from "../functions/json-schema-validator/json-schema";
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

/** Pipeline names defined in `catalog/pipelines/*.yaml`. */
function catalogPipelineNames(envsDir: string): string[] {
  const dir = join(envsDir, "catalog", "pipelines");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".yaml"))
    .flatMap((file) => {
      const data = parseDocument(readFileSync(join(dir, file), "utf8")).toJS() as { pipelines?: unknown } | null;
      return Array.isArray(data?.pipelines) ? data.pipelines.map((p: { name?: unknown }) => p?.name).filter((n): n is string => typeof n === "string") : [];
    });
}

/**
 * A pipeline named one typo away from a catalog pipeline is almost always a misspelt override:
 * merged on `name`, it would silently become a second pipeline.
 */
function checkNearCatalogNames(merged: ConfigValue, envsDir: string, provenance: Provenance, fallback: string, problems: ConfigProblem[]): void {
  const pipelines = (merged as { pipelines?: unknown }).pipelines;
  if (!Array.isArray(pipelines)) return;
  const catalog = catalogPipelineNames(envsDir);
  pipelines.forEach((pipeline: { name?: unknown }, index) => {
    if (typeof pipeline?.name !== "string" || catalog.includes(pipeline.name)) return;
    const suggestion = closest(pipeline.name, catalog);
    if (!suggestion) return;
    const path = ["pipelines", index, "name"];
    problems.push({
      file: fileFor(path, provenance, fallback),
      path: formatPath(path, merged),
      message: `expected a catalog pipeline's name or a clearly different one, found "${pipeline.name}" (did you mean "${suggestion}"? a new name adds a second pipeline instead of overriding it)`,
    });
  });
}

/** Each `schemaFile` must be a JSON Schema the json-schema-validator applies in full. */
function checkSchemaFiles(env: EnvironmentConfig, envsDir: string, sources: ConfigSources, problems: ConfigProblem[]): void {
  env.pipelines.forEach((pipeline, p) => {
    (pipeline.processors ?? []).forEach((processor, q) => {
      if (processor.schemaFile === undefined) return;
      const problem = (message: string) => problems.push(sources.problem(["pipelines", p, "processors", q, "schemaFile"], message));
      const file = join(envsDir, processor.schemaFile);
      if (!existsSync(file)) return problem(`expected an existing file under envs/, found no ${processor.schemaFile}`);
      let schema: unknown;
      try {
        schema = JSON.parse(readFileSync(file, "utf8"));
      } catch (error) {
        return problem(`expected JSON, found ${(error as Error).message}`);
      }
      const found = schemaProblems(schema);
      if (found.length > 0) problem(`expected a JSON Schema json-schema-validator applies in full, found: ${found.join("; ")}`);
    });
  });
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

  const order = unique.map((loaded) => display(loaded.file));
  checkNearCatalogNames(merged, envsDir, provenance, display(file), problems);
  const result = EnvironmentSchema.safeParse(merged);
  if (!result.success) {
    problems.push(...problemsFromIssues(result.error.issues, { input: merged, provenance, order, fallback: display(file), schema: EnvironmentSchema }));
  }
  if (problems.length > 0 || !result.success) {
    throw new ConfigError(name, problems.sort((a, b) => a.file.localeCompare(b.file) || a.path.localeCompare(b.path, "en", { numeric: true })));
  }
  const sources = new ConfigSources(merged, provenance, order, display(file));
  const env: EnvironmentConfig = { ...result.data, name, sourceFiles: order, envsDir, sources };
  checkSchemaFiles(env, envsDir, sources, problems);
  if (problems.length > 0) throw new ConfigError(name, problems);
  return env;
}
