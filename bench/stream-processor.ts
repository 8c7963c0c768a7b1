import type { KinesisStreamEvent } from "aws-lambda";
import { classifyRecords } from "../functions/stream-processor/classify";
import { loadConfig } from "../functions/stream-processor/config";
import { processBatch, type ProcessorDeps } from "../functions/stream-processor/processor";
import { configureClients, dynamoDbClient, snsClient, sqsClient } from "../functions/shared/clients";
import { InMemoryAws } from "../functions/shared/testing/in-memory-aws";
import { kinesisEvent, kinesisRecord } from "../functions/shared/testing/kinesis-events";
import { peerStreamProcessor } from "./peer/stream-processor";

/** One benchmark figure: `ratio` is `value / floor`. */
export interface BenchFigure {
  value: number;
  unit: string;
  floor: number;
  ratio: number;
}

const MIN_RECORDS_PER_RUN = 20_000;
const RUNS = 5;

/** About 400 bytes of JSON: an IOPS sample as array controllers send it; 1 in 100 is malformed. */
function iopsEvents(count: number): KinesisStreamEvent {
  const now = Date.now();
  return kinesisEvent(
    Array.from({ length: count }, (_, i) => {
      const event = {
        event_type: i % 10 === 0 ? "latency_spike" : "iops_sample",
        event_id: `evt-${i}-3f9a1c2e-7b4d-4a8e-9f1c-0d2e3f4a5b6c`,
        timestamp: new Date(now - (count - i) * 10).toISOString(),
        source: `array-${i % 24}`,
        payload: { volume_id: `vol-${(i * 31) % 512}`, pool: "gold", host: `esx-${i % 40}.dc1.example.com`, threshold_ms: 5, tags: ["prod", "tier-1"] },
        metrics: { iops: 1000 + ((i * 37) % 9000), latency: 0.4 + (i % 50) / 10, errorRate: (i % 7) / 10 },
      };
      return i % 100 === 99 ? kinesisRecord(`{"truncated":`, { partitionKey: event.source }) : kinesisRecord(event, { partitionKey: event.source });
    }),
  );
}

function dependencies(aws: InMemoryAws): ProcessorDeps {
  // The clients of functions/shared/clients.ts, as in Lambda, with the in-memory handler.
  configureClients({ region: "us-east-1", credentials: { accessKeyId: "bench", secretAccessKey: "bench" }, requestHandler: aws as never });
  const noop = () => {};
  return {
    config: loadConfig({
      EVENTS_TABLE_NAME: "events",
      MALFORMED_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:malformed",
      DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/malformed",
    }),
    dynamo: dynamoDbClient(),
    sqs: sqsClient(),
    sns: snsClient(),
    telemetry: { info: noop, warn: noop, error: noop, count: noop },
    sleep: async () => {},
    now: Date.now,
  };
}

/** The floor: what any consumer must do to each record, plain base64 decode and JSON.parse. */
function floor(event: KinesisStreamEvent): number {
  let fields = 0;
  for (const record of event.Records) {
    try {
      fields += Object.keys(JSON.parse(Buffer.from(record.kinesis.data, "base64").toString("utf8"))).length;
    } catch {
      fields--;
    }
  }
  return fields;
}

/** The Powertools reference is about 30 times slower: fewer records a run keep its runs as long as ours. */
const PEER_MIN_RECORDS_PER_RUN = 1_000;

async function recordsPerSecond(batchSize: number, run: () => Promise<unknown> | unknown, minRecords = MIN_RECORDS_PER_RUN): Promise<number> {
  const iterations = Math.max(3, Math.ceil(minRecords / batchSize));
  for (let i = 0; i < 3; i++) await run();
  const rates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await run();
    rates.push((iterations * batchSize) / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  return rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)]!;
}

/**
 * stream-processor throughput, records/s on one core, on batches of 100 and 1,000 IOPS events
 * (1% malformed, so the dead-letter and notification paths run too), DynamoDB, SQS and SNS answered
 * in memory through the real SDK clients (serialization included, network excluded), against the
 * floor of plain base64 decode + JSON.parse of the same records in the same run; median of 5 runs.
 * `..._validate_...` measures our own per-record work alone (decode, KPL check, zod schemas,
 * business rules, item building), without the SDK's marshalling and serialization of the writes.
 * `..._vs_powertools_...` is ours against the Powertools reference (bench/peer/stream-processor.ts)
 * on the same batches and the same in-memory I/O, in the same run: `floor` is the peer's records/s.
 */
export async function benchStreamProcessor(): Promise<Record<string, BenchFigure>> {
  const figures: Record<string, BenchFigure> = {};
  for (const batchSize of [100, 1_000]) {
    const event = iopsEvents(batchSize);
    const aws = new InMemoryAws();
    const deps = dependencies(aws);
    const floorRate = await recordsPerSecond(batchSize, () => floor(event));
    const rate = await recordsPerSecond(batchSize, async () => {
      aws.calls.length = 0;
      const response = await processBatch(event, deps);
      if (response.batchItemFailures.length > 0) throw new Error("benchmark batch reported failures");
    });
    const peerAws = new InMemoryAws();
    const peer = peerStreamProcessor({
      tableName: "events",
      deadLetterQueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/malformed",
      topicArn: "arn:aws:sns:us-east-1:123456789012:malformed",
      maxFutureMinutes: 5,
      clientConfig: { region: "us-east-1", credentials: { accessKeyId: "bench", secretAccessKey: "bench" }, requestHandler: peerAws },
    });
    const peerRate = await recordsPerSecond(batchSize, async () => {
      peerAws.calls.length = 0;
      const response = await peer(event);
      if (response.batchItemFailures.length > 0) throw new Error("peer batch reported failures");
    }, PEER_MIN_RECORDS_PER_RUN);
    const validateRate = await recordsPerSecond(batchSize, () => classifyRecords(event.Records, { maxEventBytes: 350_000, maxFutureMinutes: 5, now: Date.now(), retentionDays: 90 }));
    figures[`stream_processor_validate_batch_${batchSize}_records_per_s`] = {
      value: Math.round(validateRate),
      unit: "records/s",
      floor: Math.round(floorRate),
      ratio: Number((validateRate / floorRate).toFixed(3)),
    };
    figures[`stream_processor_batch_${batchSize}_records_per_s`] = { value: Math.round(rate), unit: "records/s", floor: Math.round(floorRate), ratio: Number((rate / floorRate).toFixed(3)) };
    figures[`stream_processor_vs_powertools_batch_${batchSize}_records_per_s`] = { value: Math.round(rate), unit: "records/s", floor: Math.round(peerRate), ratio: Number((rate / peerRate).toFixed(2)) };
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchStreamProcessor(), null, 2));
}
