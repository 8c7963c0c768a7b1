import { createKinesisClient, explainAwsError, regionOf } from "../aws";
import { readLines } from "../input";
import { CliError, EXIT, type CliIo } from "../io";
import { deleteStream } from "../lifecycle";
import { resolveStream } from "../target";
import { parse, TARGET_HELP, TARGET_OPTIONS, type Command } from "./command";

const HELP = `Usage: npm run stream -- delete --env <env> --pipeline <pipeline> [--yes] [options]

Deletes the pipeline's stream and every record it holds, and waits until it is gone. Asks you to
type the stream's name to confirm, unless --yes is given. For local servers and sandbox accounts:
an environment deployed with make deploy removes its streams with make destroy.

Options:
${TARGET_HELP}
      --output-stream     delete the pipeline's outputStream instead of its stream
  -y, --yes               do not ask for confirmation
  -h, --help              this help

Example:
  npm run stream -- delete --env dev --pipeline iops-events --yes`;

/** Where the CLI's Kinesis calls go, for the confirmation prompt. */
function whereCallsGo(region: string): string {
  const endpoint = process.env.AWS_ENDPOINT_URL_KINESIS ?? process.env.AWS_ENDPOINT_URL;
  return endpoint ? `the Kinesis server at ${endpoint}` : `AWS, ${region}`;
}

/** The first line typed on standard input, or undefined when it ends first. */
async function firstLine(io: CliIo): Promise<string | undefined> {
  for await (const line of readLines(io.stdin)) return line.text.trim();
  return undefined;
}

/** `delete`: a pipeline's stream, after confirmation. */
export const deleteCommand: Command = {
  name: "delete",
  summary: "delete a pipeline's stream, after confirmation or --yes (local servers, sandboxes)",
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parse(argv, { ...TARGET_OPTIONS, "output-stream": { type: "boolean" }, yes: { type: "boolean", short: "y" } });
    if (values.help) return (io.stdout.write(HELP + "\n"), EXIT.ok);
    const target = resolveStream({ ...values, role: values["output-stream"] ? "outputStream" : "stream" });
    const client = createKinesisClient(target.region !== undefined ? { region: target.region } : {});
    try {
      const region = target.region ?? (await regionOf(client));
      if (values.yes !== true) {
        io.stderr.write(`Delete stream ${target.streamName} on ${whereCallsGo(region)}? Every record it holds is lost.\nType the stream's name to confirm: `);
        const answer = await firstLine(io);
        // A typed answer ends its own line; piped input does not echo.
        if (!(io.stdin as { isTTY?: boolean }).isTTY) io.stderr.write("\n");
        if (answer !== target.streamName) {
          throw new CliError(`not deleted: ${answer === undefined ? "no confirmation was typed" : `"${answer}" is not the stream's name`} (type ${target.streamName}, or pass --yes)`);
        }
      }
      await deleteStream(client, target.streamName, { onStep: (step) => io.stderr.write(`${step}\n`) }).catch((error: unknown) => {
        throw explainAwsError(error, { streamName: target.streamName, region });
      });
    } finally {
      client.destroy();
    }
    io.stdout.write(`${target.streamName}: deleted\n`);
    return EXIT.ok;
  },
};
