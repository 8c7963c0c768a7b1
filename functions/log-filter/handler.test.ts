import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cloudWatchLogsClient, configureClients } from "../shared/clients";
import { kinesisEvent, kinesisRecord } from "../shared/testing/kinesis-events";
import { answerCalls } from "../shared/testing/answer-calls";

let handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>;

beforeAll(async () => {
  vi.stubEnv("LOG_GROUP_NAME", "/platform/f5-errors");
  vi.stubEnv("LOG_STREAM_NAME", "bigip");
  // Metrics on, under the function's name the stack sets: the second test reads them.
  vi.stubEnv("POWERTOOLS_SERVICE_NAME", "dev-f5-logs-filter");
  vi.stubEnv("POWERTOOLS_LOG_LEVEL", "ERROR");
  configureClients({ region: "eu-west-1", credentials: { accessKeyId: "l", secretAccessKey: "l" } });
  ({ handler } = await import("./handler"));
});

afterAll(() => {
  vi.unstubAllEnvs();
  configureClients();
});

describe("log-filter handler", () => {
  it("writes the kept and unparsed lines of a batch to the configured log group and stream", async () => {
    // Prepare
    const puts = answerCalls<any>(cloudWatchLogsClient(), "PutLogEventsCommand", () => ({}));
    const arrival = Date.now() / 1000;
    const event = kinesisEvent([
      kinesisRecord("<131>Jan 10 12:00:01 bigip1 err tmm[1]: 01010028:3: No members available\n<134>Jan 10 12:00:02 bigip1 info tmm[1]: fine", { approximateArrivalTimestamp: arrival }),
      kinesisRecord("???", { approximateArrivalTimestamp: arrival }),
    ]);

    // Act
    const response = await handler(event);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(puts.calls.map((c) => [c.logGroupName, c.logStreamName])).toEqual([["/platform/f5-errors", "bigip"]]);
    expect(puts.calls[0].logEvents.map((e: { message: string }) => JSON.parse(e.message).kind).sort()).toEqual(["log", "unparsed"]);
    puts.remove();
  });

  it("publishes its metrics under the function's name from POWERTOOLS_SERVICE_NAME, so two processors of one handler stay apart", async () => {
    // Prepare
    const puts = answerCalls<any>(cloudWatchLogsClient(), "PutLogEventsCommand", () => ({}));
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));

    // Act
    await handler(kinesisEvent([kinesisRecord("<131>Jan 10 12:00:01 bigip1 err tmm[1]: 01010028:3: No members available")]));
    write.mockRestore();
    puts.remove();

    // Assess
    const emf = written.flatMap((line) => line.split("\n")).filter((line) => line.includes("_aws")).map((line) => JSON.parse(line));
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({ service: "dev-f5-logs-filter", LinesKept: 1, _aws: { CloudWatchMetrics: [{ Namespace: "StreamingPlatform", Dimensions: [["service"]] }] } });
  });
});
