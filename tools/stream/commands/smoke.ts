import { createKinesisClient, createS3Client } from "../aws";
import { EXIT, UsageError, type CliIo } from "../io";
import { smokeTest } from "../smoke";
import { streamSettingsOf } from "../stream-settings";
import { pipelineArchiveBucketName, resolveStream } from "../target";
import { integerFlag, parse, TARGET_HELP, TARGET_OPTIONS, type Command } from "./command";

const HELP = `Usage: npm run stream -- smoke --env <env> --pipeline <pipeline> [options]

Checks a deployed pipeline end to end, step by step: the stream is active, its mode (and shard
count when provisioned), retention and encryption are the ones envs/ gives it, a uniquely marked
test record ({"smoke": true, "smokeId": "smoke-<uuid>", ...}) is accepted, the same record is
read back from its shard, and, with --check-archive, Firehose delivered it to S3. Exits 1 on
the first failed step (reports every step it ran); a difference from envs/ fails its step
and exits 1, the other steps still run. Processors see the test record too: give --payload a valid event if
they should accept it rather than dead-letter it.

Options:
${TARGET_HELP}
      --payload <json>         fields merged into the test record (a valid event for the processors)
      --check-archive          check that Firehose delivers the record to the pipeline's archive bucket
      --archive-bucket <name>  the archive bucket to check (default: the name the archive stack gives it)
      --wait-seconds <n>       how long to wait for the archive (default: buffering interval + 120)
  -h, --help                   this help

Example:
  npm run stream -- smoke --env dev --pipeline f5-logs`;

/** `smoke`: put a marked record and confirm it flows. */
export const smokeCommand: Command = {
  name: "smoke",
  summary: "put a marked test record and confirm it can be read back (and archived)",
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parse(argv, { ...TARGET_OPTIONS, payload: { type: "string" }, "check-archive": { type: "boolean" }, "archive-bucket": { type: "string" }, "wait-seconds": { type: "string" } });
    if (values.help) return (io.stdout.write(HELP + "\n"), EXIT.ok);
    let payload: Record<string, unknown> = {};
    if (values.payload !== undefined) {
      try {
        payload = JSON.parse(values.payload) as Record<string, unknown>;
      } catch (error) {
        throw new UsageError(`--payload must be a JSON object: ${(error as Error).message}`);
      }
      if (payload === null || typeof payload !== "object" || Array.isArray(payload)) throw new UsageError("--payload must be a JSON object");
    }
    const target = resolveStream(values);
    const archiveConfig = target.pipeline?.archive;
    const checkArchive = values["check-archive"] === true || values["archive-bucket"] !== undefined;
    if (checkArchive && (!target.env || !target.pipeline || !archiveConfig?.enabled)) throw new UsageError("--check-archive needs --env and --pipeline of a pipeline with an archive");
    const bucket = checkArchive ? (values["archive-bucket"] ?? pipelineArchiveBucketName(target.env!, target.pipeline!.name)) : undefined;
    const waitSeconds = integerFlag("wait-seconds", values["wait-seconds"], 1, 3600) ?? (archiveConfig?.bufferingIntervalSeconds ?? 300) + 120;
    const clientOptions = target.region !== undefined ? { region: target.region } : {};
    const client = createKinesisClient(clientOptions);
    const s3 = bucket !== undefined ? createS3Client(clientOptions) : undefined;
    try {
      const steps = await smokeTest(client, {
        streamName: target.streamName,
        ...(target.region !== undefined ? { region: target.region } : {}),
        ...(target.pipeline ? { pipeline: target.pipeline.name } : {}),
        ...(target.env && target.pipeline ? { expected: { ...streamSettingsOf(target.env, target.pipeline, "stream"), streamName: target.streamName } } : {}),
        payload,
        ...(s3 && bucket !== undefined && archiveConfig ? { archive: { client: s3, bucket, prefix: archiveConfig.prefix ?? "", timeoutMs: waitSeconds * 1000 } } : {}),
      });
      for (const step of steps) io.stdout.write(`${step.skipped ? "SKIP" : step.ok ? "PASS" : "FAIL"}  ${step.step} (${step.elapsedMs} ms): ${step.detail}\n`);
      return steps.every((s) => s.ok) ? EXIT.ok : EXIT.failed;
    } finally {
      client.destroy();
      s3?.destroy();
    }
  },
};
