import type { Readable } from "node:stream";

/** Where a command reads and writes: the process's streams in production, buffers in tests. */
export interface CliIo {
  /** Standard input, read by `put` and `replay` when no file is given. */
  readonly stdin: Readable;
  /** Records and reports. */
  readonly stdout: { write(text: string): unknown };
  /** Progress, warnings and errors. `isTTY` turns the progress bar on. */
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /**
   * Stops long-running commands (`tail --follow`) when aborted, e.g. on Ctrl-C.
   * @default - never aborted
   */
  readonly signal?: AbortSignal;
}

/** Exit codes of the CLI. */
export const EXIT = {
  ok: 0,
  /** Some records were not accepted, expired or not found. */
  failed: 1,
  /** Bad flags or arguments; nothing was done. */
  usage: 2,
} as const;

/** A mistake in the command line: printed with the command's help hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A failure explained in operator terms (unknown stream, missing credentials): printed as is, exit code 1. */
export class CliError extends Error {
  override readonly name = "CliError";
}
