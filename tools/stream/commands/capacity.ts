import { pipelineCapacity, planCapacity, sharedConsumersOf, type CapacityReport } from "../capacity";
import { EXIT, UsageError, type CliIo } from "../io";
import { environmentNamed, pipelineNamed } from "../target";
import { integerFlag, numberFlag, parse, type Command } from "./command";

const HELP = `Usage: npm run stream -- capacity --env <env> [--pipeline <pipeline>]
       npm run stream -- capacity --records-per-second <n> --record-bytes <n> [--consumers <n>] [--shards <n>]

Shards a stream needs at its peak: 1 MiB/s and 1,000 records/s of writes per shard, and 2 MiB/s
of reads per shard shared by every polling consumer (enhanced fan-out consumers do not count).
With --env, every pipeline's declared traffic is checked against its configured stream, with a
warning when it is too small. Exits 1 when a warning is printed.

Options:
  -e, --env <name>              environment whose pipelines to size
  -p, --pipeline <name>         only this pipeline
      --records-per-second <n>  peak records per second (instead of --env)
      --record-bytes <n>        average record size in bytes
      --consumers <n>           polling consumers (default 1)
      --shards <n>              a provisioned stream's shard count, to check
  -h, --help                    this help

Example:
  npm run stream -- capacity --records-per-second 10000 --record-bytes 1024`;

function describe(name: string, report: CapacityReport): string {
  const r = report.requirement;
  return [
    `${name}: ${r.shards} shards (writes: ${r.forWriteBytes} for ${report.peakMebibytesPerSecond} MiB/s, ${r.forWriteRecords} for records/s; shared reads: ${r.forSharedReads})`,
    `  recommended: ${report.recommendation.mode}: ${report.recommendation.reason}`,
    ...report.warnings.map((w) => `  warning: ${w}`),
  ].join("\n");
}

/** `capacity`: shards needed. */
export const capacityCommand: Command = {
  name: "capacity",
  summary: "shards needed for a peak load, and whether the configured stream is big enough",
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parse(argv, {
      env: { type: "string", short: "e" },
      pipeline: { type: "string", short: "p" },
      "records-per-second": { type: "string" },
      "record-bytes": { type: "string" },
      consumers: { type: "string" },
      shards: { type: "string" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) return (io.stdout.write(HELP + "\n"), EXIT.ok);
    const reports: Array<[string, CapacityReport]> = [];
    if (values.env !== undefined) {
      const env = environmentNamed(values.env);
      const pipelines = values.pipeline !== undefined ? [pipelineNamed(env, values.pipeline)] : env.pipelines.filter((p) => p.enabled);
      for (const pipeline of pipelines) {
        const report = pipelineCapacity(pipeline);
        if (!report) {
          io.stdout.write(`${pipeline.name}: no traffic declared (add traffic.peakRecordsPerSecond and traffic.averageRecordBytes)\n`);
          continue;
        }
        const stream = pipeline.stream!;
        reports.push([`${pipeline.name} (${stream.mode === "provisioned" ? `${stream.shardCount} shards` : "on-demand"}, ${sharedConsumersOf(pipeline)} polling consumers)`, report]);
      }
    } else {
      const peak = numberFlag("records-per-second", values["records-per-second"]);
      const bytes = integerFlag("record-bytes", values["record-bytes"], 1, 1_048_576);
      if (peak === undefined || bytes === undefined) throw new UsageError("give --env, or --records-per-second and --record-bytes");
      const shards = integerFlag("shards", values.shards, 1);
      const report = planCapacity({
        peakRecordsPerSecond: peak,
        averageRecordBytes: bytes,
        sharedConsumers: integerFlag("consumers", values.consumers, 0, 1000) ?? 1,
        ...(shards !== undefined ? { configured: { mode: "provisioned" as const, shardCount: shards } } : {}),
      });
      reports.push([`${peak} records/s of ${bytes} bytes`, report]);
    }
    for (const [name, report] of reports) io.stdout.write(describe(name, report) + "\n");
    return reports.some(([, r]) => r.warnings.length > 0) ? EXIT.failed : EXIT.ok;
  },
};
