import type { z } from "zod";

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object schemas a value at `path` may be checked against (several under a union). */
function objectsAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType[] {
  const def = defOf(schema);
  switch (def.type) {
    case "optional": case "default": case "prefault": case "nullable": case "readonly": case "catch":
      return objectsAt(def.innerType!, path);
    case "pipe":
      return objectsAt(def.in!, path);
    case "union":
      return (def.options ?? []).flatMap((option) => objectsAt(option, path));
  }
  if (path.length === 0) return def.type === "object" ? [schema] : [];
  const [head, ...rest] = path;
  if (def.type === "object") {
    const child = def.shape?.[String(head)];
    return child ? objectsAt(child, rest) : [];
  }
  if (def.type === "array") return objectsAt(def.element!, rest);
  if (def.type === "record") return objectsAt(def.valueType!, rest);
  return [];
}

/** The keys the schema allows in the object at `path`, e.g. a stream's `mode`, `shardCount`, ... */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  return [...new Set(objectsAt(schema, path).flatMap((object) => Object.keys(defOf(object).shape ?? {})))];
}
