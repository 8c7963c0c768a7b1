import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { kinesisEvent, kinesisRecord, kplAggregatedRecord } from "../shared/testing/kinesis-events";
import type { DeadLetterMessage } from "../shared/dead-letter";
import { acceptAllMessages, answerCalls } from "../shared/testing/answer-calls";
import type { FraudDetectorConfig } from "./config";
import { SEED_002_FIELD_MAPPING, type FieldMapping } from "./field-mapping";
import { detectFraud, type FraudDetectorDependencies } from "./process-batch";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:fraud-alerts";
const NOW = new Date("2026-01-10T12:00:00Z");
const noWait = async () => {};
const credentials = { accessKeyId: "l", secretAccessKey: "l" };

function tx(id: string, overrides: Record<string, unknown> = {}) {
  return { transaction_id: id, account_id: "acc-1", amount: 100, currency: "EUR", country: "FR", account_country: "FR", timestamp: "2026-01-10T12:00:00+01:00", ...overrides };
}

function acceptAllAlerts(input: any) {
  return { Successful: input.PublishBatchRequestEntries.map((e: { Id: string }, i: number) => ({ Id: e.Id, MessageId: `sns-${i}` })), Failed: [] };
}

function setup(options: { topicArn?: string; publish?: (input: any, call: number) => object | Error; config?: Partial<FraudDetectorConfig["rules"]>; fieldMapping?: FieldMapping } = {}) {
  const sns = new SNSClient({ region: "us-east-1", credentials });
  const sqs = new SQSClient({ region: "us-east-1", credentials });
  const publishes = answerCalls<any>(sns, "PublishBatchCommand", options.publish ?? acceptAllAlerts);
  const sends = answerCalls<any>(sqs, "SendMessageBatchCommand", acceptAllMessages);
  const config: FraudDetectorConfig = {
    alertTopicArn: options.topicArn ?? TOPIC,
    deadLetterQueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/fraud-dlq",
    rules: { amountThreshold: 50_000, nightStartHour: 23, nightEndHour: 5, ...options.config },
    fieldMapping: options.fieldMapping ?? {},
  };
  const deps: FraudDetectorDependencies = { config, sns, sqs, publishOptions: { sleep: noWait }, deadLetterOptions: { sleep: noWait }, now: () => NOW };
  const entries = () => publishes.calls.flatMap((c) => c.PublishBatchRequestEntries);
  const alerts = () => entries().map((e: { Message: string }) => JSON.parse(e.Message));
  const letters = () => sends.calls.flatMap((c) => c.Entries.map((e: { MessageBody: string }) => JSON.parse(e.MessageBody) as DeadLetterMessage));
  return { deps, publishes, sends, entries, alerts, letters };
}

describe("detectFraud", () => {
  it("publishes one alert per flagged transaction with all its reasons and a severity attribute", async () => {
    // Prepare
    const { deps, entries, alerts } = setup();
    const flagged = kinesisRecord(tx("t-big", { amount: 75_000, country: "US", timestamp: "2026-01-10T23:15:00-05:00" }));

    // Act
    const { response, summary } = await detectFraud(kinesisEvent([kinesisRecord(tx("t-ok")), flagged]), deps);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(alerts()).toEqual([
      {
        alert_id: "fraud-t-big",
        severity: "critical",
        reasons: [
          { rule: "amount_over_threshold", severity: "high", message: "amount 75000 EUR is over the threshold of 50000" },
          { rule: "foreign_country", severity: "medium", message: "transaction country US differs from the account's country FR" },
          { rule: "night_time", severity: "low", message: "local hour 23 is in the night window 23:00-05:59" },
        ],
        transaction: tx("t-big", { amount: 75_000, country: "US", timestamp: "2026-01-10T23:15:00-05:00" }),
        source: { sequenceNumber: flagged.kinesis.sequenceNumber, subSequenceNumber: 0 },
        detected_at: "2026-01-10T12:00:00.000Z",
      },
    ]);
    expect(entries()[0]).toMatchObject({
      Id: "a0",
      Subject: "Fraud alert (critical): transaction t-big",
      MessageAttributes: {
        severity: { DataType: "String", StringValue: "critical" },
        rules: { DataType: "String.Array", StringValue: '["amount_over_threshold","foreign_country","night_time"]' },
      },
    });
    expect(entries()[0]).not.toHaveProperty("MessageGroupId");
    expect(summary).toMatchObject({ transactions: 2, flagged: 1, alertsPublished: 1, invalid: 0 });
  });

  it.each([
    ["amount", { amount: 50_001 }, ["amount_over_threshold"], "high"],
    ["country", { country: "DE" }, ["foreign_country"], "medium"],
    ["night", { timestamp: "2026-01-10T03:00:00+01:00" }, ["night_time"], "low"],
  ])("flags the %s rule alone", async (_name, overrides, rules, severity) => {
    // Prepare
    const { deps, alerts } = setup();

    // Act
    await detectFraud(kinesisEvent([kinesisRecord(tx("t", overrides))]), deps);

    // Assess
    expect(alerts().map((a) => [a.reasons.map((r: { rule: string }) => r.rule), a.severity])).toEqual([[rules, severity]]);
  });

  it("publishes 10 alerts per PublishBatch call", async () => {
    // Prepare
    const { deps, publishes } = setup();
    const records = Array.from({ length: 23 }, (_, i) => kinesisRecord(tx(`t-${i}`, { country: "IT" })));

    // Act
    const { summary } = await detectFraud(kinesisEvent(records), deps);

    // Assess
    expect(publishes.calls.map((c) => c.PublishBatchRequestEntries.length)).toEqual([10, 10, 3]);
    expect(publishes.calls.every((c) => c.TopicArn === TOPIC)).toBe(true);
    expect(summary.alertsPublished).toBe(23);
  });

  it("sets the message group and a stable deduplication id on a FIFO topic", async () => {
    // Prepare
    const { deps, entries } = setup({ topicArn: "arn:aws:sns:us-east-1:123456789012:fraud-alerts.fifo" });

    // Act
    await detectFraud(kinesisEvent([kinesisRecord(tx("t-1", { country: "IT" }))]), deps);
    await detectFraud(kinesisEvent([kinesisRecord(tx("t-1", { country: "IT" }))]), deps);

    // Assess
    const [first, second] = entries();
    expect(first.MessageGroupId).toBe("acc-1");
    expect(first.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    expect(second.MessageDeduplicationId).toBe(first.MessageDeduplicationId);
  });

  it.each([
    ["not base64", kinesisRecord(null, { data: "@@@" }), "not_base64", /data is not valid base64/],
    ["not JSON", kinesisRecord("{oops"), "not_json", /JSON/],
    ["a negative amount", kinesisRecord(tx("t", { amount: -1 })), "invalid_transaction", /^amount: /],
    ["an amount as a string", kinesisRecord(tx("t", { amount: "100" })), "invalid_transaction", /^amount: .*expected number/],
    ["a lower-case country", kinesisRecord(tx("t", { country: "fr" })), "invalid_transaction", /^country: expected an ISO 3166-1 alpha-2 country code/],
    ["a timestamp without offset", kinesisRecord(tx("t", { timestamp: "2026-01-10T12:00:00" })), "invalid_transaction", /^timestamp: /],
    ["no account", kinesisRecord({ transaction_id: "t" }), "invalid_transaction", /account_id: .*; amount: /],
  ])("dead-letters a record with %s, with its data and reason, and does not retry it", async (_name, record, reason, detail) => {
    // Prepare
    const { deps, letters, publishes } = setup();

    // Act
    const { response } = await detectFraud(kinesisEvent([record]), deps);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const [letter] = letters();
    expect(letter?.reasons[0]?.rule).toBe(reason);
    expect(letter?.reasons[0]?.message).toMatch(detail);
    expect(letter?.data).toBe(record.kinesis.data === "@@@" ? Buffer.from("@@@").toString("base64") : record.kinesis.data);
    expect(publishes.calls).toEqual([]);
  });

  it("checks every user record of a KPL aggregate", async () => {
    // Prepare
    const { deps, alerts } = setup();

    // Act
    await detectFraud(kinesisEvent([kplAggregatedRecord([tx("t-0"), tx("t-1", { country: "ES" }), tx("t-2", { amount: 1e6 })])]), deps);

    // Assess
    expect(alerts().map((a) => [a.alert_id, a.source.subSequenceNumber])).toEqual([
      ["fraud-t-1", 1],
      ["fraud-t-2", 2],
    ]);
  });

  it("retries the entries SNS failed on its side", async () => {
    // Prepare
    const { deps, publishes } = setup({
      publish: (input, call) => ({
        Successful: [],
        Failed: call === 1 ? [{ Id: input.PublishBatchRequestEntries[0].Id, Code: "InternalError", SenderFault: false }] : [],
      }),
    });

    // Act
    const { response } = await detectFraud(kinesisEvent([kinesisRecord(tx("t-0", { country: "ES" })), kinesisRecord(tx("t-1", { country: "ES" }))]), deps);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(publishes.calls.map((c) => c.PublishBatchRequestEntries.map((e: { Id: string }) => e.Id))).toEqual([["a0", "a1"], ["a0"]]);
  });

  it("answers with exactly the records whose alerts SNS kept refusing, and dead-letters those it refused for good", async () => {
    // Prepare
    const { deps, letters } = setup({
      publish: (input) => ({
        Successful: [],
        Failed: input.PublishBatchRequestEntries.filter((e: { Message: string }) => !e.Message.includes('"t-ok"')).map((e: { Id: string; Message: string }) =>
          e.Message.includes('"t-bad"') ? { Id: e.Id, Code: "InvalidParameter", SenderFault: true, Message: "no" } : { Id: e.Id, Code: "Throttled", SenderFault: false },
        ),
      }),
    });
    const records = [kinesisRecord(tx("t-ok", { country: "ES" })), kinesisRecord(tx("t-slow", { country: "ES" })), kinesisRecord(tx("t-bad", { country: "ES" })), kinesisRecord(tx("t-clean"))];

    // Act
    const { response } = await detectFraud(kinesisEvent(records), { ...deps, publishOptions: { sleep: noWait, maxAttempts: 2 } });

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[1]!.kinesis.sequenceNumber }]);
    expect(letters().map((l) => [l.reasons[0]?.rule, l.reasons[0]?.message, l.data])).toEqual([["alert_rejected", "InvalidParameter: no", records[2]!.kinesis.data]]);
  });

  it("reports every flagged record when SNS refuses whole calls", async () => {
    // Prepare
    const { deps } = setup({ publish: () => Object.assign(new Error("slow"), { name: "Throttling", $metadata: { httpStatusCode: 400 } }) });
    const records = [kinesisRecord(tx("t-clean")), kinesisRecord(tx("t-1", { country: "ES" })), kinesisRecord(tx("t-2", { amount: 60_000 }))];

    // Act
    const { response } = await detectFraud(kinesisEvent(records), { ...deps, publishOptions: { sleep: noWait, maxAttempts: 2 } });

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[1]!.kinesis.sequenceNumber }, { itemIdentifier: records[2]!.kinesis.sequenceNumber }]);
  });

  it("answers an empty batch with no failures and no calls", async () => {
    // Prepare
    const { deps, publishes, sends } = setup();

    // Act
    const { response } = await detectFraud(kinesisEvent([]), deps);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect([publishes.calls, sends.calls]).toEqual([[], []]);
  });

  it("reads seed 002's producer records through the field mapping and names their fields when they are invalid", async () => {
    // Prepare
    const { deps, alerts, letters } = setup({ fieldMapping: SEED_002_FIELD_MAPPING });
    const seed = { txn_id: "t1", cliente_id: "c1", monto: 75_000, pais: "MX", pais_cuenta: "CO", hora: 23 };
    const record = kinesisRecord(seed);

    // Act
    const { response } = await detectFraud(kinesisEvent([record, kinesisRecord({ ...seed, txn_id: "t2", monto: "mucho", hora: 24 })]), deps);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(alerts()).toEqual([
      {
        alert_id: "fraud-t1",
        severity: "critical",
        reasons: [
          { rule: "amount_over_threshold", severity: "high", message: "amount 75000 is over the threshold of 50000" },
          { rule: "foreign_country", severity: "medium", message: "transaction country MX differs from the account's country CO" },
          { rule: "night_time", severity: "low", message: "local hour 23 is in the night window 23:00-05:59" },
        ],
        transaction: { transaction_id: "t1", account_id: "c1", amount: 75_000, country: "MX", account_country: "CO", hour: 23 },
        source: { sequenceNumber: record.kinesis.sequenceNumber, subSequenceNumber: 0 },
        detected_at: "2026-01-10T12:00:00.000Z",
      },
    ]);
    expect(letters().map((l) => [l.reasons[0]?.rule, l.reasons[0]?.message])).toEqual([
      ["invalid_transaction", "monto (amount): Invalid input: expected number, received string; hora (hour): Too big: expected number to be <=23"],
    ]);
  });

  it("refuses a mapped record with neither timestamp nor hour", async () => {
    // Prepare
    const { deps, letters } = setup({ fieldMapping: SEED_002_FIELD_MAPPING });

    // Act
    await detectFraud(kinesisEvent([kinesisRecord({ txn_id: "t1", cliente_id: "c1", monto: 10, pais: "MX", pais_cuenta: "MX" })]), deps);

    // Assess
    expect(letters().map((l) => l.reasons[0]?.message)).toEqual(["timestamp: expected a timestamp with its UTC offset or a local hour, found neither"]);
  });
});
