import type * as z from "zod/mini";

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
