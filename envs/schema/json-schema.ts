import { z } from "zod";
import { EnvironmentSchema } from "./environment";

/** Files are partial until merged: only a named item's `name` stays required, so overrides validate. */
function relaxRequired(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(relaxRequired);
  if (node === null || typeof node !== "object") return;
  const object = node as Record<string, unknown>;
  if (Array.isArray(object.required)) {
    if (object.required.includes("name")) object.required = ["name"];
    else delete object.required;
  }
  Object.values(object).forEach(relaxRequired);
}

/**
 * The JSON Schema editors use to complete and check `envs/*.yaml`, generated from the zod schema
 * (the single source of truth). Every key is optional here because files are merged before validation.
 */
export function environmentJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(EnvironmentSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  relaxRequired(schema);
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  return {
    ...schema,
    title: "Streaming platform environment",
    description: "An environment file: envs/<name>.yaml, merged over envs/defaults.yaml and the files it extends.",
    properties: {
      extends: {
        description: "Files (relative to envs/, without .yaml) merged before this one, in order.",
        anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }],
      },
      ...properties,
    },
  };
}
