/** A plain JSON-like value as read from YAML. */
export type ConfigValue = null | boolean | number | string | ConfigValue[] | { [key: string]: ConfigValue };

/** Which file last set each field path (`pipelines.f5-logs.stream.mode` style keys, see {@link pathKey}). */
export type Provenance = Map<string, string>;

function isObject(value: unknown): value is Record<string, ConfigValue> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNamedList(value: unknown): value is Array<{ name: string } & Record<string, ConfigValue>> {
  return Array.isArray(value) && value.length > 0 && value.every((item) => isObject(item) && typeof item.name === "string");
}

/** A provenance key for a field path; list items with a `name` are keyed by it, so merges keep them apart. */
export function pathKey(path: readonly (string | number)[]): string {
  return path.map(String).join(".");
}

function record(provenance: Provenance, path: (string | number)[], value: ConfigValue, file: string): void {
  provenance.set(pathKey(path), file);
  if (isObject(value)) for (const [key, child] of Object.entries(value)) record(provenance, [...path, key], child, file);
  if (Array.isArray(value)) value.forEach((child, index) => record(provenance, [...path, index], child, file));
}

/**
 * Deep-merges `override` onto `base`: objects key by key, lists of named objects item by item
 * (matched on `name`, new names appended), any other value replaced. Records in `provenance`
 * which file set each resulting path, so errors can name the file.
 */
export function deepMerge(
  base: ConfigValue | undefined,
  override: ConfigValue,
  file: string,
  provenance: Provenance,
  path: (string | number)[] = [],
): ConfigValue {
  if (isObject(base) && isObject(override)) {
    const merged: Record<string, ConfigValue> = { ...base };
    for (const [key, value] of Object.entries(override)) {
      merged[key] = deepMerge(base[key], value, file, provenance, [...path, key]);
    }
    // The root is left unattributed: a missing top-level key belongs to the environment's own file.
    if (path.length > 0) provenance.set(pathKey(path), provenance.get(pathKey(path)) ?? file);
    return merged;
  }
  if (isNamedList(base) && isNamedList(override)) {
    const merged: ConfigValue[] = [...base];
    for (const item of override) {
      const index = merged.findIndex((existing) => isObject(existing) && existing.name === item.name);
      const target = index === -1 ? merged.length : index;
      merged[target] = deepMerge(index === -1 ? undefined : merged[index], item, file, provenance, [...path, target]);
    }
    return merged;
  }
  record(provenance, path, override, file);
  return override;
}
