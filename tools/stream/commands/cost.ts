import { estimateCost } from "../cost";
import { costMarkdown, formatCostTable } from "../cost-report";
import { EXIT, UsageError, type CliIo } from "../io";
import { loadPriceList } from "../prices";
import { environmentNamed, pipelineNamed } from "../target";
import { parse, type Command } from "./command";

const HELP = `Usage: npm run stream -- cost --env <env> [--pipeline <pipeline>] [--markdown] [--summary]

Monthly cost estimate of an environment from its pipelines' declared traffic, per pipeline and
per service: Kinesis (shard or on-demand stream hours, data, PUT payload units, retention,
fan-out), Firehose (GB ingested with 5 KB rounding, dynamic partitioning), Lambda (requests and
arm64 GB-seconds), S3 storage by class, DynamoDB on-demand, OpenSearch, CloudWatch alarms and
dashboards. Prices come from one file (tools/stream/prices/us-east-1.json) naming its region
and date; the assumptions are printed under the table.

Options:
  -e, --env <name>        environment
  -p, --pipeline <name>   only this pipeline
      --markdown          print Markdown (as in the plan summary) instead of a table
      --summary           subtotals only, without the line items
      --prices <file>     another price file of the same shape
  -h, --help              this help

Example:
  npm run stream -- cost --env prod`;

/** `cost`: monthly estimate. */
export const costCommand: Command = {
  name: "cost",
  summary: "monthly cost estimate per pipeline and service, from declared traffic",
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parse(argv, {
      env: { type: "string", short: "e" },
      pipeline: { type: "string", short: "p" },
      markdown: { type: "boolean" },
      summary: { type: "boolean" },
      prices: { type: "string" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) return (io.stdout.write(HELP + "\n"), EXIT.ok);
    if (values.env === undefined) throw new UsageError("--env is required");
    let env = environmentNamed(values.env);
    if (values.pipeline !== undefined) env = { ...env, pipelines: [pipelineNamed(env, values.pipeline)] };
    const estimate = estimateCost(env, values.prices !== undefined ? loadPriceList(values.prices) : loadPriceList());
    io.stdout.write(values.markdown ? costMarkdown(estimate) : formatCostTable(estimate, !values.summary));
    return EXIT.ok;
  },
};
