import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { KinesisClient, ListStreamsCommand } from "@aws-sdk/client-kinesis";
import { SQSClient, ListQueuesCommand } from "@aws-sdk/client-sqs";
import { SNSClient, ListTopicsCommand } from "@aws-sdk/client-sns";
import { S3Client, ListBucketsCommand } from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listEnvironments, loadEnvironment } from "../envs/load";
import type { EnvironmentConfig } from "../envs/schema/environment";
import { deployTarget, destroyTarget, deployedOf } from "../tools/deploy/deploy";
import { planIsEmpty } from "../tools/deploy/stack-terraform";
import { type SynthesizedTarget, synthesizeTarget } from "../tools/deploy/target";
import { type LocalAwsServer, startLocalAws } from "../tools/local/aws-server";
import { mapLimit, runTerraform } from "../tools/terraform/run";
import { GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import { LocalRuntime } from "../tools/local/runtime/runtime";
import { unqualifiedFunctionArn } from "../tools/local/runtime/discover";
import { smoke, smokeClients } from "./local-smoke";
import { seed001Burst, seed001CurlSteps, seed002Producer, seed004Steps } from "./seed-acceptance";
import { DEFAULT_BATCH_SIZE, DEFAULT_BATCHING_WINDOW_SECONDS } from "../modules/lambda-enrichment/defaults";
import { REPO_ROOT } from "../tools/terraform/cli-config";
import { Testing } from "cdktf";
import { buildEnvironmentStacks } from "../stacks/app";

/**
 * The environments whose stacks together use every component kind, plus the smallest one (the
 * README's first `make deploy`): chosen from envs/, never listed here.
 */
export function environmentsCoveringEveryComponent(names: readonly string[]): string[] {
  const kinds = new Map(
    names.map((name) => {
      const env = loadEnvironment(name);
      return [name, new Set(buildEnvironmentStacks(Testing.app(), env, "plan-only").map((p) => componentKind(env, p.pipeline, p.component)))];
    }),
  );
  const wanted = new Set([...kinds.values()].flatMap((set) => [...set]));
  const chosen: string[] = [];
  while (wanted.size > 0) {
    const best = [...kinds.entries()].filter(([name]) => !chosen.includes(name)).sort((a, b) => covered(b[1]) - covered(a[1]))[0]!;
    chosen.push(best[0]);
    for (const kind of best[1]) wanted.delete(kind);
  }
  const smallest = [...kinds.entries()].sort((a, b) => a[1].size - b[1].size || a[0].localeCompare(b[0]))[0]![0];
  return [...new Set([smallest, ...chosen])];
  function covered(set: Set<string>) {
    return [...set].filter((kind) => wanted.has(kind)).length;
  }
}

function processorOf(env: EnvironmentConfig, pipeline: string, component: string) {
  return env.pipelines.find((p) => p.name === pipeline)?.processors?.find((p) => p.name === component);
}

/** A processor's kind is its handler; any other component's, its name. */
function componentKind(env: EnvironmentConfig, pipeline: string, component: string): string {
  const processor = processorOf(env, pipeline, component);
  return processor ? `processor:${processor.handler}` : component;
}

mkdirSync(join(REPO_ROOT, "build"), { recursive: true });
const work = mkdtempSync(join(REPO_ROOT, "build", "local-suite-"));
const environments = environmentsCoveringEveryComponent(listEnvironments());

/** An environment deployed to its own local AWS server. */
interface Deployment {
  readonly server: LocalAwsServer;
  readonly target: SynthesizedTarget;
  readonly deployed: string[];
}

const servers: LocalAwsServer[] = [];
let deployments: Map<string, Promise<Deployment>>;

async function deployEnvironment(name: string): Promise<Deployment> {
  const env = loadEnvironment(name);
  const server = await startLocalAws({ accountId: env.accountId, port: 0 });
  servers.push(server);
  const target = synthesizeTarget(env, "local", {
    server,
    vars: { LOCAL_AWS_PORT: String(server.port), LOCAL_STATE_DIR: join(work, "state") },
  });
  return { server, target, deployed: await deployTarget(target, undefined, () => {}) };
}

// Every environment starts deploying at once, each to its own server: the later ones deploy while
// the first is being checked, and Terraform's waits on the emulator overlap.
beforeAll(() => {
  deployments = new Map(environments.map((name) => [name, deployEnvironment(name)]));
  for (const deployment of deployments.values()) deployment.catch(() => {}); // awaited, and reported, by its own suite
});

afterAll(async () => {
  await Promise.allSettled(deployments?.values() ?? []);
  await Promise.all(servers.map((server) => server.stop()));
});

describe.each(environments)("the %s environment on the local AWS API", (name) => {
  let server: LocalAwsServer;
  let target: SynthesizedTarget;
  let deployed: string[] = [];

  beforeAll(async () => {
    ({ server, target, deployed } = await deployments.get(name)!);
  }, 1_800_000);

  test("make deploy's code path applies every stack the local target supports", () => {
    expect([...deployed].sort()).toEqual(target.stacks.map((s) => s.name).sort());
    expect(target.skipped.every((s) => /docs\/local-aws-gaps\.md/.test(s.reason))).toBe(true);
  });

  // make up's runtime, started by the first test that needs it and stopped before destroy.
  let runtime: LocalRuntime | undefined;
  // What the runtime and each function printed, shown when a check fails (the suite is quiet otherwise).
  const logs = new Map<string, string[]>();
  const remember = (source: string, line: string) => logs.set(source, [...(logs.get(source) ?? []), line].slice(-40));
  const printedBy = (functionName: string) => [...(logs.get(functionName) ?? []), ...(logs.get(`runtime ${functionName}`) ?? [])].join("\n") || "(nothing)";
  const lambdaClient = () =>
    new LambdaClient({ endpoint: server.endpoint, region: target.env.region, credentials: { accessKeyId: "test", secretAccessKey: "test" }, requestHandler: new NodeHttpHandler() });
  async function runtimeOf(): Promise<LocalRuntime> {
    runtime ??= await LocalRuntime.start({
      env: target.env.name,
      endpoint: server.endpoint,
      region: target.env.region,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      codeSearchDirs: [join(target.stacks[0]!.dir, "..", "..")],
      cacheDir: join(work, target.env.name, "code"),
      nodePath: [join(REPO_ROOT, "node_modules")],
      log: (line) => remember(`runtime ${line.split(" ")[0]}`, line),
      functionLog: remember,
    });
    return runtime;
  }
  afterAll(async () => {
    await runtime?.stop();
  });

  /** Each enabled processor's stack, handler, function configuration and event source mapping, read back from the local API once. */
  let processorsRead: ReturnType<typeof readDeployedProcessors> | undefined;
  const deployedProcessors = () => (processorsRead ??= readDeployedProcessors());
  async function readDeployedProcessors() {
    const lambda = lambdaClient();
    // Unfiltered: moto filters FunctionName by the string the mapping was created with (docs/local-aws-gaps.md).
    const mappings = (await lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings ?? [];
    const stacks = target.stacks.filter((s) => processorOf(target.env, s.pipeline, s.component)?.enabled);
    return mapLimit(stacks, 4, async (stack) => {
      const processor = processorOf(target.env, stack.pipeline, stack.component)!;
      const functionName = JSON.parse((await runTerraform(["output", "-json"], stack.dir, stack.env)).stdout).lambda_enrichment_function_name.value as string;
      const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
      const mapping = mappings.find((m) => m.FunctionArn && unqualifiedFunctionArn(m.FunctionArn) === config.FunctionArn);
      if (!mapping) throw new Error(`${stack.name}: no event source mapping for ${config.FunctionArn}`);
      return { stack, processor, functionName, config, mapping };
    });
  }

  test("every processor's records arrive where its pipeline writes them, run by make up's runtime", async () => {
    await runtimeOf();
    const clients = smokeClients(server.endpoint, target.env.region);
    const processors = await deployedProcessors();
    const results = await mapLimit(processors, 4, async ({ stack, processor, functionName, config, mapping }) => {
      const sourceStreamName = mapping.EventSourceArn!.split("/")[1]!;
      try {
        return `${stack.name}: ${await smoke({ handler: processor.handler, functionName, sourceStreamName, variables: config.Environment?.Variables ?? {} }, clients)}`;
      } catch (error) {
        throw new Error(`${stack.name}: ${(error as Error).message}\n${functionName} printed:\n${printedBy(functionName)}`);
      }
    });
    expect(results).toHaveLength(processors.length);
  }, 600_000);

  test("seed 002: each fraud processor that maps a producer's fields flags exactly the seed's transactions, sent in the producer's shape", async () => {
    await runtimeOf();
    const clients = smokeClients(server.endpoint, target.env.region);
    const processors = await deployedProcessors();
    const mapped = processors.filter(({ processor }) => processor.handler === "fraud-detector" && processor.fieldMapping !== undefined);
    const deployedWithMapping = processors.filter(({ config }) => config.Environment?.Variables?.FIELD_MAPPING);
    expect(deployedWithMapping.map(({ stack }) => stack.name)).toEqual(mapped.map(({ stack }) => stack.name));
    const results: string[] = [];
    for (const { stack, processor, functionName, config, mapping } of mapped) {
      try {
        results.push(await seed002Producer({ handler: processor.handler, functionName, sourceStreamName: mapping.EventSourceArn!.split("/")[1]!, variables: config.Environment?.Variables ?? {} }, clients));
      } catch (error) {
        throw new Error(`${stack.name}: ${(error as Error).message}\n${functionName} printed:\n${printedBy(functionName)}`);
      }
    }
    expect(results).toHaveLength(mapped.length);
  }, 300_000);

  test("seed 004: each mapping reads batches of 100 records or 5 s unless its processor says otherwise", async () => {
    const processors = await deployedProcessors();
    expect(processors.length).toBeGreaterThan(0);
    const found = processors.map(({ stack, mapping }) => `${stack.name}: ${mapping.BatchSize} / ${mapping.MaximumBatchingWindowInSeconds ?? 0} s`);
    const expected = processors.map(({ stack, processor }) => `${stack.name}: ${processor.batchSize ?? DEFAULT_BATCH_SIZE} / ${processor.batchWindowSeconds ?? DEFAULT_BATCHING_WINDOW_SECONDS} s`);
    expect(found).toEqual(expected);
  });

  test("seed 004: the guide's steps with the operator CLI (create, describe, put the test record, read it back)", async () => {
    const done = await seed004Steps(target.env, server.endpoint, smokeClients(server.endpoint, target.env.region));
    expect(done).toMatch(/^\S+: create, describe, smoke \(put and read back\) and delete of /);
  }, 300_000);

  test("seed 001: each API takes the seed's curl steps, and absorbs the declared burst without loss", async () => {
    const apis = await servedApis(await runtimeOf());
    expect(apis.map((api) => api.pipeline).sort()).toEqual(target.env.pipelines.filter((p) => p.api?.enabled).map((p) => p.name).sort());
    const clients = smokeClients(server.endpoint, target.env.region);
    const results: string[] = [];
    for (const api of apis) {
      try {
        const steps = [await seed001CurlSteps(api, clients)];
        if (api.burstEventsPerSecond) steps.push(await seed001Burst(api, clients, api.burstEventsPerSecond));
        results.push(steps.join("; "));
      } catch (error) {
        throw new Error(`${api.pipeline}: ${(error as Error).message}\n${api.functionNames.map((fn) => `${fn} printed:\n${printedBy(fn)}`).join("\n")}`);
      }
    }
    expect(results).toHaveLength(apis.length);
  }, 600_000);

  /**
   * Every pipeline whose API the runtime serves, with where its events go. The burst is the
   * pipeline's declared peak, tried where the stream's shards can take it (1000 records/s each;
   * an on-demand stream starts at 4000 records/s).
   */
  async function servedApis(running: LocalRuntime) {
    const lambda = lambdaClient();
    const served = Object.entries(running.summary().pipelines).filter(([, p]) => p.apiBaseUrl);
    return Promise.all(
      served.map(async ([pipelineName, summary]) => {
        const pipeline = target.env.pipelines.find((p) => p.name === pipelineName)!;
        const variables = await Promise.all(summary.functions.map(async (fn) => (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fn }))).Environment?.Variables ?? {}));
        const ingest = variables.find((v) => v.STREAM_NAME || v.STREAM_ARN)!;
        const processor = variables.find((v) => v.EVENTS_TABLE_NAME);
        const capacity = pipeline.stream?.mode === "on-demand" ? 4000 : (pipeline.stream?.shardCount ?? 1) * 1000;
        const peak = pipeline.traffic?.peakRecordsPerSecond;
        return {
          pipeline: pipelineName,
          baseUrl: summary.apiBaseUrl!,
          eventsPath: pipeline.api!.eventsPath,
          batchPath: pipeline.api!.batchPath,
          streamName: ingest.STREAM_NAME ?? ingest.STREAM_ARN!.split("/")[1]!,
          tableName: processor?.EVENTS_TABLE_NAME,
          malformedTopicArn: ingest.MALFORMED_TOPIC_ARN,
          burstEventsPerSecond: peak !== undefined && peak <= capacity ? peak : undefined,
          functionNames: summary.functions,
        };
      }),
    );
  }

  test("a second plan of every stack is empty (no perpetual diff)", async () => {
    const plans = await mapLimit(target.stacks, 3, async (stack) => ({ stack: stack.name, ...(await planIsEmpty(stack)) }));
    const dirty = plans.filter((p) => !p.empty).map((p) => `${p.stack}:\n${p.output.split("\n").filter((l) => /^\s+[~+-]|must be replaced/.test(l)).join("\n")}`);
    expect(dirty).toEqual([]);
  }, 1_800_000);

  test("destroy removes every stack, and nothing the stacks created is left", async () => {
    await runtime?.stop();
    runtime = undefined;
    const destroyed = await destroyTarget(target, undefined, () => {});
    expect(destroyed.sort()).toEqual(target.stacks.map((s) => s.name).sort());
    expect([...(await deployedOf(target.stacks))]).toEqual([]);

    const config = { endpoint: server.endpoint, region: target.env.region, credentials: { accessKeyId: "test", secretAccessKey: "test" }, requestHandler: new NodeHttpHandler() };
    expect((await new KinesisClient(config).send(new ListStreamsCommand({}))).StreamNames).toEqual([]);
    expect((await new DynamoDBClient(config).send(new ListTablesCommand({}))).TableNames).toEqual([]);
    expect((await new SQSClient(config).send(new ListQueuesCommand({}))).QueueUrls ?? []).toEqual([]);
    expect((await new SNSClient(config).send(new ListTopicsCommand({}))).Topics ?? []).toEqual([]);
    expect((await new S3Client({ ...config, forcePathStyle: true }).send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
  }, 1_800_000);
});
