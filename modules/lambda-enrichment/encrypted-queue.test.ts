import { describe, expect, test } from "vitest";
import { Label } from "../shared/label";
import { synth, testStack } from "../shared/testing";
import { EncryptedQueue } from "./encrypted-queue";

const label = new Label({ namespace: "acme", environment: "dev", name: "iops", attributes: ["dlq"] });

describe("EncryptedQueue", () => {
  test("a shorter retention when asked", () => {
    const stack = testStack();
    const queue = new EncryptedQueue(stack, "Queue", { label, messageRetentionSeconds: 345_600, tags: { team: "data" } });
    expect(synth(stack).only("aws_sqs_queue")).toEqual({
      name: "acme-dev-iops-dlq",
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 345_600,
      tags: { team: "data" },
    });
    expect(queue.queueName).toBe("acme-dev-iops-dlq");
  });

  test("fails when the retention is outside what SQS accepts", () => {
    expect(() => new EncryptedQueue(testStack(), "Queue", { label, messageRetentionSeconds: 59 })).toThrow(
      /messageRetentionSeconds must be a whole number between 60 and 1209600, got 59/,
    );
    expect(() => new EncryptedQueue(testStack(), "Queue", { label, messageRetentionSeconds: 1_209_601 })).toThrow(/got 1209601/);
  });
});
