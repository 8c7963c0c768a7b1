import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { packPackage, packageManifest } from "../tools/package/build";
import { ensureCliConfig, terraformEnv } from "../tools/terraform/cli-config";
import { type MotoServer, startMoto } from "../tools/local/runtime/testing";
import { removeLocalGaps } from "../tools/deploy/local-gaps";

/**
 * Another team's use of the modules: `npm pack`, the tarball installed into a new CDKTF app in a
 * temporary folder outside the repository (peers from the registry, through the npm cache), a
 * stack with kinesis-ingest, firehose-s3, lambda-enrichment running the team's own one-file
 * handler, and alarms; type-checked as NodeNext, synthesized, `terraform validate`d and applied to
 * a local AWS (moto).
 */
const REPO = resolve(import.meta.dirname, "..");
const APP_SOURCE = join(REPO, "test", "consumer-app");
/** The versions the repository pins: the lower bound of each peer range is what this test installs. */
const rootManifest = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
const pinned = (name: string) => `${name}@${rootManifest.dependencies[name] ?? rootManifest.devDependencies[name]}`;

let dir: string;
let moto: MotoServer;

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, args, { cwd: dir, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
  return result.stdout;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "streaming-modules-consumer-"));
  const tarball = packPackage(join(dir, "pack"));
  copyFileSync(tarball, join(dir, basename(tarball)));
  rmSync(join(dir, "pack"), { recursive: true });
  for (const file of readdirSync(APP_SOURCE)) copyFileSync(join(APP_SOURCE, file), join(dir, file));
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "consumer-app", private: true, type: "module" }, null, 2)}\n`);
  run("npm", [
    "install", "--no-audit", "--no-fund", "--prefer-offline", "--no-package-lock",
    `./${basename(tarball)}`,
    pinned("cdktf"), pinned("constructs"), pinned("@cdktf/provider-aws"), pinned("esbuild"), pinned("typescript"), pinned("@types/node"),
  ]);
  moto = await startMoto("123456789012");
}, 600_000);

afterAll(async () => {
  await moto?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the installed package has no path back into the repository and ships no tests or sources", () => {
  const installed = join(dir, "node_modules", ...packageManifest().name.split("/"));
  const files = spawnSync("find", [installed, "-type", "f"], { encoding: "utf8" }).stdout.trim().split("\n");
  expect(files.filter((file) => /\.test\.|\/testing\.|\.ts$/.test(file) && !file.endsWith(".d.ts"))).toEqual([]);
  expect(spawnSync("grep", ["-rl", REPO, join(dir, "node_modules"), join(dir, "main.ts")], { encoding: "utf8" }).stdout).toBe("");
  expect(Object.keys(JSON.parse(readFileSync(join(installed, "package.json"), "utf8")).exports)).toContain("./kinesis-ingest");
});

test("a consumer app type-checks (NodeNext), synthesizes, validates and deploys to the local AWS", async () => {
  run(process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "."]);
  const synthEnv = { ...process.env, CONSUMER_AWS_ENDPOINT: moto.endpoint };
  run(process.execPath, ["dist/main.js"], synthEnv);
  const stackDir = join(dir, "cdktf.out", "stacks", "consumer");
  const config = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
  const fn = Object.values(config.resource.aws_lambda_function as Record<string, { handler: string; filename: string; source_code_hash: string }>)[0]!;
  expect(fn.handler).toBe("index.handler");
  expect(existsSync(join(stackDir, fn.filename))).toBe(true);
  expect(Object.keys(config.resource).sort()).toEqual(
    expect.arrayContaining(["aws_kinesis_stream", "aws_kinesis_firehose_delivery_stream", "aws_lambda_function", "aws_lambda_event_source_mapping", "aws_cloudwatch_metric_alarm", "aws_iam_policy", "aws_s3_bucket"]),
  );

  // moto lacks S3 request metrics: the local deploy leaves them out, as the platform's local target does.
  removeLocalGaps(stackDir);
  const env = terraformEnv(ensureCliConfig(REPO), { ...process.env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" });
  const tf = (...args: string[]) => {
    const result = spawnSync("terraform", args, { cwd: stackDir, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return { code: result.status, output: `${result.stdout}\n${result.stderr}` };
  };
  const init = tf("init", "-input=false", "-no-color");
  expect(init.code, init.output).toBe(0);
  const validate = tf("validate", "-no-color");
  expect(validate.code, validate.output).toBe(0);
  const apply = tf("apply", "-auto-approve", "-input=false", "-no-color");
  expect(apply.code, apply.output).toBe(0);
  const streams = await fetch(`${moto.endpoint}/`, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "Kinesis_20131202.ListStreams", authorization: "AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/kinesis/aws4_request" },
    body: "{}",
  });
  expect(((await streams.json()) as { StreamNames: string[] }).StreamNames).toContain("team-test-clicks");
}, 600_000);
