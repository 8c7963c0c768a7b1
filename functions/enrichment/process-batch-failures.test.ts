import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failCalls, failPutRecordsEntries, serviceError } from "../shared/testing/faults";
import { kinesisEvent, kinesisRecord } from "../shared/testing/kinesis-events";
import { enrichBatch } from "./process-batch";
import { answerCalls } from "../shared/testing/answer-calls";
import { FIXTURE_TABLE as TABLE, startEnrichmentFixture } from "./test-support/enrichment-fixture";

let fixture: Awaited<ReturnType<typeof startEnrichmentFixture>>;
const setup = (...args: Parameters<typeof fixture.setup>) => fixture.setup(...args);
const noWait = async () => {};

beforeAll(async () => {
  fixture = await startEnrichmentFixture();
});

afterAll(async () => {
  await fixture?.close();
});

describe("enrichBatch under failures", () => {
  it("retries the records whose lookup stays throttled and writes nothing from them on", async () => {
    // Prepare
    const { deps, output, letters } = await setup();
    answerCalls(deps.dynamoDb, "BatchGetItemCommand", (input: any) => {
      const keys = input.RequestItems[TABLE].Keys as Array<{ customer_id: string }>;
      return {
        Responses: { [TABLE]: keys.filter((k) => k.customer_id !== "c-hot").map((k) => ({ ...k, name: "n" })) },
        UnprocessedKeys: { [TABLE]: { Keys: keys.filter((k) => k.customer_id === "c-hot") } },
      };
    });
    const records = [
      kinesisRecord({ customer_id: "c-1" }),
      kinesisRecord({ customer_id: "c-hot" }),
      kinesisRecord({ customer_id: "c-2" }),
      kinesisRecord("{not json"),
    ];

    // Act
    const { response } = await enrichBatch(kinesisEvent(records), deps);

    // Assess
    expect(response.batchItemFailures).toEqual(records.slice(1).map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })));
    expect((await output()).map((r) => r.customer_id)).toEqual(["c-1"]);
    expect(letters()).toEqual([]);
  });

  it("retries throttled output entries and writes each record exactly once", async () => {
    // Prepare
    const { deps, output } = await setup();
    failPutRecordsEntries(deps.kinesis, (entry, call) => (call <= 2 && entry.partitionKey !== "p-0" ? "ProvisionedThroughputExceededException" : undefined));
    const records = [0, 1, 2, 3].map((i) => kinesisRecord({ customer_id: "c-1", i }, { partitionKey: `p-${i}` }));

    // Act
    const { response } = await enrichBatch(kinesisEvent(records), deps);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect((await output()).map((r) => r.i).sort()).toEqual([0, 1, 2, 3]);
  });

  it("reports as batch item failures the records the output stream never accepted", async () => {
    // Prepare
    const { deps, output } = await setup();
    failPutRecordsEntries(deps.kinesis, (entry) => (entry.partitionKey === "p-1" ? "ProvisionedThroughputExceededException" : undefined));
    const records = [0, 1, 2].map((i) => kinesisRecord({ customer_id: "c-2", i }, { partitionKey: `p-${i}` }));

    // Act
    const { response } = await enrichBatch(kinesisEvent(records), { ...deps, putOptions: { sleep: noWait, maxAttempts: 3 } });

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[1]!.kinesis.sequenceNumber }]);
    expect((await output()).map((r) => r.i)).toEqual([0, 2]);
  });

  it("reports every record when the output stream refuses whole calls", async () => {
    // Prepare
    const { deps } = await setup();
    failCalls(deps.kinesis, "PutRecordsCommand", 100, () => serviceError("ProvisionedThroughputExceededException"));
    const records = [kinesisRecord({ customer_id: "c-1" }), kinesisRecord({ customer_id: "c-2" })];

    // Act
    const { response } = await enrichBatch(kinesisEvent(records), { ...deps, putOptions: { sleep: noWait, maxAttempts: 2 } });

    // Assess
    expect(response.batchItemFailures).toEqual(records.map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })));
  });

  it("reports a bad record as a batch item failure when the dead-letter queue refuses it", async () => {
    // Prepare
    const { deps, sqs, deadLetterCalls } = await setup();
    deadLetterCalls.remove();
    const sends = answerCalls(sqs, "SendMessageBatchCommand", (input: any) => ({
      Successful: [],
      Failed: input.Entries.map((e: { Id: string }) => ({ Id: e.Id, Code: "InternalError", SenderFault: false, Message: "try later" })),
    }));
    const records = [kinesisRecord({ customer_id: "c-1" }), kinesisRecord("{oops")];

    // Act
    const { response } = await enrichBatch(kinesisEvent(records), { ...deps, deadLetterOptions: { sleep: noWait, maxAttempts: 3 } });

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[1]!.kinesis.sequenceNumber }]);
    expect(sends.calls).toHaveLength(3);
  });
});
