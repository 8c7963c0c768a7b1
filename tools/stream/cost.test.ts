import { describe, expect, it } from "vitest";
import { PipelineSchema } from "../../envs/schema/pipeline";
import { loadEnvironment } from "../../envs/load";
import { estimateCost, estimatePipelineCost, GB } from "./cost";
import { budgetWarning, costMarkdown, formatCostTable, usd } from "./cost-report";
import { loadPriceList } from "./prices";

const prices = loadPriceList();
const month = 730 * 3600;

function line(lines: { item: string; quantity: number; monthlyUsd: number }[], item: RegExp) {
  const found = lines.filter((l) => item.test(l.item));
  expect(found, `one line matching ${item}`).toHaveLength(1);
  return found[0]!;
}

describe("estimatePipelineCost", () => {
  it("prices a provisioned stream: shard hours and 25 KB PUT payload units", () => {
    const pipeline = PipelineSchema.parse({
      name: "p",
      traffic: { peakRecordsPerSecond: 300, averageRecordsPerSecond: 100, averageRecordBytes: 30_000 },
      stream: { mode: "provisioned", shardCount: 2, retentionHours: 48 },
      alarms: { enabled: false },
    });

    const { lines } = estimatePipelineCost(pipeline, prices);

    // 100 records/s for 730 h = 262,800,000 records; 30,000 B = 2 payload units each.
    expect(line(lines, /shard hours/).monthlyUsd).toBeCloseTo(2 * 730 * 0.015, 6);
    expect(line(lines, /PUT payload units/)).toMatchObject({ quantity: 525_600_000 });
    expect(line(lines, /PUT payload units/).monthlyUsd).toBeCloseTo(525.6 * 0.014, 6);
    expect(line(lines, /extended retention/).monthlyUsd).toBeCloseTo(2 * 730 * 0.02, 6);
    expect(lines).toHaveLength(3);
  });

  it("prices on-demand with 1 KB rounding, Firehose with 5 KB rounding, S3 by class, Lambda and DynamoDB", () => {
    const pipeline = PipelineSchema.parse({
      name: "p",
      traffic: { peakRecordsPerSecond: 20, averageRecordsPerSecond: 10, averageRecordBytes: 3000 },
      stream: { mode: "on-demand" },
      tables: { tables: { events: { partitionKey: "pk", sortKey: "sk" } } },
      processors: [{ name: "proc", handler: "stream-processor", memoryMiB: 512, batchSize: 100, table: "events", alertTopic: true }],
      archive: { compression: "GZIP", bufferingIntervalSeconds: 300, bufferingSizeMiB: 5, lifecycle: { infrequentAccessDays: 30, glacierDays: 90, expirationDays: 365 } },
      alarms: {},
    });

    const { lines } = estimatePipelineCost(pipeline, prices);

    const records = 10 * month; // 26,280,000
    expect(line(lines, /on-demand stream hours/).monthlyUsd).toBeCloseTo(730 * 0.04, 6);
    // 3000 B bills as 3072 B in and out; two polling consumers (processor and Firehose).
    expect(line(lines, /on-demand data in/).monthlyUsd).toBeCloseTo(((records * 3072) / GB) * 0.08, 6);
    expect(line(lines, /on-demand data out \(2 polling consumers\)/).monthlyUsd).toBeCloseTo(((records * 3072 * 2) / GB) * 0.04, 6);
    // Firehose bills 3000 B as 5120 B.
    expect(line(lines, /archive: data ingested/).monthlyUsd).toBeCloseTo(((records * 5120) / GB) * 0.029, 6);
    // 10 records/s of 3000 B: GZIP to 20%, per day = 876,000 records * 600 B.
    const dailyGb = (876_000 * 600) / GB;
    expect(line(lines, /Standard \(30 days/).monthlyUsd).toBeCloseTo(dailyGb * 30 * 0.023, 6);
    expect(line(lines, /Standard-IA \(60 days/).monthlyUsd).toBeCloseTo(dailyGb * 60 * 0.0125, 6);
    expect(line(lines, /Glacier Flexible Retrieval \(275 days/).monthlyUsd).toBeCloseTo(dailyGb * 275 * 0.0036, 6);
    // 30,000 B/s fills 5 MiB in 175 s: more often than every 300 s.
    expect(line(lines, /PUT requests/).quantity).toBeCloseTo((records * 3000) / (5 * 1024 * 1024), 6);
    // Each on-demand shard (4 at least) polled once a second: 4 * 2,628,000 > records / 100.
    expect(line(lines, /proc: requests/)).toMatchObject({ quantity: 4 * month });
    expect(line(lines, /proc: requests/).monthlyUsd).toBeCloseTo(10.512 * 0.2, 6);
    const seconds = (40 + (0.2 * records) / (4 * month)) / 1000;
    expect(line(lines, /proc: compute \(arm64, 512 MB\)/).monthlyUsd).toBeCloseTo(4 * month * seconds * 0.5 * 0.0000133334, 6);
    // 3000 B + 100 B overhead = 4 write units per item.
    expect(line(lines, /events: on-demand writes/).monthlyUsd).toBeCloseTo(((records * 4) / 1e6) * 0.625, 6);
    expect(line(lines, /^alarms$/)).toMatchObject({ quantity: 3 + 4 + 2 });
    expect(line(lines, /^dashboard$/).monthlyUsd).toBe(3);
  });

  it("prices an OpenSearch delivery and domain", () => {
    const pipeline = PipelineSchema.parse({
      name: "s",
      stream: {},
      search: { indexName: "logs", domain: { instanceType: "r6g.large.search", instanceCount: 3, volumeSizeGiB: 100 } },
    });

    const { lines } = estimatePipelineCost(pipeline, prices);

    expect(line(lines, /data nodes \(3 x r6g.large.search\)/).monthlyUsd).toBeCloseTo(3 * 730 * 0.167, 6);
    expect(line(lines, /gp3 storage/).monthlyUsd).toBeCloseTo(300 * 0.122, 6);
  });
});

describe("estimateCost", () => {
  it("covers every enabled pipeline of an environment and says which region the prices are for", () => {
    const env = loadEnvironment("dev");

    const estimate = estimateCost(env, prices);

    expect(new Set(estimate.lines.map((l) => l.pipeline))).toEqual(new Set(env.pipelines.filter((p) => p.enabled).map((p) => p.name)));
    expect(estimate.totalUsd).toBeCloseTo(estimate.lines.reduce((s, l) => s + l.monthlyUsd, 0), 9);
    expect(estimate.priceDate).toBe(prices.date);
    if (env.region !== prices.region) expect(estimate.notes[0]).toMatch(new RegExp(`^Prices are ${prices.region}.s: the repository has no price file for ${env.region}`));
    const table = formatCostTable(estimate);
    expect(table).toMatch(/^total\s+\$[\d,]+\.\d\d$/m);
    const markdown = costMarkdown(estimate);
    expect(markdown).toMatch(/^\| \*\*total\*\* \| \| \*\*\$[\d,]+\.\d\d\*\* \|$/m);
  });
});

describe("the services beyond streams and storage", () => {
  it("prices Flink KPUs with the orchestration KPU, HTTP API requests, customer-managed keys, dead letters and alerts", () => {
    const pipeline = PipelineSchema.parse({
      name: "p",
      traffic: { peakRecordsPerSecond: 100, averageRecordBytes: 1000 },
      stream: { encryption: "customer-managed" },
      outputStream: {},
      api: {},
      tables: { tables: { events: { partitionKey: "pk", sortKey: "sk" } } },
      analytics: { codeKey: "app.jar", parallelism: 4, parallelismPerKpu: 2 },
      processors: [{ name: "fraud", handler: "fraud-detector", alertTopic: true }],
    });
    const records = 100 * 3600 * 730;

    const { lines } = estimatePipelineCost(pipeline, prices, { emailCount: 2 });

    expect(line(lines, /analytics: KPU hours \(3 KPUs with orchestration\)/).monthlyUsd).toBeCloseTo(3 * 730 * 0.11, 6);
    expect(line(lines, /api: HTTP API requests/).monthlyUsd).toBeCloseTo((records / 1e6) * 1.0, 6);
    expect(line(lines, /customer-managed stream keys/).monthlyUsd).toBe(1);
    expect(line(lines, /fraud: dead-letter messages/).monthlyUsd).toBeCloseTo(((records * 0.01) / 1e6) * 0.4, 6);
    expect(line(lines, /fraud: alert publishes/).monthlyUsd).toBeCloseTo(((records * 0.001) / 1e6) * 0.5, 6);
    expect(line(lines, /fraud: alert e-mails \(2 addresses\)/).monthlyUsd).toBeCloseTo(((records * 0.001 * 2) / 1e5) * 2, 6);
  });
});

describe("budgetWarning", () => {
  const env = loadEnvironment("dev");
  const estimate = estimateCost(env, prices);

  it("warns when the estimate is over the environment's budget, by how much", () => {
    const tight = { ...env, notifications: { ...env.notifications, monthlyBudgetUsd: 1 } };
    expect(budgetWarning(tight, estimate)).toBe(
      `WARNING: the estimate, ${usd(estimate.totalUsd)}/month, is over dev's budget of $1.00 (notifications.monthlyBudgetUsd) by ${usd(estimate.totalUsd - 1)}.`,
    );
  });

  it("warns when the environment declares no budget, and is silent within budget", () => {
    expect(budgetWarning({ ...env, notifications: { emails: [] } }, estimate)).toMatch(/^WARNING: dev declares no monthly budget/);
    expect(budgetWarning({ ...env, notifications: { emails: [], monthlyBudgetUsd: estimate.totalUsd + 1 } }, estimate)).toBeUndefined();
  });
});
