/** A field path inside the object a check runs on: `["archive", "source"]`. */
export type FieldPath = readonly (string | number)[];

/** Issue params recording the other fields a cross-field problem depends on. */
export interface RelatedFields {
  /** The issue's own path, relative to the checked object (to recover that object's absolute path). */
  readonly own: FieldPath;
  /** The other fields, relative to the same object. */
  readonly related: readonly FieldPath[];
}

/** The params of a custom issue at `own` that also depends on `related`. */
export function relatedTo(own: FieldPath, related: readonly FieldPath[]): RelatedFields | undefined {
  return related.length > 0 ? { own, related } : undefined;
}

/** The absolute paths of an issue's related fields, or none. */
export function relatedPaths(issuePath: readonly PropertyKey[], params: unknown): PropertyKey[][] {
  const fields = params as Partial<RelatedFields> | undefined;
  if (!fields || !Array.isArray(fields.own) || !Array.isArray(fields.related)) return [];
  const base = issuePath.slice(0, issuePath.length - fields.own.length);
  return fields.related.map((path) => [...base, ...path]);
}
