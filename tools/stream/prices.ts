import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";

const Rate = z.number().nonnegative();

/** The price list the cost estimate reads: one region, one date, list prices. */
export const PriceListSchema = z.strictObject({
  region: z.string(),
  currency: z.literal("USD"),
  date: z.iso.date(),
  source: z.string(),
  hoursPerMonth: z.number().positive(),
  kinesis: z.strictObject({
    provisionedShardHour: Rate,
    putPayloadUnitsPerMillion: Rate,
    putPayloadUnitBytes: z.int().positive(),
    extendedRetentionShardHour: Rate,
    longTermRetentionGbMonth: Rate,
    enhancedFanOutConsumerShardHour: Rate,
    enhancedFanOutGb: Rate,
    onDemandStreamHour: Rate,
    onDemandIngestedGb: Rate,
    onDemandRetrievedGb: Rate,
    onDemandEnhancedFanOutGb: Rate,
    onDemandExtendedRetentionGbMonth: Rate,
    onDemandRecordRoundingBytes: z.int().positive(),
    onDemandMinimumShards: z.int().positive(),
  }),
  firehose: z.strictObject({ ingestedGb: Rate, recordRoundingBytes: z.int().positive(), dynamicPartitioningGb: Rate, dynamicPartitioningObjectsPerThousand: Rate }),
  lambda: z.strictObject({ requestsPerMillion: Rate, arm64GbSecond: Rate }),
  s3: z.strictObject({ standardGbMonth: Rate, standardIaGbMonth: Rate, glacierFlexibleGbMonth: Rate, putRequestsPerThousand: Rate }),
  dynamodb: z.strictObject({ onDemandWriteRequestUnitsPerMillion: Rate, onDemandReadRequestUnitsPerMillion: Rate, storageGbMonth: Rate }),
  opensearch: z.strictObject({ instanceHour: z.record(z.string(), Rate), gp3GbMonth: Rate }),
  cloudwatch: z.strictObject({ standardAlarmMonth: Rate, dashboardMonth: Rate }),
  /** Managed Service for Apache Flink: KPU hours, plus the orchestration KPU every application is billed. */
  flink: z.strictObject({ kpuHour: Rate, orchestrationKpus: z.int().nonnegative() }),
  apiGateway: z.strictObject({ httpRequestsPerMillion: Rate, httpRequestMeteringBytes: z.int().positive() }),
  kms: z.strictObject({ keyMonth: Rate, requestsPerTenThousand: Rate }),
  sqs: z.strictObject({ requestsPerMillion: Rate, requestChunkBytes: z.int().positive() }),
  sns: z.strictObject({ publishesPerMillion: Rate, emailsPerHundredThousand: Rate }),
  assumptions: z.strictObject({
    archiveCompressionRatio: z.record(z.string(), z.number().positive().max(1)),
    lambdaMsPerInvocation: z.number().nonnegative(),
    lambdaMsPerRecord: z.number().nonnegative(),
    lambdaDefaultMemoryMiB: z.int().positive(),
    s3HorizonDays: z.int().positive(),
    dynamoDbItemOverheadBytes: z.int().nonnegative(),
    openSearchDefaultInstanceType: z.string(),
    openSearchDefaultInstanceCount: z.int().positive(),
    openSearchDefaultVolumeGiB: z.int().positive(),
    /** Share of records a processor dead-letters (each one SQS request, by 64 KB chunk). */
    deadLetterFraction: z.number().min(0).max(1),
    /** Share of records that raise an alert on a processor's alert topic. */
    alertFraction: z.number().min(0).max(1),
    /** Events in one HTTP request to the ingest API. */
    eventsPerApiRequest: z.number().positive(),
  }),
});

/** A validated price list. */
export type PriceList = z.infer<typeof PriceListSchema>;

/** The price file used when the environment's region has none. */
export const DEFAULT_PRICE_FILE = new URL("./prices/us-east-1.json", import.meta.url);

/** `prices/<region>.json` when the repository has one, else {@link DEFAULT_PRICE_FILE} (the estimate then says so). */
export function priceFileFor(region: string): URL {
  const file = new URL(`./prices/${region}.json`, import.meta.url);
  return existsSync(file) ? file : DEFAULT_PRICE_FILE;
}

/** Reads and validates a price file; the error names the file and every wrong field. */
export function loadPriceList(file: string | URL = DEFAULT_PRICE_FILE): PriceList {
  const parsed = PriceListSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`price file ${String(file)} is invalid: ${problems}`);
  }
  return parsed.data;
}
