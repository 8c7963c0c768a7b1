import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "../terraform/cli-config";
import { type CommentOptions, commentMarkerPrefix, planComments } from "./comment";
import { fenced } from "./markdown";

/** What the workflow's github-script step reads: the marker of the environment's comments and their bodies, in order. */
export interface CommentFile {
  readonly marker: string;
  readonly bodies: readonly string[];
}

/** The end of a log is kept, because that is where a run that stopped says why. */
export const MAX_LOG_LINES = 60;

function logTail(log: string): string {
  const lines = log.replace(/\u001b\[[0-9;]*m/g, "").trimEnd().split("\n");
  const kept = lines.slice(-MAX_LOG_LINES);
  const note = kept.length < lines.length ? `\n\n*The last ${kept.length} of ${lines.length} lines.*` : "";
  return `${fenced(kept.join("\n"), "text")}${note}`;
}

/**
 * The comments of one environment: its SUMMARY.md split to fit, or, when `make plan` stopped before
 * writing one (a configuration error, a crash), the end of its log.
 */
export function commentFile(summary: string | undefined, log: string | undefined, options: CommentOptions): CommentFile {
  const markdown = summary ?? [`# Plan: ${options.env}`, "", "**The plan stopped before writing its summary.**", "", log ? logTail(log) : "See the job log."].join("\n");
  return { marker: commentMarkerPrefix(options.env), bodies: planComments(markdown, options) };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({ options: { env: { type: "string" }, summary: { type: "string" }, log: { type: "string" }, out: { type: "string" }, "more-at": { type: "string" } } });
  if (!values.env || !values.out) {
    console.error("usage: tsx tools/plan/write-comments.ts --env <env> --out <file.json> [--summary plans/<env>/SUMMARY.md] [--log <make plan output>] [--more-at <markdown>]");
    process.exit(2);
  }
  const summaryPath = values.summary ?? join(REPO_ROOT, "plans", values.env, "SUMMARY.md");
  const read = (path: string | undefined) => (path && existsSync(path) ? readFileSync(path, "utf8") : undefined);
  const file = commentFile(read(summaryPath), read(values.log), { env: values.env, moreAt: values["more-at"] || undefined });
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(file, null, 2)}\n`);
  console.log(`${values.env}: ${file.bodies.length} comment${file.bodies.length === 1 ? "" : "s"} (${file.bodies.map((b) => b.length).join(", ")} characters) in ${values.out}`);
}
