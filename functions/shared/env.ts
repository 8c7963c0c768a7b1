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

/**
 * `make()` on the first call, the same value after (a throw is not kept: the next call tries
 * again). Every handler loads its configuration this way, on its first invocation rather than at
 * import: a bad environment fails that invocation with every problem listed, as a failed batch
 * Lambda retries, and a test can set the environment before the first call.
 */
export function onFirstCall<T>(make: () => T): () => T {
  let made: { readonly value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** An optional integer variable in 1..max, `fallback` when unset. */
export function integerVariable(fallback: number, max: number) {
  const parse = z.transform((value: string, ctx) => {
    const n = Number(value);
    if (Number.isInteger(n) && n >= 1 && n <= max) return n;
    ctx.issues.push({ code: "custom", input: value, message: `must be an integer between 1 and ${max}` });
    return z.NEVER;
  });
  return z._default(z.pipe(z.string(), parse), fallback);
}


/**
 * The output stream's variables: the name the stacks set, or an ARN for a stream only an ARN can
 * name (another account's). One of them is required ({@link requireOutputStream}).
 */
export const OutputStreamVariables = {
  OUTPUT_STREAM_NAME: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  OUTPUT_STREAM_ARN: z.optional(z.string().check(z.startsWith("arn:"))),
};

interface OutputStreamEnv {
  readonly OUTPUT_STREAM_NAME?: string;
  readonly OUTPUT_STREAM_ARN?: string;
}

/** The check that {@link OutputStreamVariables} name a stream. */
export const requireOutputStream = z.refine<OutputStreamEnv>((env) => env.OUTPUT_STREAM_NAME !== undefined || env.OUTPUT_STREAM_ARN !== undefined, {
  message: "one of OUTPUT_STREAM_NAME or OUTPUT_STREAM_ARN is required",
  path: ["OUTPUT_STREAM_NAME"],
});

/** The stream to write to, the ARN first. */
export function outputStreamTarget(env: OutputStreamEnv): { streamArn: string } | { streamName: string } {
  return env.OUTPUT_STREAM_ARN !== undefined ? { streamArn: env.OUTPUT_STREAM_ARN } : { streamName: env.OUTPUT_STREAM_NAME as string };
}
