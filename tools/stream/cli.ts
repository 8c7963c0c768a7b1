import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../../envs/errors";
import { explainAwsError } from "./aws";
import { capacityCommand } from "./commands/capacity";
import type { Command } from "./commands/command";
import { costCommand } from "./commands/cost";
import { createCommand } from "./commands/create";
import { deleteCommand } from "./commands/delete";
import { diagramCommand } from "./commands/diagram";
import { putCommand } from "./commands/put";
import { replayCommand } from "./commands/replay";
import { searchAccessCommand } from "./commands/search-access";
import { smokeCommand } from "./commands/smoke";
import { tailCommand } from "./commands/tail";
import { CliError, EXIT, UsageError, type CliIo } from "./io";

/** Every command, in the order the help lists them. */
export const COMMANDS: readonly Command[] = [
  putCommand, tailCommand, smokeCommand, createCommand, deleteCommand, capacityCommand, costCommand, replayCommand, searchAccessCommand, diagramCommand,
];

/** The top-level help. */
export const HELP = `Usage: npm run stream -- <command> [options]

Operator tools for the platform's streams. Streams are named by environment and pipeline
(--env dev --pipeline f5-logs), as envs/ and the stacks name them; --stream takes a raw name.
Credentials and region come from the standard AWS chain; AWS_ENDPOINT_URL_KINESIS is honoured.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(13)} ${c.summary}`).join("\n")}

Run "npm run stream -- <command> --help" for a command's options.`;

/**
 * Runs the CLI: `argv` without the node and script paths. Returns the exit code: 0 done,
 * 1 something was not accepted, expired or failed, 2 bad usage. Errors are printed on `io.stderr`.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(HELP + "\n");
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`error: unknown command "${name}"\n\n${HELP}\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\nRun "npm run stream -- ${command.name} --help" for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`error: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    const explained = error instanceof CliError ? error : explainAwsError(error);
    io.stderr.write(`error: ${explained.message}\n`);
    return EXIT.failed;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  const io: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, signal: controller.signal };
  process.exitCode = await main(process.argv.slice(2), io);
}
