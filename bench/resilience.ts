import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { KinesisStreamEvent, KinesisStreamRecord } from "aws-lambda";
import { filterLogBatch } from "../functions/log-filter/process-batch";
import { batchesOf, deadLetteredData, hostileInputs, userRecordsOf } from "../functions/shared/testing/hostile-inputs";
import { InMemoryAws } from "../functions/shared/testing/in-memory-aws";
import { iopsSample } from "../functions/shared/testing/iops-events";
import { loadConfig } from "../functions/stream-processor/config";
import { processBatch } from "../functions/stream-processor/processor";
import type { ConsumerInvoker } from "../tools/stream/consumer-invoker";
import { replay } from "../tools/stream/replay";
import type { BenchFigure } from "./stream-processor";

const client = (aws: InMemoryAws) => ({ requestHandler: aws as never, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, maxAttempts: 1 });
const quiet = () => {};

function streamProcessor(aws: InMemoryAws) {
  const deps = {
    config: loadConfig({ EVENTS_TABLE_NAME: "events", MALFORMED_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:m", DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/dlq" }),
    dynamo: new DynamoDBClient(client(aws)),
    sqs: new SQSClient(client(aws)),
    sns: new SNSClient(client(aws)),
    telemetry: { info: quiet, warn: quiet, error: quiet, count: quiet },
    sleep: async () => {},
    now: Date.now,
  };
  return (event: KinesisStreamEvent) => processBatch(event, deps);
}

/** User records a stream-processor run kept: written items and dead letters holding the same bytes. */
function keptByStreamProcessor(aws: InMemoryAws, records: KinesisStreamRecord[]): Set<string> {
  const written = new Set(aws.callsOf("BatchWriteItem").flatMap((c) => c.input.RequestItems.events.map((r: any) => `${r.PutRequest.Item.sequence_number.S}/${r.PutRequest.Item.sub_sequence_number.N}`)));
  const dead = deadLetteredData(aws.callsOf("SendMessageBatch").flatMap((c) => c.input.Entries.map((e: any) => e.MessageBody)));
  const kept = new Set<string>();
  for (const record of records) for (const user of userRecordsOf(record)) if (written.has(user.id) || dead.get(user.id)?.equals(user.data)) kept.add(user.id);
  return kept;
}

/**
 * Drives a handler like an event source mapping through a dependency outage longer than every
 * retry: while `down`, the failed records are retried `retries` times, then given up on into the
 * on-failure store (the whole invocation, as Lambda writes it to S3); once the dependency is back,
 * the operator CLI's `replay` hands the stored records back to the same function. Returns the user
 * records lost.
 */
async function drill(run: (event: KinesisStreamEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>, aws: InMemoryAws, records: KinesisStreamRecord[], breakIt: () => void, kept: (aws: InMemoryAws, records: KinesisStreamRecord[]) => Set<string>): Promise<number> {
  const onFailureStore: KinesisStreamRecord[][] = [];
  const keptIds = new Set<string>();
  aws.reset();
  breakIt();
  let pending = records;
  for (let attempt = 0; attempt <= 3 && pending.length > 0; attempt++) {
    const { batchItemFailures } = await run({ Records: pending });
    for (const id of kept(aws, pending)) keptIds.add(id);
    const first = batchItemFailures.length > 0 ? pending.findIndex((r) => batchItemFailures.some((f) => f.itemIdentifier === r.kinesis.sequenceNumber)) : -1;
    pending = first < 0 ? [] : pending.slice(first);
  }
  if (pending.length > 0) onFailureStore.push(pending);
  aws.reset();
  const invoker: ConsumerInvoker = {
    async invoke(_, event) {
      const handed = event.Records as KinesisStreamRecord[];
      const { batchItemFailures } = await run({ Records: handed });
      for (const id of kept(aws, handed)) keptIds.add(id);
      return { ok: true, failed: batchItemFailures.map((f) => f.itemIdentifier) };
    },
  };
  const stored = onFailureStore.map((batch, i) => ({
    label: `object ${i}`,
    text: JSON.stringify({
      requestContext: { functionArn: "arn:aws:lambda:us-east-1:123456789012:function:drill", condition: "RetryAttemptsExhausted" },
      version: "1.0",
      KinesisBatchInfo: { shardId: "shardId-000000000000", startSequenceNumber: batch[0]!.kinesis.sequenceNumber, endSequenceNumber: batch.at(-1)!.kinesis.sequenceNumber, batchSize: batch.length, streamArn: batch[0]!.eventSourceARN },
      payload: JSON.stringify({ Records: batch }),
    }),
  }));
  await replay(undefined, stored, { mode: "invoke", invoker });
  return records.flatMap(userRecordsOf).filter((u) => !keptIds.has(u.id)).length;
}

/** Hostile inputs and outage drills, in memory: how many were tried and how many records were lost (must be 0). */
export async function benchResilience(): Promise<Record<string, BenchFigure>> {
  let inputs = 0;
  let outages = 0;
  let lost = 0;
  const aws = new InMemoryAws();
  const run = streamProcessor(aws);
  const hostile = hostileInputs((i) => iopsSample({ event_id: `bench-${i}` }));
  for (const batch of batchesOf(hostile.map((h) => h.record), 20)) {
    aws.reset();
    const { batchItemFailures } = await run({ Records: batch });
    const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
    const kept = keptByStreamProcessor(aws, batch);
    inputs += batch.length;
    lost += batch.filter((r) => !failed.has(r.kinesis.sequenceNumber)).flatMap(userRecordsOf).filter((u) => !kept.has(u.id)).length;
  }
  const drillRecords = hostile.map((h) => h.record).slice(0, 40);
  const unavailable = { error: { name: "ServiceUnavailable", message: "outage drill", status: 503 } };
  for (const operation of ["BatchWriteItem", "SendMessageBatch"]) {
    outages++;
    lost += await drill(run, aws, drillRecords, () => aws.on(operation, () => unavailable), keptByStreamProcessor);
  }
  // log-filter: the log group is gone (every PutLogEvents and CreateLogStream refused) for longer than every retry.
  outages++;
  const logs = new CloudWatchLogsClient(client(aws));
  const logRun = async (event: KinesisStreamEvent) => (await filterLogBatch(event, { config: { logGroupName: "/drill", logStreamName: "s" }, logs, writeOptions: { sleep: async () => {} } })).response;
  const logLines = hostileInputs((i) => ({ level: "error", message: `drill ${i}` })).map((h) => h.record).slice(0, 40);
  const logKept = (a: InMemoryAws, records: KinesisStreamRecord[]) => {
    const seen = new Set(a.callsOf("PutLogEvents").flatMap((c) => c.input.logEvents.map((e: any) => { const s = JSON.parse(e.message).source; return `${s.sequenceNumber}/${s.subSequenceNumber}`; })));
    return new Set(records.flatMap(userRecordsOf).map((u) => u.id).filter((id) => seen.has(id)));
  };
  const gone = { error: { name: "ResourceNotFoundException", message: "log group does not exist", status: 400 } };
  lost += await drill(logRun, aws, logLines, () => aws.on("PutLogEvents", () => gone).on("CreateLogStream", () => gone), logKept);
  const figure = (value: number, unit: string): BenchFigure => ({ value, unit, floor: 0, ratio: 0 });
  return { resilience_inputs_tried: figure(inputs, "records"), resilience_outages_tried: figure(outages, "outages"), resilience_records_lost: figure(lost, "records") };
}
