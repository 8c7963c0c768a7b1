import { parseArgs, type ParseArgsConfig } from "node:util";
import type { CliIo } from "../io";
import { UsageError } from "../io";

/** One subcommand of the CLI. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full `--help` text. */
  readonly help: string;
  /** Runs the command and returns its exit code. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Flags every stream command takes to name its stream. */
export const TARGET_OPTIONS = {
  env: { type: "string", short: "e" },
  pipeline: { type: "string", short: "p" },
  stream: { type: "string", short: "s" },
  region: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Help lines of {@link TARGET_OPTIONS}. */
export const TARGET_HELP = `  -e, --env <name>        environment (a file in envs/), e.g. dev
  -p, --pipeline <name>   pipeline of that environment, e.g. f5-logs
  -s, --stream <name>     a stream name instead (overrides the derived name)
      --region <region>   AWS region (default: the environment's, else AWS_REGION)`;

/** parseArgs in strict mode, its errors turned into {@link UsageError}s. */
export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
}

/** A flag that must be a whole number within a range. */
export function integerFlag(name: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || number < min || number > max) throw new UsageError(`--${name} must be a whole number between ${min} and ${max}, got ${value}`);
  return number;
}

/** A flag that must be a positive number. */
export function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number <= 0) throw new UsageError(`--${name} must be a number above 0, got ${value}`);
  return number;
}
