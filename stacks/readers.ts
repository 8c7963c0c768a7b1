import type { PipelineConfig } from "../envs/schema/pipeline";

/**
 * How many consumers read `source` with shared throughput (GetRecords): every enabled processor
 * without enhanced fan-out, Firehose deliveries and the Flink application. Each reads the whole
 * write rate, and together they share 2 MiB/s per shard.
 */
export function sharedThroughputReaders(pipeline: PipelineConfig, source: "stream" | "outputStream"): number {
  const processors = (pipeline.processors ?? []).filter((p) => p.enabled && p.source === source && !p.enhancedFanOut).length;
  const archive = pipeline.archive?.enabled && pipeline.archive.source === source ? 1 : 0;
  const search = pipeline.search?.enabled && pipeline.search.source === source ? 1 : 0;
  const analytics = pipeline.analytics?.enabled && source === "stream" ? 1 : 0;
  return processors + archive + search + analytics;
}

/** Enhanced fan-out consumers of `source`: those declared on the stream plus processors that register their own. */
export function enhancedFanOutConsumers(pipeline: PipelineConfig, source: "stream" | "outputStream"): string[] {
  const declared = pipeline[source]?.consumers ?? [];
  const processors = (pipeline.processors ?? []).filter((p) => p.enabled && p.source === source && p.enhancedFanOut).map((p) => p.name);
  return [...declared, ...processors];
}
