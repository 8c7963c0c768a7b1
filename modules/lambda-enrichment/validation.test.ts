import { describe, expect, test } from "vitest";
import { KinesisIngest } from "../kinesis-ingest";
import { Label } from "../shared/label";
import { TEST_LOCATION, testStack } from "../shared/testing";
import { LambdaEnrichment, type LambdaEnrichmentProps } from "./lambda-enrichment";
import { testBundle } from "./testing";

const label = new Label({ namespace: "acme", environment: "dev", name: "iops", attributes: ["enricher"] });
const code = testBundle("enrichment");

function attempt(props: Partial<LambdaEnrichmentProps>): () => void {
  return () => {
    const stack = testStack();
    const stream = KinesisIngest.fromAttributes(stack, "Stream", { streamName: "acme-dev-iops", location: TEST_LOCATION });
    new LambdaEnrichment(stack, "Enricher", { label, code, stream, ...props });
  };
}

describe("LambdaEnrichment validation", () => {
  test("fails when the code's zip is missing, its hash is not a base64 SHA-256 or its handler has a space", () => {
    expect(attempt({ code: { ...code, zipPath: "/nowhere/code.zip" } })).toThrow(/^code.zipPath must be an existing zip file, got "\/nowhere\/code.zip"$/);
    expect(attempt({ code: { ...code, sourceCodeHash: "abc" } })).toThrow(/^code.sourceCodeHash must be the base64 SHA-256 of the zip \(44 characters ending in "="\), got "abc"$/);
    expect(attempt({ code: { ...code, handler: "index handler" } })).toThrow(/^code.handler must be 1 to 128 characters without spaces, such as "index.handler", got "index handler"$/);
  });
  test("fails when the zip is larger than Lambda's direct upload limit", () => {
    expect(attempt({ code: { ...code, zipSizeBytes: 52_428_801 } })).toThrow(/^code.zipPath must be a zip of at most 52428800 bytes to upload directly, got 52428801/);
  });
  test("fails when the runtime is not a supported Node.js runtime", () => {
    expect(attempt({ runtime: "nodejs18.x" as never })).toThrow(/runtime must be one of nodejs22.x, nodejs20.x, got nodejs18.x/);
  });
  test("fails when the architecture is unknown", () => {
    expect(attempt({ architecture: "arm32" as never })).toThrow(/architecture must be one of arm64, x86_64, got arm32/);
  });
  test("fails when memory is out of range", () => {
    expect(attempt({ memorySizeMb: 64 })).toThrow(/memorySizeMb must be a whole number between 128 and 10240 MB, got 64/);
    expect(attempt({ memorySizeMb: 10_241 })).toThrow(/memorySizeMb must be a whole number between 128 and 10240 MB, got 10241/);
  });
  test("fails when the timeout is out of range", () => {
    expect(attempt({ timeoutSeconds: 0 })).toThrow(/timeoutSeconds must be a whole number between 1 and 900 seconds, got 0/);
    expect(attempt({ timeoutSeconds: 901 })).toThrow(/timeoutSeconds must be a whole number between 1 and 900 seconds, got 901/);
  });
  test("fails when reserved concurrency is 0", () => {
    expect(attempt({ reservedConcurrentExecutions: 0 })).toThrow(/reservedConcurrentExecutions must be a whole number of at least 1 .*, got 0/);
  });
  test("fails when reserved concurrency is below the parallelization factor", () => {
    expect(attempt({ reservedConcurrentExecutions: 2, parallelizationFactor: 5 })).toThrow(
      /reservedConcurrentExecutions must be at least parallelizationFactor \(5\) .*, got 2/,
    );
  });
  test("fails when the log retention is not one CloudWatch accepts", () => {
    expect(attempt({ logRetentionDays: 10 })).toThrow(/logRetentionDays must be one of 0, 1, 3, 5, 7, 14, .*, got 10/);
  });
  test("fails when an environment key is malformed", () => {
    expect(attempt({ environment: { "1ABC": "x" } })).toThrow(/environment key must start with a letter .*, got "1ABC"/);
    expect(attempt({ environment: { A: "x" } })).toThrow(/environment key must start with a letter and contain at least 2 .*, got "A"/);
  });
  test("fails when an environment key is reserved by Lambda", () => {
    expect(attempt({ environment: { AWS_REGION: "eu-west-1" } })).toThrow(/environment key "AWS_REGION" is reserved by Lambda/);
  });
  test("fails when the environment exceeds 4 KB", () => {
    expect(attempt({ environment: { BIG: "x".repeat(4094) } })).toThrow(/environment must total at most 4096 bytes \(keys and values\), got 4097/);
  });
  test("fails when the environment sets a variable the module owns", () => {
    expect(attempt({ deadLetterStore: {}, environment: { DEAD_LETTER_QUEUE_URL: "x" } })).toThrow(
      /environment must not set "DEAD_LETTER_QUEUE_URL": the module sets it/,
    );
  });
  test("fails when the starting position is unknown", () => {
    expect(attempt({ startingPosition: "EARLIEST" as never })).toThrow(/startingPosition must be one of LATEST, TRIM_HORIZON, AT_TIMESTAMP, got EARLIEST/);
  });
  test("fails when AT_TIMESTAMP has no timestamp, or a timestamp comes without AT_TIMESTAMP", () => {
    expect(attempt({ startingPosition: "AT_TIMESTAMP" })).toThrow(/startingPositionTimestamp is required with, and only with, startingPosition AT_TIMESTAMP, got AT_TIMESTAMP and no timestamp/);
    expect(attempt({ startingPositionTimestamp: "2025-01-31T00:00:00Z" })).toThrow(/required with, and only with, .*got TRIM_HORIZON and 2025-01-31T00:00:00Z/);
  });
  test("fails when the timestamp is not RFC 3339", () => {
    expect(attempt({ startingPosition: "AT_TIMESTAMP", startingPositionTimestamp: "31/01/2025" })).toThrow(/startingPositionTimestamp must be an RFC 3339 time .*, got "31\/01\/2025"/);
  });
  test("fails when the batch size is out of range", () => {
    expect(attempt({ batchSize: 0 })).toThrow(/batchSize must be a whole number between 1 and 10000, got 0/);
    expect(attempt({ batchSize: 10_001 })).toThrow(/batchSize must be a whole number between 1 and 10000, got 10001/);
  });
  test("fails when the batching window is out of range", () => {
    expect(attempt({ maximumBatchingWindowSeconds: 301 })).toThrow(/maximumBatchingWindowSeconds must be a whole number between 0 and 300 seconds, got 301/);
  });
  test("fails when the parallelization factor is out of range", () => {
    expect(attempt({ parallelizationFactor: 11 })).toThrow(/parallelizationFactor must be a whole number between 1 and 10, got 11/);
  });
  test("fails when the tumbling window is out of range", () => {
    expect(attempt({ tumblingWindowSeconds: 901 })).toThrow(/tumblingWindowSeconds must be a whole number between 1 and 900 seconds, got 901/);
  });
  test("fails when retries are infinite without opting in", () => {
    expect(attempt({ maximumRetryAttempts: -1 })).toThrow(/maximumRetryAttempts -1 \(infinite\) blocks the shard .*set allowInfiniteRetries/);
  });
  test("fails when retries and record age are both infinite", () => {
    expect(attempt({ maximumRetryAttempts: -1, allowInfiniteRetries: true, maximumRecordAgeSeconds: -1 })).toThrow(
      /maximumRecordAgeSeconds must be bounded \(60 to 604800\) when maximumRetryAttempts is -1/,
    );
  });
  test("fails when retries are out of range", () => {
    expect(attempt({ maximumRetryAttempts: 10_001 })).toThrow(/maximumRetryAttempts must be a whole number between 0 and 10000, got 10001/);
    expect(attempt({ maximumRetryAttempts: -2 })).toThrow(/maximumRetryAttempts must be a whole number between 0 and 10000, got -2/);
  });
  test("fails when the record age is out of range", () => {
    expect(attempt({ maximumRecordAgeSeconds: 59 })).toThrow(/maximumRecordAgeSeconds must be a whole number between 60 and 604800 seconds \(or -1\), got 59/);
    expect(attempt({ maximumRecordAgeSeconds: 604_801 })).toThrow(/between 60 and 604800 seconds \(or -1\), got 604801/);
  });
  test("fails when there are more than 5 filter patterns", () => {
    expect(attempt({ filterPatterns: Array.from({ length: 6 }, (_, i) => ({ partitionKey: [`k${i}`] })) })).toThrow(
      /filterPatterns must hold at most 5 patterns \(Lambda's default quota\), got 6/,
    );
  });
  test("fails when a filter pattern matches a field Kinesis records do not have", () => {
    expect(attempt({ filterPatterns: [{ body: { a: [1] } }] })).toThrow(/filterPatterns\[0\] keys must be among data, partitionKey, .*, got "body"/);
  });
  test("fails when a filter pattern is empty or too long", () => {
    expect(attempt({ filterPatterns: [{}] })).toThrow(/filterPatterns\[0\] must match at least one field, got \{\}/);
    expect(attempt({ filterPatterns: [{ data: { x: ["y".repeat(4100)] } }] })).toThrow(/filterPatterns\[0\] must be at most 4096 characters as JSON, got 41\d\d/);
  });
  test("fails when the consumer is not declared on the stream", () => {
    expect(() => {
      const stack = testStack();
      const stream = new KinesisIngest(stack, "Stream", { label, location: TEST_LOCATION, consumers: ["other"] });
      new LambdaEnrichment(stack, "Enricher", { label, code, stream, consumerName: "enricher" });
    }).toThrow(/consumer "enricher" is not declared on stream acme-dev-iops-enricher; declared: other/);
  });
  test("fails when the output log group has a bad name or retention", () => {
    expect(attempt({ outputLogGroup: { logGroupName: "/f5 logs" } })).toThrow(/outputLogGroup.logGroupName must be 1 to 512 characters of .*, got "\/f5 logs"/);
    expect(attempt({ outputLogGroup: { retentionDays: 8 } })).toThrow(/outputLogGroup.retentionDays must be one of 0, 1, 3, .*, got 8/);
  });
});
