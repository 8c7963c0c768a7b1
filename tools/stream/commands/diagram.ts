import { resolve } from "node:path";
import { listEnvironments } from "../../../envs/load";
import { environmentDiagram, writeDiagrams } from "../diagram";
import { EXIT, type CliIo } from "../io";
import { environmentNamed } from "../target";
import { parse, type Command } from "./command";

const HELP = `Usage: npm run stream -- diagram [--env <env>] [--out <dir>] [--stdout]

Draws each environment's pipelines (streams, consumers, destinations, dead letters, alarms) as a
Mermaid flowchart from the same envs/ configuration the stacks use, and writes
docs/diagrams/<env>.md (every environment when --env is not given).

Options:
  -e, --env <name>   only this environment
      --out <dir>    output folder (default docs/diagrams)
      --stdout       print the Mermaid text instead of writing files
  -h, --help         this help`;

/** `diagram`: Mermaid per environment. */
export const diagramCommand: Command = {
  name: "diagram",
  summary: "write a Mermaid diagram of each environment to docs/diagrams/<env>.md",
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parse(argv, { env: { type: "string", short: "e" }, out: { type: "string" }, stdout: { type: "boolean" }, help: { type: "boolean", short: "h" } });
    if (values.help) return (io.stdout.write(HELP + "\n"), EXIT.ok);
    const envs = (values.env !== undefined ? [values.env] : listEnvironments()).map(environmentNamed);
    if (values.stdout) {
      for (const env of envs) io.stdout.write(environmentDiagram(env));
      return EXIT.ok;
    }
    for (const path of writeDiagrams(envs, resolve(values.out ?? "docs/diagrams"))) io.stdout.write(`wrote ${path}\n`);
    return EXIT.ok;
  },
};
