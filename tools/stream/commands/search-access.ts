import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { deliveryWriterRole } from "../../../modules/firehose-opensearch/delivery-writer-role";
import { pipelineNames } from "../../../stacks/naming";
import { explainAwsError } from "../aws";
import { EXIT, UsageError, type CliIo } from "../io";
import { applyWriterRole, domainClient, writerRoleRequests } from "../search-access";
import { environmentNamed, pipelineNamed } from "../target";
import { parse, type Command } from "./command";

const HELP = `Usage: npm run stream -- search-access --env <name> --pipeline <name> --domain-endpoint <host> [--assume-admin] [--dry-run]

After a deploy, gives a pipeline's Firehose delivery role the least-privilege OpenSearch role it
writes with: the domain's fine-grained access control master user is an administrator role, never
the delivery role, and the AWS provider cannot manage the security plugin's roles inside the domain.
Two signed calls to the domain, idempotent:
  PUT _plugins/_security/api/roles/firehose_writer_<index>        create the index, bulk-index; no delete
  PUT _plugins/_security/api/rolesmapping/firehose_writer_<index> backend role: the delivery role's ARN
Until they are made, Firehose's writes are refused and its documents go to the backup bucket.

Options:
  -e, --env <name>              environment (a file in envs/)
  -p, --pipeline <name>         pipeline with search enabled
      --domain-endpoint <host>  the domain's endpoint (stack output firehose_opensearch_domain_endpoint)
      --assume-admin            sign as the created administrator role (sts:AssumeRole); default: your credentials,
                                which must be the master user (the role given as domain.masterUserArn)
      --dry-run                 print the two requests as JSON lines, send nothing
  -h, --help                    this help`;

/** `search-access`: map the delivery role to its writer role inside the domain. */
export const searchAccessCommand: Command = {
  name: "search-access",
  summary: "after a deploy, map a pipeline's Firehose delivery role to its least-privilege OpenSearch writer role",
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values } = parse(argv, {
      env: { type: "string", short: "e" },
      pipeline: { type: "string", short: "p" },
      "domain-endpoint": { type: "string" },
      "assume-admin": { type: "boolean" },
      "dry-run": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help) return (io.stdout.write(HELP + "\n"), EXIT.ok);
    if (values.env === undefined || values.pipeline === undefined) throw new UsageError("name the pipeline with --env <name> --pipeline <name>");
    const env = environmentNamed(values.env);
    const pipeline = pipelineNamed(env, values.pipeline);
    if (!pipeline.search?.enabled) throw new UsageError(`pipeline ${pipeline.name} in ${env.name} has no search enabled`);
    const names = pipelineNames(env, pipeline.name);
    const label = names.label("search");
    const writer = deliveryWriterRole(pipeline.search.indexName ?? label.id(80), names.search().deliveryRoleArn);
    if (values["dry-run"]) {
      for (const request of writerRoleRequests(writer)) io.stdout.write(JSON.stringify(request) + "\n");
      return EXIT.ok;
    }
    const endpoint = values["domain-endpoint"];
    if (endpoint === undefined) throw new UsageError("--domain-endpoint is needed (the stack output firehose_opensearch_domain_endpoint)");
    if (values["assume-admin"] && pipeline.search.domain?.masterUserArn !== undefined) {
      throw new UsageError(`--assume-admin: ${pipeline.name} names its own master user (${pipeline.search.domain.masterUserArn}); sign with that role's credentials instead`);
    }
    const sts = new STSClient({ region: env.region, requestHandler: new NodeHttpHandler() });
    try {
      let credentials = await sts.config.credentials();
      if (values["assume-admin"]) {
        const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: names.search().domainAdminRoleArn, RoleSessionName: "search-access", DurationSeconds: 900 }));
        credentials = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
      }
      await applyWriterRole(domainClient({ endpoint, region: env.region, credentials }), writer);
      io.stdout.write(`${writer.roleName}: ${names.search().deliveryRoleArn} may now create ${writer.role.index_permissions[0]!.index_patterns[0]} and bulk-index into it\n`);
      return EXIT.ok;
    } catch (error) {
      if (error instanceof Error && / answered \d+/.test(error.message)) {
        io.stderr.write(`error: ${error.message}\n`);
        return EXIT.failed;
      }
      throw explainAwsError(error, { region: env.region });
    } finally {
      sts.destroy();
    }
  },
};
