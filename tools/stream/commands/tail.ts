import { createKinesisClient, explainAwsError, regionOf } from "../aws";
import { EXIT, UsageError, type CliIo } from "../io";
import { formatTailRecord, tailStream, type StartPosition } from "../tail";
import { resolveStream } from "../target";
import { integerFlag, parse, TARGET_HELP, TARGET_OPTIONS, type Command } from "./command";

const HELP = `Usage: npm run stream -- tail --env <env> --pipeline <pipeline> [options]

Reads every shard of the pipeline's stream and prints its records as JSON lines on standard
output: shardId, sequenceNumber, subSequenceNumber, partitionKey, approximateArrivalTimestamp and
data (the parsed JSON) or dataBase64. KPL aggregates are de-aggregated. Resharding is followed:
a child shard is read only after its parents are drained. Without --follow it stops once every
shard is caught up.

Options:
${TARGET_HELP}
      --from <position>        LATEST (default), TRIM_HORIZON, AT_TIMESTAMP or AT_SEQUENCE_NUMBER
      --timestamp <iso>        start time for AT_TIMESTAMP (implies it), e.g. 2026-01-31T12:00:00Z
      --sequence-number <n>    start for AT_SEQUENCE_NUMBER (implies it): that shard and its children only
      --shard-id <id>          the shard of --sequence-number (default: found by asking each shard)
  -n, --limit <n>              stop after n records
  -f, --follow                 keep reading (and discovering new shards) until Ctrl-C or --limit
      --poll-interval-ms <ms>  wait after an empty round of reads (default 1000)
      --output-stream          read the pipeline's outputStream instead of its stream
  -v, --verbose                report shards started and drained on standard error
  -h, --help                   this help

Examples:
  npm run stream -- tail --env dev --pipeline f5-logs --from TRIM_HORIZON --limit 10
  npm run stream -- tail --env dev --pipeline f5-logs --follow`;

const POSITIONS = ["LATEST", "TRIM_HORIZON", "AT_TIMESTAMP", "AT_SEQUENCE_NUMBER"] as const;

/** The start position from --from, --timestamp, --sequence-number and --shard-id. */
export function startPosition(values: { from?: string; timestamp?: string; "sequence-number"?: string; "shard-id"?: string }): StartPosition {
  const from = values.from?.toUpperCase().replace(/-/g, "_") ?? (values.timestamp ? "AT_TIMESTAMP" : values["sequence-number"] ? "AT_SEQUENCE_NUMBER" : "LATEST");
  if (!(POSITIONS as readonly string[]).includes(from)) throw new UsageError(`--from must be one of ${POSITIONS.join(", ")}, got ${values.from}`);
  if (from === "AT_TIMESTAMP") {
    if (values.timestamp === undefined) throw new UsageError("--from AT_TIMESTAMP needs --timestamp <ISO-8601 time>");
    const timestamp = new Date(values.timestamp);
    if (Number.isNaN(timestamp.getTime())) throw new UsageError(`--timestamp must be an ISO-8601 time such as 2026-01-31T12:00:00Z, got ${values.timestamp}`);
    if (timestamp.getTime() > Date.now()) throw new UsageError(`--timestamp must not be in the future, got ${values.timestamp}`);
    return { type: "AT_TIMESTAMP", timestamp };
  }
  if (from === "AT_SEQUENCE_NUMBER") {
    const sequenceNumber = values["sequence-number"];
    if (sequenceNumber === undefined || !/^\d{1,128}$/.test(sequenceNumber)) throw new UsageError(`--from AT_SEQUENCE_NUMBER needs --sequence-number <digits>, got ${sequenceNumber ?? "none"}`);
    const shardId = values["shard-id"];
    return { type: "AT_SEQUENCE_NUMBER", sequenceNumber, ...(shardId !== undefined ? { shardId } : {}) };
  }
  if (values.timestamp !== undefined || values["sequence-number"] !== undefined) throw new UsageError(`--timestamp and --sequence-number do not go with --from ${from}`);
  return { type: from as "LATEST" | "TRIM_HORIZON" };
}

/** `tail`: print a stream's records. */
export const tailCommand: Command = {
  name: "tail",
  summary: "print a stream's records as JSON lines, from all shards",
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parse(argv, {
      ...TARGET_OPTIONS,
      from: { type: "string" },
      timestamp: { type: "string" },
      "sequence-number": { type: "string" },
      "shard-id": { type: "string" },
      limit: { type: "string", short: "n" },
      follow: { type: "boolean", short: "f" },
      "poll-interval-ms": { type: "string" },
      "output-stream": { type: "boolean" },
      verbose: { type: "boolean", short: "v" },
    });
    if (values.help) return (io.stdout.write(HELP + "\n"), EXIT.ok);
    const start = startPosition(values);
    const limit = integerFlag("limit", values.limit, 1);
    const pollIntervalMs = integerFlag("poll-interval-ms", values["poll-interval-ms"], 0, 60_000);
    const target = resolveStream({ ...values, role: values["output-stream"] ? "outputStream" : "stream" });
    const client = createKinesisClient(target.region !== undefined ? { region: target.region } : {});
    let received = 0;
    try {
      for await (const record of tailStream(client, target.streamName, {
        start,
        follow: values.follow ?? false,
        ...(limit !== undefined ? { limit } : {}),
        ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}),
        ...(io.signal ? { signal: io.signal } : {}),
        ...(values.verbose ? { onShard: (e: { shardId: string; event: string }) => io.stderr.write(`${e.shardId} ${e.event}\n`) } : {}),
      })) {
        received++;
        io.stdout.write(formatTailRecord(record) + "\n");
      }
    } catch (error) {
      throw explainAwsError(error, { streamName: target.streamName, region: target.region ?? (await regionOf(client)) });
    } finally {
      client.destroy();
    }
    if (received === 0) io.stderr.write(nothingArrived(target.streamName, start) + "\n");
    return EXIT.ok;
  },
};

/** What to tell an operator whose tail printed nothing: where it read from, and how to read what the stream holds. */
export function nothingArrived(streamName: string, start: StartPosition): string {
  if (start.type === "TRIM_HORIZON") return `No records in ${streamName}: it holds none within its retention period.`;
  const from = start.type === "LATEST" ? "LATEST, so only records put after tail started count" : `${start.type}`;
  return `No records arrived from ${streamName} (read from ${from}). To read everything the stream still holds, add --from TRIM_HORIZON; to read from a time, --from AT_TIMESTAMP --timestamp <ISO-8601 time>.`;
}
