import * as z from "zod/mini";

/**
 * Parses a function's environment with its schema and throws one error listing every problem,
 * each naming the variable, what was expected and what was found.
 */
export function parseEnvironment<S extends z.ZodMiniType>(
  functionName: string,
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const found = issue.path.length > 0 ? env[String(issue.path[0])] : undefined;
    return `${name}: ${issue.message}, got ${found === undefined ? "nothing (unset)" : JSON.stringify(found)}`;
  });
  throw new Error(`${functionName}: invalid environment:\n  ${problems.join("\n  ")}`);
}

/** An optional integer variable in 1..max, `fallback` when unset. */
export function integerVariable(fallback: number, max: number) {
  const parse = z.transform((value: string, ctx) => {
    const n = Number(value);
    if (Number.isInteger(n) && n >= 1 && n <= max) return n;
    ctx.issues.push({ code: "custom", input: value, message: `must be an integer between 1 and ${max}, got ${JSON.stringify(value)}` });
    return z.NEVER;
  });
  return z._default(z.pipe(z.string(), parse), fallback);
}

