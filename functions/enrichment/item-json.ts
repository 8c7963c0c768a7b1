import { NumberValue } from "@aws-sdk/lib-dynamodb";

// JSON's number grammar: DynamoDB's N strings fit it, but a guard keeps the output valid JSON whatever comes back.
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function write(value: unknown, out: string[]): void {
  if (value instanceof NumberValue) {
    out.push(JSON_NUMBER.test(value.value) ? value.value : JSON.stringify(value.value));
  } else if (typeof value === "bigint") {
    out.push(value.toString());
  } else if (value instanceof Uint8Array) {
    out.push(JSON.stringify(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64")));
  } else if (value instanceof Set || Array.isArray(value)) {
    out.push("[");
    let first = true;
    for (const element of value) {
      if (!first) out.push(",");
      first = false;
      write(element, out);
    }
    out.push("]");
  } else if (typeof value === "object" && value !== null) {
    out.push("{");
    let first = true;
    for (const [key, element] of Object.entries(value)) {
      if (element === undefined) continue;
      if (!first) out.push(",");
      first = false;
      out.push(JSON.stringify(key), ":");
      write(element, out);
    }
    out.push("}");
  } else {
    out.push(JSON.stringify(value) ?? "null");
  }
}

/**
 * JSON text of a lookup item as the document client returns it with `wrapNumbers`: numbers are
 * written with their exact digits (a NumberValue beyond 2^53 stays exact, where JSON.stringify
 * would round a number or throw on a BigInt), binary values as base64 strings, sets as arrays.
 */
export function itemToJson(item: Readonly<Record<string, unknown>>): string {
  const out: string[] = [];
  write(item, out);
  return out.join("");
}

/** A lookup item's key attribute as a JavaScript key: NumberValue to number (keys we ask for are safe integers). */
export function plainKey(value: unknown): string | number | undefined {
  if (value instanceof NumberValue) return Number(value.value);
  if (typeof value === "string" || typeof value === "number") return value;
  return undefined;
}
