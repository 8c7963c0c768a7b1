import { Testing } from "cdktf";
import { describe, expect, test } from "vitest";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { loadEnvironment } from "../envs/load";
import { PlatformStack, readableLogicalId } from "./platform-stack";

const env = loadEnvironment("dev");

function synthStack(mode: "deploy" | "plan-only") {
  const stack = new PlatformStack(Testing.app(), { env, pipeline: "iops-events", component: "stream", mode });
  new SqsQueue(stack, "Queue", { name: "q" });
  return { stack, json: JSON.parse(Testing.synth(stack)) };
}

describe("PlatformStack", () => {
  test("is named <env>-<pipeline>-<component> and labels resources the same way", () => {
    const { stack } = synthStack("deploy");
    expect(stack.node.id).toBe("dev-iops-events-stream");
    expect(stack.label.id()).toBe("acme-dev-iops-events-stream");
  });

  test("deploy mode: S3 state per stack with the native lock file, and the environment's account only", () => {
    const { json } = synthStack("deploy");
    expect(json.terraform.backend).toEqual({
      s3: { bucket: "acme-dev-terraform-state", key: "streaming-platform/dev-iops-events-stream/terraform.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true },
    });
    expect(json.provider.aws[0]).toEqual({
      region: "eu-west-1",
      allowed_account_ids: ["111111111111"],
      default_tags: [
        {
          tags: {
            project: "streaming-platform",
            owner: "platform-team",
            environment: "dev",
            "cost-center": "platform-dev",
            pipeline: "iops-events",
            component: "stream",
            "managed-by": "cdktf",
          },
        },
      ],
    });
  });

  test("plan-only mode: placeholder credentials, skip flags and local state", () => {
    const { json } = synthStack("plan-only");
    expect(json.terraform.backend).toEqual({ local: { path: "terraform.tfstate" } });
    expect(json.provider.aws[0]).toMatchObject({
      access_key: "PLAN-ONLY-NOT-A-KEY",
      secret_key: "PLAN-ONLY-NOT-A-SECRET",
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: "true",
    });
    expect(json.provider.aws[0].allowed_account_ids).toBeUndefined();
  });

  test("gives resources readable addresses from their construct path", () => {
    const { json } = synthStack("plan-only");
    expect(Object.keys(json.resource.aws_sqs_queue)).toEqual(["queue"]);
    expect(readableLogicalId(["Stream", "EncryptionKey", "Resource"])).toBe("stream_encryption_key_resource");
    expect(readableLogicalId(["Processor", "DLQ-Policy"])).toBe("processor_dlq_policy");
  });
});
