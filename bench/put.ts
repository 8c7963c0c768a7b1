import { PutRecordCommand } from "@aws-sdk/client-kinesis";
import { startLocalKinesisProcess } from "../test/local-aws";
import { putJsonLines } from "../tools/stream/put";
import { createStream, linesOf, localKinesis } from "../tools/stream/testing";

/** One benchmark figure in the shape bench/run.ts writes to bench/results.json. */
export interface BenchFigure {
  value: number;
  unit: string;
  /** The same measure for the baseline, in the same run. */
  floor: number;
  /** value / floor. */
  ratio: number;
}

const BATCHED_RECORDS = 10_000;
const SINGLE_RECORDS = 1_000;
const RUNS = 3;

function events(count: number, offset: number): string[] {
  // About 500 bytes, the shape of the IOPS events the platform carries.
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      event_id: `evt-${offset + i}`,
      event_type: "iops_sample",
      timestamp: new Date(1_767_225_600_000 + i * 1000).toISOString(),
      source: `array-${(offset + i) % 64}`,
      payload: { volume_id: `vol-${(offset + i) % 512}`, pool: "gold", tags: ["bench", "iops", "sample"], note: "x".repeat(260) },
      metrics: { iops: 1000 + (i % 500), latency: 1.5 + (i % 7), errorRate: 0.01 },
    }),
  );
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Records per second of `stream put` against a local Kinesis server (kinesalite on loopback):
 * batched PutRecords (500 records / 5 MiB per call, with and without KPL aggregation) against one
 * PutRecord call per record, in the same run, median of three runs each.
 */
export async function benchPut(): Promise<Record<string, BenchFigure>> {
  const server = await startLocalKinesisProcess();
  try {
    const client = localKinesis(server);
    await createStream(client, "bench-put", 4);
    const batched: number[] = [];
    const aggregated: number[] = [];
    const single: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const lines = events(BATCHED_RECORDS, run * BATCHED_RECORDS);
      let started = performance.now();
      const plain = await putJsonLines(client, { streamName: "bench-put" }, linesOf(lines), { partitionKeyField: "source" });
      batched.push(plain.sent / ((performance.now() - started) / 1000));
      started = performance.now();
      const kpl = await putJsonLines(client, { streamName: "bench-put" }, linesOf(lines), { partitionKeyField: "source", aggregate: true });
      aggregated.push(kpl.sent / ((performance.now() - started) / 1000));
      if (plain.sent !== BATCHED_RECORDS || kpl.sent !== BATCHED_RECORDS) throw new Error(`bench put lost records: ${plain.sent}, ${kpl.sent} of ${BATCHED_RECORDS}`);
      const one = events(SINGLE_RECORDS, run * SINGLE_RECORDS);
      started = performance.now();
      for (const line of one) {
        await client.send(new PutRecordCommand({ StreamName: "bench-put", PartitionKey: (JSON.parse(line) as { source: string }).source, Data: Buffer.from(line) }));
      }
      single.push(SINGLE_RECORDS / ((performance.now() - started) / 1000));
    }
    client.destroy();
    const floor = median(single);
    const figure = (value: number): BenchFigure => ({ value: Math.round(value), unit: "records/s", floor: Math.round(floor), ratio: Math.round((value / floor) * 100) / 100 });
    return {
      stream_put_batched_records_per_s: figure(median(batched)),
      stream_put_kpl_aggregated_records_per_s: figure(median(aggregated)),
    };
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await benchPut());
}
