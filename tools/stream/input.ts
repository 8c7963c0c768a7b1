import { createReadStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { UsageError } from "./io";

/** One line of a JSON-lines input, numbered from 1 as an editor shows it. */
export interface InputLine {
  readonly lineNumber: number;
  readonly text: string;
  /** Bytes of input consumed up to and including this line (for progress). */
  readonly bytesRead: number;
}

/** An input source: a file (with its size, for a percentage) or standard input. */
export interface Input {
  readonly stream: Readable;
  /** Size of the file in bytes; undefined for standard input. */
  readonly totalBytes?: number;
  readonly name: string;
}

/** Opens `file`, or `stdin` when the file is undefined or `-`. Fails with a {@link UsageError} for a missing file. */
export function openInput(file: string | undefined, stdin: Readable): Input {
  if (file === undefined || file === "-") return { stream: stdin, name: "standard input" };
  let size: number;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) throw new UsageError(`${file} is not a file`);
    size = stats.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  return { stream: createReadStream(file), totalBytes: size, name: file };
}

/** Yields the lines of a text stream with their numbers, blank lines included (callers skip them). */
export async function* readLines(stream: Readable): AsyncGenerator<InputLine> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  let bytesRead = 0;
  for await (const text of lines) {
    lineNumber++;
    bytesRead += Buffer.byteLength(text, "utf8") + 1;
    yield { lineNumber, text, bytesRead };
  }
}
