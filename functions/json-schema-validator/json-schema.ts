/**
 * A small JSON Schema validator for record contracts: the keywords below, nothing else. A schema
 * using any other keyword is refused when it is loaded (at synth and at cold start), so no rule is
 * ever silently ignored. It stays a few kilobytes in the bundle, where a full validator (ajv)
 * would add about 120 KB and compile code at cold start.
 */

/** The keywords the validator applies. */
export const SUPPORTED_KEYWORDS = [
  "$schema", "$id", "title", "description", "examples", "default",
  "type", "enum", "const",
  "properties", "required", "additionalProperties",
  "items", "minItems", "maxItems",
  "minLength", "maxLength", "pattern", "format",
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
] as const;

/** The `format` values checked; others are refused like unknown keywords. */
export const SUPPORTED_FORMATS = ["date-time", "email", "uri"] as const;

/** One reason a value does not match: where (a dotted path, "" for the record) and why. */
export interface SchemaError {
  readonly path: string;
  readonly message: string;
}

type Schema = Record<string, unknown>;

const FORMATS: Record<(typeof SUPPORTED_FORMATS)[number], (value: string) => boolean> = {
  "date-time": (value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value)),
  email: (value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value),
  uri: (value) => /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value),
};

/** Every problem that makes `schema` unusable here (unknown keywords, bad values), with its path. */
export function schemaProblems(schema: unknown, path = "#"): string[] {
  if (typeof schema === "boolean") return [];
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return [`${path}: expected a schema object, found ${JSON.stringify(schema)}`];
  const node = schema as Schema;
  const problems: string[] = [];
  for (const key of Object.keys(node)) {
    if (!(SUPPORTED_KEYWORDS as readonly string[]).includes(key)) problems.push(`${path}: keyword "${key}" is not supported (supported: ${SUPPORTED_KEYWORDS.join(", ")})`);
  }
  if (node.format !== undefined && !(SUPPORTED_FORMATS as readonly unknown[]).includes(node.format)) {
    problems.push(`${path}: format ${JSON.stringify(node.format)} is not supported (supported: ${SUPPORTED_FORMATS.join(", ")})`);
  }
  if (typeof node.pattern === "string") {
    try {
      new RegExp(node.pattern, "u");
    } catch (error) {
      problems.push(`${path}: pattern is not a valid regular expression: ${(error as Error).message}`);
    }
  }
  if (node.properties !== undefined) {
    for (const [name, child] of Object.entries(node.properties as Schema)) problems.push(...schemaProblems(child, `${path}/properties/${name}`));
  }
  if (node.items !== undefined) problems.push(...schemaProblems(node.items, `${path}/items`));
  if (typeof node.additionalProperties === "object") problems.push(...schemaProblems(node.additionalProperties, `${path}/additionalProperties`));
  return problems;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === "number" && actual === "integer");
}

const join = (path: string, key: string | number) => (path === "" ? String(key) : `${path}.${key}`);

/** Every way `value` fails `schema`; empty when it matches. */
export function validate(schema: unknown, value: unknown, path = ""): SchemaError[] {
  if (schema === true) return [];
  if (schema === false) return [{ path, message: "no value is allowed here" }];
  const node = schema as Schema;
  const errors: SchemaError[] = [];
  const fail = (message: string) => errors.push({ path, message });

  if (node.type !== undefined) {
    const types = Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
    if (!types.some((type) => matchesType(value, type))) {
      fail(`expected ${types.join(" or ")}, found ${typeOf(value)}`);
      return errors;
    }
  }
  if (node.const !== undefined && JSON.stringify(node.const) !== JSON.stringify(value)) fail(`expected ${JSON.stringify(node.const)}, found ${JSON.stringify(value)}`);
  if (Array.isArray(node.enum) && !node.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    fail(`expected one of ${node.enum.map((v) => JSON.stringify(v)).join(", ")}, found ${JSON.stringify(value)}`);
  }
  if (typeof value === "string") {
    const length = [...value].length;
    if (typeof node.minLength === "number" && length < node.minLength) fail(`expected at least ${node.minLength} characters, found ${length}`);
    if (typeof node.maxLength === "number" && length > node.maxLength) fail(`expected at most ${node.maxLength} characters, found ${length}`);
    if (typeof node.pattern === "string" && !new RegExp(node.pattern, "u").test(value)) fail(`expected a string matching ${node.pattern}, found ${JSON.stringify(value)}`);
    const format = FORMATS[node.format as keyof typeof FORMATS];
    if (format && !format(value)) fail(`expected a ${String(node.format)} string, found ${JSON.stringify(value)}`);
  }
  if (typeof value === "number") {
    if (typeof node.minimum === "number" && value < node.minimum) fail(`expected at least ${node.minimum}, found ${value}`);
    if (typeof node.maximum === "number" && value > node.maximum) fail(`expected at most ${node.maximum}, found ${value}`);
    if (typeof node.exclusiveMinimum === "number" && value <= node.exclusiveMinimum) fail(`expected more than ${node.exclusiveMinimum}, found ${value}`);
    if (typeof node.exclusiveMaximum === "number" && value >= node.exclusiveMaximum) fail(`expected less than ${node.exclusiveMaximum}, found ${value}`);
  }
  if (Array.isArray(value)) {
    if (typeof node.minItems === "number" && value.length < node.minItems) fail(`expected at least ${node.minItems} items, found ${value.length}`);
    if (typeof node.maxItems === "number" && value.length > node.maxItems) fail(`expected at most ${node.maxItems} items, found ${value.length}`);
    if (node.items !== undefined) value.forEach((item, index) => errors.push(...validate(node.items, item, join(path, index))));
  }
  if (typeOf(value) === "object") {
    const object = value as Record<string, unknown>;
    const properties = (node.properties ?? {}) as Record<string, unknown>;
    for (const name of (node.required ?? []) as string[]) {
      if (!Object.hasOwn(object, name)) errors.push({ path: join(path, name), message: "expected a value, found none" });
    }
    for (const [name, child] of Object.entries(object)) {
      if (Object.hasOwn(properties, name)) errors.push(...validate(properties[name], child, join(path, name)));
      else if (node.additionalProperties === false) errors.push({ path: join(path, name), message: "unexpected property" });
      else if (typeof node.additionalProperties === "object") errors.push(...validate(node.additionalProperties, child, join(path, name)));
    }
  }
  return errors;
}
