import { createKinesisClient, explainAwsError, regionOf } from "../aws";
import { openInput, readLines } from "../input";
import { EXIT, type CliIo } from "../io";
import { ProgressBar } from "../progress";
import { putJsonLines, type PutReport } from "../put";
import { resolveStream } from "../target";
import { integerFlag, parse, TARGET_HELP, TARGET_OPTIONS, type Command } from "./command";

const HELP = `Usage: npm run stream -- put --env <env> --pipeline <pipeline> [--file <path>] [options]

Sends JSON lines (one record per line) from a file or standard input to the pipeline's stream,
in PutRecords calls of up to 500 records and 5 MiB, retrying only the failed entries with
exponential backoff and full jitter. Bad lines are reported with their number and skipped.
Exits 1 if any line was not accepted.

Options:
${TARGET_HELP}
  -f, --file <path>              input file (default: standard input; "-" too)
  -k, --partition-key-field <f>  dotted field holding the partition key (default: a random key per record)
      --aggregate                pack records in the KPL aggregated format (consumers must de-aggregate)
      --max-attempts <n>         attempts per record, the first included (default 8)
      --concurrency <n>          PutRecords calls (500 records each) in flight at once (default 4;
                                 1 against moto, which can lose records to concurrent writes)
      --output-stream            write to the pipeline's outputStream instead of its stream
  -h, --help                     this help

Example:
  npm run stream -- put --env dev --pipeline iops-events --file events.jsonl --partition-key-field source`;

/** `put`: JSON lines to a stream. */
export const putCommand: Command = {
  name: "put",
  summary: "send JSON lines from a file or stdin to a stream",
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parse(
      argv,
      {
        ...TARGET_OPTIONS,
        file: { type: "string", short: "f" },
        "partition-key-field": { type: "string", short: "k" },
        aggregate: { type: "boolean" },
        "max-attempts": { type: "string" },
        concurrency: { type: "string" },
        "output-stream": { type: "boolean" },
      },
      true,
    );
    if (values.help) return (io.stdout.write(HELP + "\n"), EXIT.ok);
    const maxAttempts = integerFlag("max-attempts", values["max-attempts"], 1, 100);
    const concurrency = integerFlag("concurrency", values.concurrency, 1, 64);
    const target = resolveStream({ ...values, role: values["output-stream"] ? "outputStream" : "stream" });
    const input = openInput(values.file ?? positionals[0], io.stdin);
    const client = createKinesisClient(target.region !== undefined ? { region: target.region } : {});
    const bar = new ProgressBar(io.stderr, input.totalBytes !== undefined ? { totalBytes: input.totalBytes } : {});
    let last = { sent: 0, failed: 0, badLines: 0, bytesRead: 0 };
    const region = target.region ?? (await regionOf(client));
    let report: PutReport;
    try {
      report = await putJsonLines(client, { streamName: target.streamName }, readLines(input.stream), {
        ...(values["partition-key-field"] !== undefined ? { partitionKeyField: values["partition-key-field"] } : {}),
        aggregate: values.aggregate ?? false,
        ...(concurrency !== undefined ? { concurrency } : {}),
        retry: maxAttempts !== undefined ? { maxAttempts } : {},
        onBadLine: (bad) => io.stderr.write(`${io.stderr.isTTY ? "\r\x1b[2K" : ""}line ${bad.lineNumber}: ${bad.reason}\n`),
        onProgress: (state) => bar.update((last = state)),
      });
    } catch (error) {
      throw explainAwsError(error, { streamName: target.streamName, region });
    } finally {
      client.destroy();
    }
    bar.finish({ ...last, sent: report.sent });
    const notSent = report.failed.length + report.badLines.length;
    // A call that failed for a reason no retry fixes (unknown stream, no credentials) fails every record alike.
    const fatal = report.sent === 0 && report.failed.length > 0 ? report.failed[0] : undefined;
    if (fatal && !/ProvisionedThroughputExceeded|Throttl|InternalFailure|ServiceUnavailable/.test(fatal.errorCode)) {
      throw explainAwsError({ name: fatal.errorCode, message: fatal.errorMessage }, { streamName: target.streamName, region });
    }
    for (const failure of report.failed.slice(0, 50)) io.stderr.write(`line ${failure.lineNumber}: not accepted: ${failure.errorCode}: ${failure.errorMessage}\n`);
    if (report.failed.length > 50) io.stderr.write(`... and ${report.failed.length - 50} more lines not accepted\n`);
    io.stdout.write(`sent ${report.sent} of ${report.sent + notSent} records to ${target.streamName}: ${report.failed.length} failed, ${report.badLines.length} bad lines\n`);
    return notSent === 0 ? EXIT.ok : EXIT.failed;
  },
};
