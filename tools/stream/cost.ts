import { archiveLifecycle } from "../../stacks/archive-lifecycle";
import { enhancedFanOutConsumers } from "../../stacks/readers";
import type { EnvironmentConfig } from "../../envs/schema/environment";
import type { PipelineConfig } from "../../envs/schema/pipeline";
import { planCapacity, sharedConsumersOf } from "./capacity";
import { FLINK_DEFAULTS } from "../../modules/kinesis-analytics/defaults";
import { loadPriceList, priceFileFor, type PriceList } from "./prices";

/** The services a line of the estimate belongs to. */
export type CostService =
  | "Kinesis" | "Firehose" | "Lambda" | "S3" | "DynamoDB" | "OpenSearch" | "CloudWatch" | "Flink" | "API Gateway" | "KMS" | "SQS" | "SNS";

/** One billed quantity of one pipeline. */
export interface CostLine {
  readonly pipeline: string;
  readonly service: CostService;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly monthlyUsd: number;
}

/** A monthly estimate for an environment. */
export interface CostEstimate {
  readonly environment: string;
  readonly region: string;
  readonly priceRegion: string;
  readonly priceDate: string;
  readonly lines: CostLine[];
  readonly totalUsd: number;
  /** Assumptions and caveats, one sentence each. */
  readonly notes: string[];
}

/** Options of {@link estimateCost}. */
export interface CostOptions {
  /**
   * Alarms a pipeline creates, when the caller knows them exactly (e.g. from the synthesized alarms stack).
   * @default - estimated from the pipeline's components (see {@link estimatedAlarmCount})
   */
  readonly alarmCount?: (pipeline: PipelineConfig) => number;
  /**
   * Addresses subscribed to alert topics.
   * @default 0
   */
  readonly emailCount?: number;
}

/** Bytes in a GB as AWS bills data (GiB). */
export const GB = 1024 ** 3;
const roundUp = (bytes: number, unit: number): number => Math.ceil(bytes / unit) * unit;

/**
 * Alarms the platform puts on a pipeline: stream (iterator age, write throttling, read throttling,
 * and no incoming records when configured), each processor (errors, throttles, iterator age,
 * dead-letter queue), each Firehose delivery (freshness, delivery success), the search domain
 * (cluster status, free storage, CPU, JVM pressure), analytics (downtime, checkpoints), the API
 * (5xx, latency) and the malformed rate.
 */
export function estimatedAlarmCount(pipeline: PipelineConfig): number {
  if (!pipeline.alarms?.enabled) return 0;
  const on = (c: { enabled: boolean } | undefined) => c?.enabled === true;
  let count = 0;
  if (on(pipeline.stream)) count += 3 + (pipeline.alarms.noIncomingRecordsMinutes !== undefined ? 1 : 0);
  if (on(pipeline.outputStream)) count += 2;
  count += (pipeline.processors ?? []).filter(on).length * 4;
  if (on(pipeline.archive)) count += 2;
  if (on(pipeline.search)) count += 2 + 4;
  if (on(pipeline.analytics)) count += 2;
  if (on(pipeline.api)) count += 2;
  if (pipeline.alarms.malformedRatePercent !== undefined) count += 1;
  return count;
}

interface Usage {
  /** Records per month at the average rate. */
  readonly records: number;
  readonly recordBytes: number;
  readonly peakRecordsPerSecond: number;
}

class Lines {
  readonly lines: CostLine[] = [];
  readonly notes: string[] = [];
  constructor(private readonly pipeline: string) {}
  add(service: CostService, item: string, quantity: number, unit: string, unitPrice: number, per = 1): void {
    this.lines.push({ pipeline: this.pipeline, service, item, quantity, unit, monthlyUsd: (quantity / per) * unitPrice });
  }
}

type StreamConfig = NonNullable<PipelineConfig["stream"]>;

/** Shards a stream runs on: the configured count, or what an on-demand stream scales to for the peak. */
function shardsOf(stream: StreamConfig, usage: Usage | undefined, prices: PriceList): number {
  if (stream.mode === "provisioned") return stream.shardCount ?? 1;
  const need = usage ? planCapacity({ peakRecordsPerSecond: usage.peakRecordsPerSecond, averageRecordBytes: usage.recordBytes }).requirement.shards : 0;
  return Math.max(prices.kinesis.onDemandMinimumShards, need);
}

function streamCost(out: Lines, name: string, stream: StreamConfig, usage: Usage | undefined, sharedConsumers: number, efo: number, prices: PriceList): void {
  const k = prices.kinesis;
  const hours = prices.hoursPerMonth;
  const records = usage?.records ?? 0;
  const retention = stream.retentionHours;
  if (stream.mode === "provisioned") {
    const shards = stream.shardCount ?? 1;
    const dataGb = (records * (usage?.recordBytes ?? 0)) / GB;
    out.add("Kinesis", `${name}: shard hours (${shards} shards)`, shards * hours, "shard-hours", k.provisionedShardHour);
    out.add("Kinesis", `${name}: PUT payload units (25 KB)`, records * Math.ceil((usage?.recordBytes ?? 0) / k.putPayloadUnitBytes), "units", k.putPayloadUnitsPerMillion, 1e6);
    if (retention > 24) out.add("Kinesis", `${name}: extended retention (${Math.min(retention, 168)} h)`, shards * hours, "shard-hours", k.extendedRetentionShardHour);
    if (retention > 168) out.add("Kinesis", `${name}: long-term retention`, ((dataGb / 30) * (retention - 168)) / 24, "GB-months", k.longTermRetentionGbMonth);
    if (efo > 0) {
      out.add("Kinesis", `${name}: enhanced fan-out consumer-shard hours`, efo * shards * hours, "consumer-shard-hours", k.enhancedFanOutConsumerShardHour);
      out.add("Kinesis", `${name}: enhanced fan-out data`, dataGb * efo, "GB", k.enhancedFanOutGb);
    }
    return;
  }
  // On-demand bills every record rounded up to 1 KB, in and out.
  const billedGb = (records * roundUp(usage?.recordBytes ?? 0, k.onDemandRecordRoundingBytes)) / GB;
  out.add("Kinesis", `${name}: on-demand stream hours`, hours, "stream-hours", k.onDemandStreamHour);
  out.add("Kinesis", `${name}: on-demand data in`, billedGb, "GB", k.onDemandIngestedGb);
  out.add("Kinesis", `${name}: on-demand data out (${sharedConsumers} polling consumers)`, billedGb * sharedConsumers, "GB", k.onDemandRetrievedGb);
  if (efo > 0) out.add("Kinesis", `${name}: on-demand enhanced fan-out data`, billedGb * efo, "GB", k.onDemandEnhancedFanOutGb);
  if (retention > 24) out.add("Kinesis", `${name}: extended retention`, ((billedGb / 30) * (Math.min(retention, 168) - 24)) / 24, "GB-months", k.onDemandExtendedRetentionGbMonth);
  if (retention > 168) out.add("Kinesis", `${name}: long-term retention`, ((billedGb / 30) * (retention - 168)) / 24, "GB-months", k.longTermRetentionGbMonth);
}

/** Objects a Firehose delivery writes in a month: a flush at the buffer interval or size, whichever comes first. */
function deliveredObjects(usage: Usage | undefined, intervalSeconds: number, sizeMiB: number, prices: PriceList): number {
  const monthSeconds = prices.hoursPerMonth * 3600;
  const bytes = (usage?.records ?? 0) * (usage?.recordBytes ?? 0);
  if (bytes === 0) return 0;
  return Math.max(monthSeconds / Math.max(intervalSeconds, 60), bytes / (sizeMiB * 1024 * 1024));
}

function firehoseCost(out: Lines, name: string, usage: Usage | undefined, objects: number, dynamic: boolean, prices: PriceList): void {
  const f = prices.firehose;
  const records = usage?.records ?? 0;
  out.add("Firehose", `${name}: data ingested (5 KB rounding)`, (records * roundUp(usage?.recordBytes ?? 0, f.recordRoundingBytes)) / GB, "GB", f.ingestedGb);
  if (dynamic) {
    out.add("Firehose", `${name}: dynamic partitioning data`, (records * (usage?.recordBytes ?? 0)) / GB, "GB", f.dynamicPartitioningGb);
    out.add("Firehose", `${name}: dynamic partitioning objects`, objects, "objects", f.dynamicPartitioningObjectsPerThousand, 1000);
  }
}

function archiveStorage(out: Lines, archive: NonNullable<PipelineConfig["archive"]>, usage: Usage | undefined, objects: number, prices: PriceList): void {
  const a = prices.assumptions;
  const ratio = a.archiveCompressionRatio[archive.compression ?? "GZIP"] ?? 1;
  const dailyGb = (((usage?.records ?? 0) / 30) * (usage?.recordBytes ?? 0) * ratio) / GB;
  const lifecycle = archiveLifecycle(archive);
  const end = Math.min(lifecycle.expirationDays ?? Infinity, a.s3HorizonDays);
  const ia = lifecycle.infrequentAccessDays;
  const glacier = lifecycle.glacierDays;
  const standardDays = Math.min(ia, glacier, end);
  const iaDays = Math.max(0, Math.min(glacier, end) - Math.min(ia, end));
  const glacierDays = Math.max(0, end - Math.min(glacier, end));
  out.add("S3", `archive: Standard (${standardDays} days of data)`, dailyGb * standardDays, "GB-months", prices.s3.standardGbMonth);
  if (iaDays > 0) out.add("S3", `archive: Standard-IA (${iaDays} days of data)`, dailyGb * iaDays, "GB-months", prices.s3.standardIaGbMonth);
  if (glacierDays > 0) out.add("S3", `archive: Glacier Flexible Retrieval (${glacierDays} days of data)`, dailyGb * glacierDays, "GB-months", prices.s3.glacierFlexibleGbMonth);
  out.add("S3", "archive: PUT requests", objects, "requests", prices.s3.putRequestsPerThousand, 1000);
}

function processorCost(out: Lines, pipeline: PipelineConfig, usage: Usage | undefined, prices: PriceList, emails: number): void {
  const a = prices.assumptions;
  const monthSeconds = prices.hoursPerMonth * 3600;
  for (const processor of (pipeline.processors ?? []).filter((p) => p.enabled)) {
    const records = usage?.records ?? 0;
    const source = pipeline[processor.source ?? "stream"];
    const pollers = source ? shardsOf(source, usage, prices) * (processor.parallelizationFactor ?? 1) : 1;
    const batchSize = processor.batchSize ?? 100;
    // Full batches at high rates; at low rates about one invocation per shard poll (each second, or each batch window).
    const invocations = records === 0 ? 0 : Math.max(records / batchSize, Math.min(records, (pollers * monthSeconds) / Math.max(1, processor.batchWindowSeconds ?? 0)));
    const memoryGb = (processor.memoryMiB ?? a.lambdaDefaultMemoryMiB) / 1024;
    const durationSeconds = invocations === 0 ? 0 : (a.lambdaMsPerInvocation + (a.lambdaMsPerRecord * records) / invocations) / 1000;
    out.add("Lambda", `${processor.name}: requests`, invocations, "requests", prices.lambda.requestsPerMillion, 1e6);
    out.add("Lambda", `${processor.name}: compute (arm64, ${processor.memoryMiB ?? a.lambdaDefaultMemoryMiB} MB)`, invocations * durationSeconds * memoryGb, "GB-seconds", prices.lambda.arm64GbSecond);
    const letters = records * a.deadLetterFraction;
    // The dead-letter store is written only for refused records; each message is one request per 64 KB chunk.
    const chunks = Math.ceil(((usage?.recordBytes ?? 0) + 1024) / prices.sqs.requestChunkBytes);
    if (processor.handler !== "log-filter") out.add("SQS", `${processor.name}: dead-letter messages`, letters * chunks, "requests", prices.sqs.requestsPerMillion, 1e6);
    if (processor.alertTopic) {
      const publishes = processor.handler === "stream-processor" ? Math.min(invocations, letters) : records * a.alertFraction;
      out.add("SNS", `${processor.name}: alert publishes`, publishes, "publishes", prices.sns.publishesPerMillion, 1e6);
      if (emails > 0) out.add("SNS", `${processor.name}: alert e-mails (${emails} addresses)`, publishes * emails, "e-mails", prices.sns.emailsPerHundredThousand, 1e5);
    }
    if (processor.table === undefined) continue;
    const itemBytes = (usage?.recordBytes ?? 0) + a.dynamoDbItemOverheadBytes;
    if (processor.handler === "enrichment") {
      // Eventually consistent reads: half a unit per 4 KB item.
      out.add("DynamoDB", `${processor.table}: on-demand reads`, records * 0.5 * Math.ceil(itemBytes / 4096), "RRU", prices.dynamodb.onDemandReadRequestUnitsPerMillion, 1e6);
    } else {
      out.add("DynamoDB", `${processor.table}: on-demand writes`, records * Math.ceil(itemBytes / 1024), "WRU", prices.dynamodb.onDemandWriteRequestUnitsPerMillion, 1e6);
      out.add("DynamoDB", `${processor.table}: storage (one month of items)`, (records * itemBytes) / GB, "GB-months", prices.dynamodb.storageGbMonth);
    }
  }
}

/**
 * The monthly lines of one pipeline, from its declared traffic at the average rate (the peak when
 * no average is declared), with notes on anything it could not price.
 */
export function estimatePipelineCost(pipeline: PipelineConfig, prices: PriceList, options: CostOptions = {}): { lines: CostLine[]; notes: string[] } {
  const out = new Lines(pipeline.name);
  const traffic = pipeline.traffic;
  const usage: Usage | undefined = traffic && {
    records: (traffic.averageRecordsPerSecond ?? traffic.peakRecordsPerSecond) * 3600 * prices.hoursPerMonth,
    recordBytes: traffic.averageRecordBytes,
    peakRecordsPerSecond: traffic.peakRecordsPerSecond,
  };
  if (pipeline.stream?.enabled) {
    streamCost(out, "stream", pipeline.stream, usage, Math.max(1, sharedConsumersOf(pipeline, "stream")), enhancedFanOutConsumers(pipeline, "stream").length, prices);
  }
  if (pipeline.outputStream?.enabled) {
    streamCost(out, "output stream", pipeline.outputStream, usage, Math.max(1, sharedConsumersOf(pipeline, "outputStream")), enhancedFanOutConsumers(pipeline, "outputStream").length, prices);
  }
  processorCost(out, pipeline, usage, prices, options.emailCount ?? 0);
  const analytics = pipeline.analytics;
  if (analytics?.enabled) {
    const perKpu = analytics.parallelismPerKpu ?? FLINK_DEFAULTS.parallelismPerKpu;
    const kpus = Math.ceil((analytics.parallelism ?? FLINK_DEFAULTS.parallelism) / perKpu) + prices.flink.orchestrationKpus;
    out.add("Flink", `analytics: KPU hours (${kpus} KPUs with orchestration)`, kpus * prices.hoursPerMonth, "KPU-hours", prices.flink.kpuHour);
  }
  if (pipeline.api?.enabled) {
    const bytesPerRequest = (usage?.recordBytes ?? 0) * prices.assumptions.eventsPerApiRequest;
    const requests = ((usage?.records ?? 0) / prices.assumptions.eventsPerApiRequest) * Math.max(1, Math.ceil(bytesPerRequest / prices.apiGateway.httpRequestMeteringBytes));
    out.add("API Gateway", "api: HTTP API requests", requests, "requests", prices.apiGateway.httpRequestsPerMillion, 1e6);
  }
  const keys = (["stream", "outputStream"] as const).filter((key) => pipeline[key]?.enabled && pipeline[key]?.encryption === "customer-managed").length;
  if (keys > 0) out.add("KMS", `customer-managed stream keys`, keys, "keys", prices.kms.keyMonth);
  const archive = pipeline.archive;
  if (archive?.enabled) {
    const objects = deliveredObjects(usage, archive.bufferingIntervalSeconds ?? 300, archive.bufferingSizeMiB ?? 5, prices);
    firehoseCost(out, "archive", usage, objects, /partitionKeyFrom(Query|Lambda)/.test(archive.prefix ?? ""), prices);
    archiveStorage(out, archive, usage, objects, prices);
  }
  const search = pipeline.search;
  if (search?.enabled) {
    firehoseCost(out, "search", usage, 0, false, prices);
    const a = prices.assumptions;
    const type = search.domain?.instanceType ?? a.openSearchDefaultInstanceType;
    const count = search.domain?.instanceCount ?? a.openSearchDefaultInstanceCount;
    const rate = prices.opensearch.instanceHour[type];
    if (rate === undefined) out.notes.push(`${pipeline.name}: no price for OpenSearch instance type ${type} in the price file; its instance hours are not counted.`);
    else out.add("OpenSearch", `data nodes (${count} x ${type})`, count * prices.hoursPerMonth, "instance-hours", rate);
    const masters = search.domain?.dedicatedMasterCount ?? 0;
    if (masters > 0 && rate !== undefined) out.add("OpenSearch", `dedicated masters (${masters} x ${type})`, masters * prices.hoursPerMonth, "instance-hours", rate);
    out.add("OpenSearch", "gp3 storage", count * (search.domain?.volumeSizeGiB ?? a.openSearchDefaultVolumeGiB), "GB-months", prices.opensearch.gp3GbMonth);
  }
  const alarms = (options.alarmCount ?? estimatedAlarmCount)(pipeline);
  if (alarms > 0) out.add("CloudWatch", "alarms", alarms, "alarms", prices.cloudwatch.standardAlarmMonth);
  if (pipeline.alarms?.enabled && pipeline.alarms.dashboard) out.add("CloudWatch", "dashboard", 1, "dashboards", prices.cloudwatch.dashboardMonth);
  return { lines: out.lines, notes: out.notes };
}

/** The monthly estimate of every enabled pipeline of an environment. */
export function estimateCost(env: EnvironmentConfig, prices: PriceList = loadPriceList(priceFileFor(env.region)), options: CostOptions = {}): CostEstimate {
  const pipelines = env.pipelines.filter((p) => p.enabled);
  const perPipeline = pipelines.map((p) => estimatePipelineCost(p, prices, { emailCount: env.notifications.emails.length, ...options }));
  const lines = perPipeline.flatMap((p) => p.lines);
  const notes = [
    `List prices of ${prices.region} on ${prices.date}, ${prices.hoursPerMonth} hours a month, no free tier; GB means 2^30 bytes.`,
    "Usage follows each pipeline's traffic at its average rate (its peak when no average is declared); output streams carry the input's traffic.",
    `Dead letters assume ${prices.assumptions.deadLetterFraction * 100} % of records refused, alerts ${prices.assumptions.alertFraction * 100} % flagged, the API ${prices.assumptions.eventsPerApiRequest} event(s) per request; KMS counts customer-managed keys, not requests (Kinesis caches data keys).`,
    `Lambda time assumes ${prices.assumptions.lambdaMsPerInvocation} ms per invocation plus ${prices.assumptions.lambdaMsPerRecord} ms per record; archive storage is the steady state within ${prices.assumptions.s3HorizonDays} days.`,
  ];
  if (prices.region !== env.region) notes.unshift(`Prices are ${prices.region}'s: the repository has no price file for ${env.region} (tools/stream/prices/${env.region}.json), where ${env.name} deploys; list prices differ by region.`);
  for (const p of pipelines.filter((p) => !p.traffic)) notes.push(`${p.name} declares no traffic: only its fixed costs are counted.`);
  notes.push(...perPipeline.flatMap((p) => p.notes));
  return {
    environment: env.name,
    region: env.region,
    priceRegion: prices.region,
    priceDate: prices.date,
    lines,
    totalUsd: lines.reduce((sum, line) => sum + line.monthlyUsd, 0),
    notes,
  };
}
