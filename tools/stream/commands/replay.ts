import type { Readable } from "node:stream";
import { createKinesisClient, createSqsClient, explainAwsError, regionOf } from "../aws";
import { openInput, readLines } from "../input";
import { EXIT, UsageError, type CliIo } from "../io";
import { replay, type ReplayInput, type ReplayReport } from "../replay";
import { replayQueue } from "../replay-queue";
import { resolveStream } from "../target";
import { integerFlag, parse, TARGET_HELP, TARGET_OPTIONS, type Command } from "./command";

const HELP = `Usage: npm run stream -- replay [--file <path> | --queue-url <url>] [--put] [options]

Recovers records from dead-letter messages:
  * Lambda on-failure messages (KinesisBatchInfo: shard id and sequence-number range, no records):
    the records are fetched from the stream with GetShardIterator AT_SEQUENCE_NUMBER while
    retention lasts; ranges already trimmed are reported as partial or expired.
  * malformed-record store messages (the shared dead-letter/1 format, and the older ones; split records re-assembled).
Messages come as JSON lines (a message body, or an SQS message with a Body) from a file or
standard input, or straight from an SQS queue. By default the records are printed as JSON lines;
--put writes them back (original partition keys) to the stream they came from, or to the
stream named by --env/--pipeline or --stream. Exits 1 if anything expired or was not re-put.

Options:
  -f, --file <path>        messages as JSON lines (default: standard input)
      --queue-url <url>    receive the messages from this SQS queue instead
      --max-messages <n>   stop after n queue messages (default 1000)
      --delete             delete queue messages that were fully replayed (with --put)
      --put                re-put the records instead of printing them
${TARGET_HELP}
  -h, --help               this help

Examples:
  npm run stream -- replay --file dlq.jsonl
  npm run stream -- replay --queue-url https://sqs.eu-west-1.amazonaws.com/111111111111/acme-dev-iops-events-processor-dlq --put --delete`;

function printReport(io: CliIo, report: ReplayReport, put: boolean): boolean {
  for (const b of report.batches) {
    io.stderr.write(`${b.label}: ${b.shardId} ${b.startSequenceNumber}..${b.endSequenceNumber}: ${b.found} of ${b.expected} records, ${b.status}${b.detail ? ` (${b.detail})` : ""}\n`);
  }
  for (const i of report.incomplete) io.stderr.write(`malformed record ${JSON.stringify(i.source)}: only ${i.got} of ${i.parts} parts\n`);
  for (const i of report.invalid) io.stderr.write(`${i.label}: ${i.reason}\n`);
  for (const f of report.failed.slice(0, 50)) io.stderr.write(`not re-put (${f.partitionKey}): ${f.errorCode}: ${f.errorMessage}\n`);
  const found = report.batches.reduce((n, b) => n + b.found, 0);
  const expired = report.batches.reduce((n, b) => n + Math.max(0, b.expected - b.found), 0);
  io.stderr.write(
    `${report.batches.length} failed batches: ${found} records found, ${expired} expired or missing; ${report.malformed} malformed records` +
      (put ? `; re-put ${report.sent}, failed ${report.failed.length}` : "") +
      "\n",
  );
  return expired === 0 && report.incomplete.length === 0 && report.invalid.length === 0 && report.failed.length === 0;
}

/** `replay`: recover failed batches and malformed records. */
export const replayCommand: Command = {
  name: "replay",
  summary: "re-put or print the records of dead-letter messages (failed batches, malformed records)",
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parse(
      argv,
      { ...TARGET_OPTIONS, file: { type: "string", short: "f" }, "queue-url": { type: "string" }, "max-messages": { type: "string" }, delete: { type: "boolean" }, put: { type: "boolean" } },
      true,
    );
    if (values.help) return (io.stdout.write(HELP + "\n"), EXIT.ok);
    const queueUrl = values["queue-url"];
    const file = values.file ?? positionals[0];
    if (queueUrl !== undefined && file !== undefined) throw new UsageError("give either --file or --queue-url, not both");
    if (values.delete && (queueUrl === undefined || !values.put)) throw new UsageError("--delete needs --queue-url and --put");
    const max = integerFlag("max-messages", values["max-messages"], 1) ?? 1000;
    const target = values.env !== undefined || values.stream !== undefined ? resolveStream(values) : undefined;
    const region = target?.region ?? values.region;
    const kinesis = createKinesisClient(region !== undefined ? { region } : {});
    const sqs = createSqsClient(region !== undefined ? { region } : {});
    try {
      const options = {
        mode: values.put ? ("put" as const) : ("print" as const),
        ...(target ? { target: { streamName: target.streamName } } : {}),
        onRecord: (line: string) => io.stdout.write(line + "\n"),
      };
      let report: ReplayReport;
      if (queueUrl !== undefined) {
        const result = await replayQueue(kinesis, sqs, queueUrl, { ...options, maxMessages: max, deleteDone: values.delete ?? false });
        report = result.report;
        if (values.delete) io.stderr.write(`deleted ${result.deleted} of ${result.received} messages from the queue\n`);
      } else {
        report = await replay(kinesis, linesOf(openInput(file, io.stdin).stream), options);
      }
      const clean = printReport(io, report, values.put ?? false);
      return clean ? EXIT.ok : EXIT.failed;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw explainAwsError(error, { ...(target ? { streamName: target.streamName } : {}), region: region ?? (await regionOf(kinesis)) });
    } finally {
      kinesis.destroy();
      sqs.destroy();
    }
  },
};

async function* linesOf(stream: Readable): AsyncGenerator<ReplayInput> {
  for await (const line of readLines(stream)) {
    if (line.text.trim() !== "") yield { label: `line ${line.lineNumber}`, text: line.text };
  }
}
