import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { join } from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DescribeStreamSummaryCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REPO_ROOT, ensureCliConfig, terraformEnv } from "../../tools/terraform/cli-config";
import { runTerraform } from "../../tools/terraform/run";
import { Label } from "../shared/label";
import { TEST_LOCATION } from "../shared/testing";
import { KinesisIngest, type KinesisIngestProps } from "./kinesis-ingest";

/*
 * Applies the module with the real hashicorp/aws 5.100.0 provider against kinesis-mock (a Kinesis API
 * that knows stream modes) and switches ON_DEMAND -> PROVISIONED -> ON_DEMAND, checking that each
 * switch applies and that the next plan is empty: the shard count is not fought over.
 * The provider's own waiters make one apply take 30-60 s, so the test is opt-in:
 * `KINESIS_MODE_SWITCH=1 npx vitest run modules/kinesis-ingest/mode-switch.integration.test.ts`.
 */

let mock: ChildProcess;
let endpoint: string;
let dir: string;
const env = terraformEnv(ensureCliConfig());

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => resolve(socket.end() !== undefined)).on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`kinesis-mock did not listen on ${port}`);
}

function writeStack(props: Pick<KinesisIngestProps, "streamMode" | "shardCount">): void {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, "switch");
  new AwsProvider(stack, "aws", {
    region: TEST_LOCATION.region,
    accessKey: "test",
    secretKey: "test",
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: "true",
    maxRetries: 1,
    endpoints: [{ kinesis: endpoint }],
  });
  new KinesisIngest(stack, "Stream", {
    label: new Label({ namespace: "acme", environment: "test", name: "switch" }),
    location: TEST_LOCATION,
    ...props,
  });
  writeFileSync(join(dir, "cdk.tf.json"), Testing.synth(stack));
}

async function terraform(...args: string[]): Promise<{ code: number; output: string }> {
  const result = await runTerraform([...args, "-no-color", "-input=false"], dir, env);
  return { code: result.code, output: `${result.stdout}\n${result.stderr}` };
}

async function streamMode(): Promise<{ mode?: string; shards?: number }> {
  const client = new KinesisClient({
    endpoint,
    region: TEST_LOCATION.region,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    requestHandler: new NodeHttpHandler(),
  });
  const { StreamDescriptionSummary: summary } = await client.send(new DescribeStreamSummaryCommand({ StreamName: "acme-test-switch" }));
  return { mode: summary?.StreamModeDetails?.StreamMode, shards: summary?.OpenShardCount };
}

async function applyThenPlanIsEmpty(): Promise<void> {
  const apply = await terraform("apply", "-auto-approve");
  expect(apply.output).toContain("Apply complete!");
  const plan = await terraform("plan", "-detailed-exitcode");
  expect(plan.output).toContain("No changes.");
  expect(plan.code).toBe(0);
}

describe.runIf(process.env.KINESIS_MODE_SWITCH === "1")("stream mode switch with terraform apply", () => {
  beforeAll(async () => {
    const [plain, tls] = [await freePort(), await freePort()];
    mock = spawn(process.execPath, ["main.js"], {
      cwd: join(REPO_ROOT, "node_modules", "kinesis-local"),
      env: {
        ...process.env,
        KINESIS_MOCK_PLAIN_PORT: String(plain),
        KINESIS_MOCK_TLS_PORT: String(tls),
        AWS_REGION: TEST_LOCATION.region,
        LOG_LEVEL: "ERROR",
        CREATE_STREAM_DURATION: "0ms",
        UPDATE_STREAM_MODE_DURATION: "0ms",
        UPDATE_SHARD_COUNT_DURATION: "0ms",
        START_STREAM_ENCRYPTION_DURATION: "0ms",
        DELETE_STREAM_DURATION: "0ms",
      },
      stdio: "ignore",
    });
    endpoint = `http://127.0.0.1:${plain}`;
    await waitForPort(plain);
    const parent = join(REPO_ROOT, "build", "test-stacks");
    mkdirSync(parent, { recursive: true });
    dir = mkdtempSync(join(parent, "kinesis-mode-switch-"));
    writeStack({});
    const init = await terraform("init", "-backend=false");
    expect(init.code, init.output).toBe(0);
  });

  afterAll(() => {
    mock?.kill();
  });

  test("switching ON_DEMAND -> PROVISIONED -> ON_DEMAND applies, and every following plan is empty", async () => {
    await applyThenPlanIsEmpty();
    expect(await streamMode()).toMatchObject({ mode: "ON_DEMAND" });

    writeStack({ streamMode: "PROVISIONED", shardCount: 2 });
    await applyThenPlanIsEmpty();
    expect(await streamMode()).toEqual({ mode: "PROVISIONED", shards: 2 });

    writeStack({ streamMode: "ON_DEMAND" });
    await applyThenPlanIsEmpty();
    expect(await streamMode()).toMatchObject({ mode: "ON_DEMAND" });
  }, 600_000);
});
