import { createKinesisClient, explainAwsError, regionOf } from "../aws";
import { EXIT, UsageError, type CliIo } from "../io";
import { createStream } from "../lifecycle";
import { describeSettings, streamSettingsOf } from "../stream-settings";
import { resolveStream } from "../target";
import { parse, TARGET_HELP, TARGET_OPTIONS, type Command } from "./command";

const HELP = `Usage: npm run stream -- create --env <env> --pipeline <pipeline> [options]

Creates the pipeline's stream with the settings envs/ gives it, as the stream stack would: mode
(and shard count when provisioned), retention, shard-level metrics and KMS encryption (the
AWS-managed key alias/aws/kinesis, or the alias of the key the stream stack creates for a
customer-managed stream). For local servers (AWS_ENDPOINT_URL_KINESIS) and sandbox accounts; an
environment deployed with make deploy owns its streams through Terraform. An existing stream is
left as it is (exit 1).

Options:
${TARGET_HELP}
      --output-stream     create the pipeline's outputStream instead of its stream
      --kms-key <id>      key id, ARN or alias for a customer-managed stream (default: the stack's alias)
  -h, --help              this help

Example:
  AWS_ENDPOINT_URL_KINESIS=http://127.0.0.1:4567 npm run stream -- create --env dev --pipeline iops-events`;

/** `create`: a pipeline's stream with its environment's settings. */
export const createCommand: Command = {
  name: "create",
  summary: "create a pipeline's stream with the environment's settings (local servers, sandboxes)",
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parse(argv, { ...TARGET_OPTIONS, "output-stream": { type: "boolean" }, "kms-key": { type: "string" } });
    if (values.help) return (io.stdout.write(HELP + "\n"), EXIT.ok);
    if (values.env === undefined || values.pipeline === undefined) throw new UsageError("create needs --env and --pipeline: the stream's settings come from envs/");
    const role = values["output-stream"] ? "outputStream" : "stream";
    const target = resolveStream({ ...values, role });
    const settings = { ...streamSettingsOf(target.env!, target.pipeline!, role, values["kms-key"]), streamName: target.streamName };
    const client = createKinesisClient(target.region !== undefined ? { region: target.region } : {});
    try {
      await createStream(client, settings, { onStep: (step) => io.stderr.write(`${step}\n`) });
    } catch (error) {
      throw explainAwsError(error, { region: target.region ?? (await regionOf(client)) });
    } finally {
      client.destroy();
    }
    io.stdout.write(`${settings.streamName}: ACTIVE, ${describeSettings(settings)}\n`);
    return EXIT.ok;
  },
};
