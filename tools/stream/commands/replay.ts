import type { Readable } from "node:stream";
import { createKinesisClient, createLambdaClient, createS3Client, createSqsClient, explainAwsError, regionOf } from "../aws";
import { lambdaInvoker } from "../consumer-invoker";
import { openInput, readLines } from "../input";
import { EXIT, UsageError, type CliIo } from "../io";
import { replay, type ReplayInput, type ReplayOptions, type ReplayReport } from "../replay";
import { replayBucket } from "../replay-bucket";
import { replayQueue } from "../replay-queue";
import { integerFlag, parse, type Command } from "./command";

const HELP = `Usage: npm run stream -- replay [--bucket <name> | --queue-url <url> | --file <path>] [--invoke] [options]

Recovers the records a consumer gave up on and hands them back to that consumer (Lambda Invoke,
RequestResponse), never to the shared stream: every other consumer of the stream would get them
again. Each record keeps its shard, sequence number, partition key and data, so sequence-based
idempotent writes stay idempotent. Read from:
  * the mapping's S3 on-failure bucket (--bucket): each object holds the whole failed invocation,
    every record with its data; the stream is not read, so its retention does not matter;
  * a handler's dead-letter store (dead-letter/1 messages, from --queue-url or --file): split
    records re-assembled; parts that fail the length and hash check are refused;
  * SQS/SNS on-failure records (KinesisBatchInfo only, from --queue-url or --file): the range is
    read back from the stream while it retains it; trimmed ranges are reported partial or expired.
By default the records are printed as JSON lines; --invoke hands them back. Records of a shard go
in order; one the consumer reports failed, and those after it, stay where they are.
Exits 1 if anything was not recovered, had expired or was refused.

Options:
      --bucket <name>      read the objects of this S3 on-failure bucket
      --prefix <prefix>    only objects under it (e.g. aws/lambda/<mapping UUID>/)
      --queue-url <url>    receive the messages from this SQS queue
  -f, --file <path>        messages or on-failure objects as JSON lines (default: standard input)
      --max-messages <n>   stop after n queue messages or objects (default 1000)
      --invoke             hand the records back to the consumer instead of printing them
      --function <name>    the consumer to invoke (default: the function each message names)
      --delete             delete the messages or objects wholly recovered (with --invoke)
      --region <region>    AWS region (default: AWS_REGION)
  -h, --help               this help

Endpoints: AWS_ENDPOINT_URL_S3, _SQS, _LAMBDA and _KINESIS point the tool at other servers.

Examples:
  npm run stream -- replay --bucket acme-dev-iops-events-processor-failed --invoke --delete
  npm run stream -- replay --queue-url https://sqs.eu-west-1.amazonaws.com/111111111111/acme-dev-iops-events-processor-dlq --invoke --delete`;

function printReport(io: CliIo, report: ReplayReport, invoke: boolean): boolean {
  for (const b of report.batches) {
    const to = b.functionName ? ` → ${b.functionName}` : "";
    const handled = invoke ? `, ${b.recovered} recovered` : "";
    io.stderr.write(`${b.label} (${b.from})${to}: ${b.shardId} ${b.firstSequenceNumber}..${b.lastSequenceNumber}: ${b.found} of ${b.expected} records${handled}, ${b.status}${b.detail ? ` (${b.detail})` : ""}\n`);
  }
  for (const i of report.incomplete) io.stderr.write(`dead-lettered record ${JSON.stringify(i.source)}: only ${i.got} of ${i.parts} parts\n`);
  for (const i of report.invalid) io.stderr.write(`${i.label}: ${i.reason}\n`);
  const found = report.batches.reduce((n, b) => n + b.found, 0);
  const missing = report.batches.reduce((n, b) => n + Math.max(0, b.expected - b.found), 0);
  io.stderr.write(
    `${report.batches.length} batches: ${found} records found, ${missing} expired or missing; ${report.malformed} dead-lettered records` +
      (invoke ? `; recovered ${report.recovered}, not recovered ${report.notRecovered.length}` : "") +
      "\n",
  );
  const clean = report.batches.every((b) => b.status === "recovered" || b.status === "printed");
  return clean && missing === 0 && report.incomplete.length === 0 && report.invalid.length === 0 && report.notRecovered.length === 0;
}

/** `replay`: recover what a consumer gave up on, back to that consumer. */
export const replayCommand: Command = {
  name: "replay",
  summary: "hand the records a consumer gave up on (S3 on-failure objects, dead letters) back to that consumer",
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parse(
      argv,
      {
        help: { type: "boolean", short: "h" },
        region: { type: "string" },
        file: { type: "string", short: "f" },
        bucket: { type: "string" },
        prefix: { type: "string" },
        "queue-url": { type: "string" },
        "max-messages": { type: "string" },
        invoke: { type: "boolean" },
        function: { type: "string" },
        delete: { type: "boolean" },
        put: { type: "boolean" },
      },
      true,
    );
    if (values.help) return (io.stdout.write(HELP + "\n"), EXIT.ok);
    if (values.put) throw new UsageError("--put is gone: re-putting to the shared stream sends the records to every consumer again, with new sequence numbers. Use --invoke, which hands them back to the consumer that failed");
    const queueUrl = values["queue-url"];
    const bucket = values.bucket;
    const file = values.file ?? positionals[0];
    if ([queueUrl, bucket, file].filter((v) => v !== undefined).length > 1) throw new UsageError("give one of --bucket, --queue-url and --file");
    if (values.prefix !== undefined && bucket === undefined) throw new UsageError("--prefix needs --bucket");
    if (values.delete && ((queueUrl === undefined && bucket === undefined) || !values.invoke)) throw new UsageError("--delete needs --invoke and --queue-url or --bucket");
    if (values.function !== undefined && !values.invoke) throw new UsageError("--function needs --invoke");
    const max = integerFlag("max-messages", values["max-messages"], 1) ?? 1000;
    const region = values.region;
    const clientOptions = region !== undefined ? { region } : {};
    const kinesis = createKinesisClient(clientOptions);
    const lambda = createLambdaClient(clientOptions);
    const sqs = createSqsClient(clientOptions);
    const s3 = createS3Client(clientOptions);
    try {
      const options: ReplayOptions = {
        mode: values.invoke ? "invoke" : "print",
        invoker: lambdaInvoker(lambda),
        ...(values.function !== undefined ? { functionName: values.function } : {}),
        onRecord: (line: string) => io.stdout.write(line + "\n"),
      };
      let report: ReplayReport;
      if (bucket !== undefined) {
        const result = await replayBucket(s3, bucket, { ...options, maxObjects: max, deleteDone: values.delete ?? false, ...(values.prefix !== undefined ? { prefix: values.prefix } : {}) }, kinesis);
        report = result.report;
        if (values.delete) io.stderr.write(`deleted ${result.deleted} of ${result.read} objects from s3://${bucket}\n`);
      } else if (queueUrl !== undefined) {
        const result = await replayQueue(kinesis, sqs, queueUrl, { ...options, maxMessages: max, deleteDone: values.delete ?? false });
        report = result.report;
        if (values.delete) io.stderr.write(`deleted ${result.deleted} of ${result.received} messages from the queue\n`);
      } else {
        report = await replay(kinesis, linesOf(openInput(file, io.stdin).stream), options);
      }
      return printReport(io, report, values.invoke ?? false) ? EXIT.ok : EXIT.failed;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw explainAwsError(error, { region: region ?? (await regionOf(kinesis)) });
    } finally {
      for (const client of [kinesis, lambda, sqs, s3]) client.destroy();
    }
  },
};

async function* linesOf(stream: Readable): AsyncGenerator<ReplayInput> {
  for await (const line of readLines(stream)) {
    if (line.text.trim() !== "") yield { label: `line ${line.lineNumber}`, text: line.text };
  }
}
