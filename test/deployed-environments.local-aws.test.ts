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
import { type LocalAwsServer, freePort, startLocalAws } from "../tools/local/aws-server";
import { mapLimit, runTerraform } from "../tools/terraform/run";
import { GetFunctionConfigurationCommand, LambdaClient, ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import { LocalRuntime } from "../tools/local/runtime/runtime";
import { unqualifiedFunctionArn } from "../tools/local/runtime/discover";
import { smoke, smokeClients } from "./local-smoke";
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

/** A processor's kind is its handler; any other component's, its name. */
function componentKind(env: EnvironmentConfig, pipeline: string, component: string): string {
  const processor = env.pipelines.find((p) => p.name === pipeline)?.processors?.find((p) => p.name === component);
  return processor ? `processor:${processor.handler}` : component;
}

mkdirSync(join(REPO_ROOT, "build"), { recursive: true });
const work = mkdtempSync(join(REPO_ROOT, "build", "local-suite-"));

describe.each(environmentsCoveringEveryComponent(listEnvironments()))("the %s environment on the local AWS API", (name) => {
  let server: LocalAwsServer;
  let target: SynthesizedTarget;
  let deployed: string[] = [];

  beforeAll(async () => {
    const env = loadEnvironment(name);
    const port = await freePort();
    server = await startLocalAws({ accountId: env.accountId, port });
    target = synthesizeTarget(env, "local", {
      server,
      vars: { LOCAL_AWS_PORT: String(port), LOCAL_STATE_DIR: join(work, "state") },
    });
    deployed = await deployTarget(target, undefined, () => {});
  }, 1_800_000);

  afterAll(async () => {
    await server?.stop();
  });

  test("make deploy's code path applies every stack the local target supports", () => {
    expect([...deployed].sort()).toEqual(target.stacks.map((s) => s.name).sort());
    expect(target.skipped.every((s) => /docs\/local-aws-gaps\.md/.test(s.reason))).toBe(true);
  });

  test("every processor's records arrive where its pipeline writes them, run by make up's runtime", async () => {
    const clients = smokeClients(server.endpoint, target.env.region);
    const lambda = new LambdaClient({ endpoint: server.endpoint, region: target.env.region, credentials: { accessKeyId: "test", secretAccessKey: "test" }, requestHandler: new NodeHttpHandler() });
    // What the runtime and each function printed, shown when a probe fails (the suite is quiet otherwise).
    const logs = new Map<string, string[]>();
    const remember = (source: string, line: string) => logs.set(source, [...(logs.get(source) ?? []), line].slice(-40));
    const runtime = await LocalRuntime.start({
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
    try {
      const processors = target.stacks.filter((s) => target.env.pipelines.find((p) => p.name === s.pipeline)?.processors?.some((p) => p.name === s.component && p.enabled));
      const results = await mapLimit(processors, 4, async (stack) => {
        const handler = target.env.pipelines.find((p) => p.name === stack.pipeline)!.processors!.find((p) => p.name === stack.component)!.handler;
        const functionName = JSON.parse((await runTerraform(["output", "-json"], stack.dir, stack.env)).stdout).lambda_enrichment_function_name.value as string;
        const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
        // Unfiltered: moto filters FunctionName by the string the mapping was created with (docs/local-aws-gaps.md).
        const mapping = (await lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings!.find(
          (m) => m.FunctionArn && unqualifiedFunctionArn(m.FunctionArn) === config.FunctionArn,
        );
        if (!mapping) throw new Error(`${stack.name}: no event source mapping for ${config.FunctionArn}`);
        const sourceStreamName = mapping.EventSourceArn!.split("/")[1]!;
        try {
          return `${stack.name}: ${await smoke({ handler, functionName, sourceStreamName, variables: config.Environment?.Variables ?? {} }, clients)}`;
        } catch (error) {
          const printed = [...(logs.get(functionName) ?? []), ...(logs.get(`runtime ${functionName}`) ?? [])];
          throw new Error(`${stack.name}: ${(error as Error).message}\n${functionName} printed:\n${printed.join("\n") || "(nothing)"}`);
        }
      });
      expect(results).toHaveLength(processors.length);
    } finally {
      await runtime.stop();
    }
  }, 600_000);

  test("a second plan of every stack is empty (no perpetual diff)", async () => {
    const plans = await mapLimit(target.stacks, 3, async (stack) => ({ stack: stack.name, ...(await planIsEmpty(stack)) }));
    const dirty = plans.filter((p) => !p.empty).map((p) => `${p.stack}:\n${p.output.split("\n").filter((l) => /^\s+[~+-]|must be replaced/.test(l)).join("\n")}`);
    expect(dirty).toEqual([]);
  }, 1_800_000);

  test("destroy removes every stack, and nothing the stacks created is left", async () => {
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
