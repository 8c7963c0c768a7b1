import { type ConfigProblem, blame, formatPath } from "./errors";
import type { Provenance } from "./merge";

/**
 * Where each field of a loaded environment came from, so that a problem found after validation
 * (a construct refusing a value) still names the file to fix and the field's path.
 */
export class ConfigSources {
  constructor(
    private readonly merged: unknown,
    private readonly provenance: Provenance,
    /** The merged files, base first. */
    private readonly order: readonly string[],
    /** The environment's own file, for fields no file set. */
    private readonly fallback: string,
  ) {}

  /**
   * A problem at `path` of the merged configuration (`["pipelines", 0, "processors", 1]`),
   * blamed on the file that set anything under it last: its value is the one that took effect.
   */
  problem(path: readonly (string | number)[], message: string): ConfigProblem {
    return { file: blame(path, [path], this.provenance, this.order, this.fallback), path: formatPath(path, this.merged), message };
  }

  /** Whether the merged configuration holds a value at `path`. */
  has(path: readonly (string | number)[]): boolean {
    let current: unknown = this.merged;
    for (const part of path) {
      if (current === null || typeof current !== "object") return false;
      current = (current as Record<string, unknown>)[part];
    }
    return current !== undefined;
  }
}
