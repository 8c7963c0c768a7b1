import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadEnvironment } from "../../envs/load";
import { listEnvironments } from "../../envs/load";
import { type BaseStack, alignLocalGaps, retargetStackConfig } from "./base-state";

describe("a base revision's stack, retargeted at the local AWS API", () => {
  const env = loadEnvironment(listEnvironments()[0]!);
  const planOnly = {
    provider: {
      aws: [
        { region: env.region, access_key: "PLAN-ONLY-NOT-A-KEY", secret_key: "x", skip_credentials_validation: true, skip_requesting_account_id: true, default_tags: [{ tags: { a: "b" } }] },
        { alias: "billing", region: "us-east-1", access_key: "PLAN-ONLY-NOT-A-KEY", skip_requesting_account_id: true },
      ],
    },
    terraform: { backend: { local: { path: "terraform.tfstate" } }, required_providers: { aws: { version: "5.100.0" } } },
    resource: { aws_kinesis_stream: { s: { name: "n" } } },
  };

  test("every provider keeps its region, alias and tags and gets the local endpoints and credentials; resources are untouched", () => {
    const out = retargetStackConfig(planOnly, env, "the-stack", { LOCAL_AWS_PORT: "4999", LOCAL_STATE_DIR: "/state" });
    expect(out.provider.aws[0]).toMatchObject({ region: env.region, default_tags: [{ tags: { a: "b" } }], access_key: "test", secret_key: "test", s3_use_path_style: true, allowed_account_ids: [env.accountId] });
    expect(out.provider.aws[0].skip_requesting_account_id).toBeUndefined();
    expect(out.provider.aws[0].endpoints[0].kinesis).toBe("http://127.0.0.1:4999");
    expect(out.provider.aws[1]).toMatchObject({ alias: "billing", region: "us-east-1", access_key: "test" });
    expect(out.terraform.backend).toEqual({ local: { path: `/state/4999/${env.name}/the-stack.tfstate` } });
    expect(out.terraform.required_providers).toEqual(planOnly.terraform.required_providers);
    expect(out.resource).toEqual(planOnly.resource);
  });
});

describe("the working tree's resources the local AWS API cannot hold, against the base", () => {
  const metric = (filter: string) => ({ bucket: "b", name: "all", filter: [{ prefix: filter }] });
  const base: BaseStack = {
    name: "s",
    dir: "/unused",
    dependsOn: [],
    leftOut: { "aws_s3_bucket_metric.same": JSON.stringify(metric("a")), "aws_s3_bucket_metric.changed": JSON.stringify(metric("a")) },
  };

  test("declared as in the base: left out; changed or new: kept, and named", () => {
    const dir = mkdtempSync(join(tmpdir(), "align-"));
    try {
      const stream = { name: "n" };
      writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify({
        resource: {
          aws_kinesis_stream: { s: stream },
          aws_s3_bucket_metric: { same: metric("a"), changed: metric("b"), added: metric("c") },
        },
      }));
      expect(alignLocalGaps(dir, base)).toEqual(["aws_s3_bucket_metric.changed", "aws_s3_bucket_metric.added"]);
      expect(JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")).resource).toEqual({
        aws_kinesis_stream: { s: stream },
        aws_s3_bucket_metric: { changed: metric("b"), added: metric("c") },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a stack the base lacks keeps them all; an emptied type is removed", () => {
    const dir = mkdtempSync(join(tmpdir(), "align-"));
    try {
      writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify({ resource: { aws_s3_bucket_metric: { same: metric("a") } } }));
      expect(alignLocalGaps(dir, undefined)).toEqual(["aws_s3_bucket_metric.same"]);
      expect(alignLocalGaps(dir, base)).toEqual([]);
      expect(JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")).resource).toEqual({});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
