import { GetRecordsCommand, GetShardIteratorCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { describe, expect, it } from "vitest";
import type { RoleClients } from "./clients";
import type { LocalFunction } from "./function-process";
import { ShardConsumer, type StreamBatchSettings } from "./shard-consumer";

const SETTINGS: StreamBatchSettings = {
  batchSize: 100,
  maximumBatchingWindowMs: 0,
  startingPosition: "TRIM_HORIZON",
  bisectBatchOnFunctionError: false,
  maximumRetryAttempts: 0,
  maximumRecordAgeSeconds: -1,
  reportBatchItemFailures: false,
};
const SOURCE = { streamArn: "arn:aws:kinesis:eu-west-1:111122223333:stream/s", shardId: "shardId-000000000000", region: "eu-west-1", roleArn: "arn:aws:iam::111122223333:role/r" };

function serviceError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} from Kinesis`), { name, $metadata: { httpStatusCode: status } });
}

/**
 * A closed shard of two records behind a Kinesis client that answers each command with the next
 * of its `failures` first (`undefined`: no failure).
 */
function closedShard(failures: Partial<Record<"GetShardIterator" | "GetRecords", (Error | undefined)[]>>) {
  const calls: string[] = [];
  const send = async (command: unknown) => {
    const name = command instanceof GetShardIteratorCommand ? "GetShardIterator" : command instanceof GetRecordsCommand ? "GetRecords" : "other";
    calls.push(name);
    const failure = failures[name as keyof typeof failures]?.shift();
    if (failure) throw failure;
    if (name === "GetShardIterator") return { ShardIterator: "iterator-0" };
    return {
      Records: ["1", "2"].map((n) => ({ SequenceNumber: n, PartitionKey: "k", Data: Buffer.from(`record ${n}`), ApproximateArrivalTimestamp: new Date() })),
      NextShardIterator: undefined,
    };
  };
  const clients = { kinesis: { send } as unknown as KinesisClient } as RoleClients;
  return { clients, calls };
}

function recordingFunction() {
  const invoked: string[][] = [];
  const fn: LocalFunction = {
    functionName: "f",
    invoke: async (event) => {
      invoked.push((event as { Records: { kinesis: { sequenceNumber: string } }[] }).Records.map((r) => r.kinesis.sequenceNumber));
      return { ok: true, requestId: "r", payload: null };
    },
  };
  return { fn, invoked };
}

function consume(clients: RoleClients, fn: LocalFunction, log: string[]) {
  return new ShardConsumer({ settings: SETTINGS, source: SOURCE, mappingUuid: "m", functionArn: "arn:aws:lambda:eu-west-1:111122223333:function:f", fn, clients, sqsEndpoint: "http://127.0.0.1:1", log: (m) => log.push(m) });
}

describe("ShardConsumer", () => {
  it("keeps reading after a GetShardIterator throttle and a GetRecords 5xx, and delivers every record", async () => {
    const { clients, calls } = closedShard({ GetShardIterator: [serviceError("LimitExceededException", 429)], GetRecords: [serviceError("InternalFailure", 500)] });
    const { fn, invoked } = recordingFunction();
    const log: string[] = [];
    await consume(clients, fn, log).done;
    expect(calls).toEqual(["GetShardIterator", "GetShardIterator", "GetRecords", "GetRecords"]);
    expect(invoked).toEqual([["1", "2"]]);
    expect(log).toEqual([
      "shard shardId-000000000000: LimitExceededException: LimitExceededException from Kinesis (attempt 1; asked again in 1 s)",
      "shard shardId-000000000000: InternalFailure: InternalFailure from Kinesis (attempt 1; read again in 1 s)",
    ]);
  });

  it("stops the shard, logged, on a GetRecords failure a retry cannot fix", async () => {
    const { clients, calls } = closedShard({ GetRecords: [serviceError("AccessDeniedException", 400)] });
    const { fn, invoked } = recordingFunction();
    const log: string[] = [];
    await consume(clients, fn, log).done;
    expect([calls, invoked]).toEqual([["GetShardIterator", "GetRecords"], []]);
    expect(log).toEqual([
      "shard shardId-000000000000: AccessDeniedException: AccessDeniedException from Kinesis (not read again: a retry cannot fix it)",
      "shard shardId-000000000000 stopped: Error: GetRecords failed for a reason a retry cannot fix (logged above)",
    ]);
  });
});
