import { KinesisClient } from "@aws-sdk/client-kinesis";
import { SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { acceptAllMessages, answerCalls } from "../shared/testing/answer-calls";
import { kinesisEvent, kinesisRecord, kplAggregatedRecord } from "../shared/testing/kinesis-events";
import { loadConfig } from "./config";
import { validateBatch } from "./process-batch";

const CLICK_SCHEMA = {
  type: "object",
  required: ["user_id", "page", "at"],
  additionalProperties: false,
  properties: {
    user_id: { type: "string", minLength: 1 },
    page: { type: "string", pattern: "^/" },
    at: { type: "string", format: "date-time" },
    duration_ms: { type: "integer", minimum: 0 },
  },
};

const QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/111111111111/dead-letters";

type PutAnswer = (input: any) => unknown;
const acceptAllPuts: PutAnswer = (input) => ({
  FailedRecordCount: 0,
  Records: input.Records.map((_: unknown, i: number) => ({ SequenceNumber: `${i}`, ShardId: "shardId-000000000000" })),
});

function setup(answerPut: PutAnswer = acceptAllPuts) {
  const config = loadConfig({ RECORD_SCHEMA: JSON.stringify(CLICK_SCHEMA), OUTPUT_STREAM_NAME: "valid-clicks", DEAD_LETTER_QUEUE_URL: QUEUE_URL });
  const client = { region: "eu-west-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } };
  const kinesis = new KinesisClient(client);
  const sqs = new SQSClient(client);
  const puts = answerCalls<any>(kinesis, "PutRecordsCommand", answerPut as (input: any) => any);
  const letters = answerCalls<any>(sqs, "SendMessageBatchCommand", acceptAllMessages);
  return { deps: { config, kinesis, sqs, putOptions: { sleep: async () => {} }, deadLetterOptions: { sleep: async () => {}, producer: "test" } }, puts, letters, kinesis, sqs };
}

const valid = { user_id: "u-1", page: "/home", at: "2024-11-06T12:00:00Z", duration_ms: 120 };

describe("validateBatch", () => {
  it("writes valid records to the output stream byte for byte, with their partition key", async () => {
    // Prepare
    const { deps, puts, letters } = setup();
    const record = kinesisRecord(valid, { partitionKey: "u-1" });

    // Act
    const { response, summary } = await validateBatch(kinesisEvent([record]), deps);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(puts.calls).toHaveLength(1);
    expect(puts.calls[0].StreamName).toBe("valid-clicks");
    expect(puts.calls[0].Records.map((r: any) => [r.PartitionKey, Buffer.from(r.Data).toString()])).toEqual([["u-1", JSON.stringify(valid)]]);
    expect(letters.calls).toHaveLength(0);
    expect(summary).toMatchObject({ records: 1, valid: 1, invalid: 0, deadLettered: 0, retried: 0 });
  });

  it("dead-letters invalid records with their data and every reason, and writes the valid ones", async () => {
    // Prepare
    const { deps, puts, letters } = setup();
    const bad = { page: "home", at: "yesterday", duration_ms: -1, extra: true };

    // Act
    const { response, summary } = await validateBatch(kinesisEvent([kinesisRecord(bad), kinesisRecord(valid), kinesisRecord(["not an object"])]), deps);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(puts.calls[0].Records).toHaveLength(1);
    const bodies = letters.calls.flatMap((call) => call.Entries.map((e: any) => JSON.parse(e.MessageBody)));
    expect(bodies).toHaveLength(2);
    expect(Buffer.from(bodies[0].data, "base64").toString()).toBe(JSON.stringify(bad));
    expect(bodies[0].reasons).toEqual([
      { rule: "json-schema", severity: "error", path: "user_id", message: "expected a value, found none" },
      { rule: "json-schema", severity: "error", path: "page", message: 'expected a string matching ^/, found "home"' },
      { rule: "json-schema", severity: "error", path: "at", message: 'expected a date-time string, found "yesterday"' },
      { rule: "json-schema", severity: "error", path: "duration_ms", message: "expected at least 0, found -1" },
      { rule: "json-schema", severity: "error", path: "extra", message: "unexpected property" },
    ]);
    expect(bodies[1].reasons).toEqual([{ rule: "json-schema", severity: "error", path: "", message: "expected object, found array" }]);
    expect(summary).toMatchObject({ records: 3, valid: 1, invalid: 2, deadLettered: 2, retried: 0 });
  });

  it("validates each record of a KPL aggregate on its own", async () => {
    const { deps, puts, letters } = setup();
    const { summary } = await validateBatch(kinesisEvent([kplAggregatedRecord([valid, { ...valid, page: "nope" }])]), deps);
    expect(puts.calls[0].Records).toHaveLength(1);
    expect(letters.calls[0].Entries).toHaveLength(1);
    expect(summary).toMatchObject({ valid: 1, invalid: 1, deadLettered: 1 });
  });

  it("reports the first record whose write a retry can fix, and every record after it", async () => {
    // Prepare
    const { deps } = setup((input) => ({
      FailedRecordCount: 1,
      Records: input.Records.map((_: unknown, i: number) => (i === 0 ? { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "slow down" } : { SequenceNumber: `${i}`, ShardId: "shardId-000000000000" })),
    }));
    const event = kinesisEvent([kinesisRecord(valid), kinesisRecord(valid)]);

    // Act
    const { response } = await validateBatch(event, { ...deps, putOptions: { maxAttempts: 1, sleep: async () => {} } });

    // Assess
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(event.Records.map((r) => r.kinesis.sequenceNumber));
  });
});

describe("loadConfig", () => {
  it("fails when the schema uses a keyword the validator does not apply", () => {
    expect(() => loadConfig({ RECORD_SCHEMA: JSON.stringify({ oneOf: [] }), OUTPUT_STREAM_NAME: "s", DEAD_LETTER_QUEUE_URL: QUEUE_URL })).toThrow(
      /RECORD_SCHEMA: expected a JSON Schema using only the supported keywords/,
    );
  });
});
