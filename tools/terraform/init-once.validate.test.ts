import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { REPO_ROOT, ensureCliConfig, terraformEnv } from "./cli-config";
import { initOnce, runTerraform } from "./run";

const env = terraformEnv(ensureCliConfig());

function stackDir(parent: string, name: string, queueName: string, providerVersion = "5.100.0"): string {
  const dir = join(parent, name);
  mkdirSync(dir);
  const config = {
    terraform: { required_providers: { aws: { source: "aws", version: providerVersion } }, backend: { local: { path: "terraform.tfstate" } } },
    provider: { aws: [{ region: "eu-west-1" }] },
    resource: { aws_sqs_queue: { queue: { name: queueName } } },
  };
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(config));
  return dir;
}

test("initializes once per provider and backend configuration; the other folders validate from a copy", async () => {
  mkdirSync(join(REPO_ROOT, "build", "test-stacks"), { recursive: true });
  const parent = mkdtempSync(join(REPO_ROOT, "build", "test-stacks", "init-once-"));
  const [first, second] = [stackDir(parent, "first", "a"), stackDir(parent, "second", "b")];
  const args = ["-backend=false", "-input=false", "-no-color"];

  const initFirst = await initOnce(args, first, env);
  const initSecond = await initOnce(args, second, env);

  expect(initFirst.code).toBe(0);
  expect(initFirst.stdout).toContain("Terraform has been successfully initialized");
  expect(initSecond).toEqual({ code: 0, stdout: `Initialized from ${first} (same providers and backend).\n`, stderr: "" });
  expect(existsSync(join(second, ".terraform.lock.hcl"))).toBe(true);
  const validate = await runTerraform(["validate", "-json", "-no-color"], second, env);
  expect(JSON.parse(validate.stdout)).toMatchObject({ valid: true, error_count: 0 });
});

test("a folder with another provider configuration runs its own init", async () => {
  const parent = mkdtempSync(join(REPO_ROOT, "build", "test-stacks", "init-once-"));
  const [first, other] = [stackDir(parent, "first", "a"), stackDir(parent, "other", "b", "5.99.0")];
  const args = ["-backend=false", "-input=false", "-no-color"];
  expect((await initOnce(args, first, env)).code).toBe(0);
  const initOther = await initOnce(args, other, env);
  // The mirror holds 5.100.0 only: its own init runs, and fails, with Terraform's own message.
  expect(initOther.code).not.toBe(0);
  expect(initOther.stderr).toMatch(/hashicorp\/aws/);
});
