import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { listEnvironments, loadEnvironment } from "../../envs/load";
import { destroyTarget } from "./deploy";
import { disposable, retainedResources } from "./disposable";
import type { SynthesizedTarget } from "./target";

const root = mkdtempSync(join(tmpdir(), "disposable-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function stackDir(name: string, resource: Record<string, unknown>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify({ resource }));
  return dir;
}

const archive = () => ({
  aws_s3_bucket: { bucket_resource: { bucket: "b", force_destroy: false, lifecycle: { prevent_destroy: true } } },
  aws_kms_key: { bucket_key: { lifecycle: { prevent_destroy: true, ignore_changes: ["policy"] } } },
  aws_sqs_queue: { q: { name: "q" } },
  aws_dynamodb_table: { t: { name: "t", deletion_protection_enabled: true } },
});

describe("resources kept on destroy", () => {
  test("retainedResources names every prevent_destroy resource by address", () => {
    expect(retainedResources(stackDir("retained", archive()))).toEqual([
      "aws_s3_bucket.bucket_resource (prevent_destroy)",
      "aws_kms_key.bucket_key (prevent_destroy)",
      "aws_dynamodb_table.t (deletion protection)",
    ]);
  });

  test("the local target's stacks lose prevent_destroy (other lifecycle settings stay) and deletion protection, and their buckets are force_destroy", () => {
    const config = disposable({ resource: archive() });
    const dir = stackDir("local", config.resource);
    expect(config.resource).toEqual({
      aws_s3_bucket: { bucket_resource: { bucket: "b", force_destroy: true } },
      aws_kms_key: { bucket_key: { lifecycle: { ignore_changes: ["policy"] } } },
      aws_sqs_queue: { q: { name: "q" } },
      aws_dynamodb_table: { t: { name: "t", deletion_protection_enabled: false } },
    });
    expect(retainedResources(dir)).toEqual([]);
  });

  test("destroy on real AWS refuses before touching any stack, naming each kept resource and what to do", async () => {
    const env = loadEnvironment(listEnvironments()[0]!);
    const stack = (name: string, resource: Record<string, unknown>) => ({ name, pipeline: "p", component: "c", dir: stackDir(name, resource), env: {} }) as never;
    const target = { env, mode: "deploy", stacks: [stack("x-stream", { aws_sqs_queue: { q: {} } }), stack("x-archive", archive())], skipped: [] } as unknown as SynthesizedTarget;
    await expect(destroyTarget(target, undefined, () => {})).rejects.toThrow(
      "Refusing to destroy: these resources keep their data (archives' retainOnDelete and tables' deletionProtection, true by default):\n" +
        "  x-archive: aws_s3_bucket.bucket_resource (prevent_destroy)\n  x-archive: aws_kms_key.bucket_key (prevent_destroy)\n  x-archive: aws_dynamodb_table.t (deletion protection)\n" +
        `To delete them with the stacks, set retainOnDelete: false (archive) or deletionProtection: false (tables) on the component in envs/${env.name}.yaml and run make deploy ENV=${env.name} first`,
    );
    await expect(destroyTarget(target, "x-archive", () => {})).rejects.toThrow(/x-archive: aws_s3_bucket\.bucket_resource \(prevent_destroy\)/);
  });
});
