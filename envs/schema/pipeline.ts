import { z } from "zod";
import {
  AlarmsComponentSchema, AnalyticsComponentSchema, ApiComponentSchema, ArchiveComponentSchema, KebabNameSchema,
  ProcessorComponentSchema, SearchComponentSchema, StreamComponentSchema, TablesComponentSchema, TrafficSchema,
} from "./components";

/** Component names with a fixed meaning; processors may not take them. */
export const FIXED_COMPONENTS = ["stream", "output-stream", "tables", "api", "archive", "search", "analytics", "alarms"] as const;

/** A pipeline: the components it deploys and their settings. Each enabled component is one stack. */
export const PipelineSchema = z
  .strictObject({
    name: KebabNameSchema.refine((name) => name !== "platform", "expected a name other than \"platform\" (reserved for environment-wide stacks)"),
    enabled: z.boolean().default(true),
    description: z.string().optional(),
    traffic: TrafficSchema.optional(),
    stream: StreamComponentSchema.optional(),
    outputStream: StreamComponentSchema.optional(),
    tables: TablesComponentSchema.optional(),
    api: ApiComponentSchema.optional(),
    processors: z.array(ProcessorComponentSchema).optional(),
    archive: ArchiveComponentSchema.optional(),
    search: SearchComponentSchema.optional(),
    analytics: AnalyticsComponentSchema.optional(),
    alarms: AlarmsComponentSchema.optional(),
  })
  // `when` runs these checks even when fields failed, so every problem is listed at once;
  // hence the defensive reads below.
  .superRefine((pipeline, ctx) => {
    const on = <T extends { enabled: boolean }>(component: T | undefined): component is T =>
      typeof component === "object" && component !== null && component.enabled !== false;
    const fail = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });

    for (const key of ["stream", "outputStream"] as const) {
      const stream = pipeline[key];
      if (!on(stream)) continue;
      const fanOut = (Array.isArray(pipeline.processors) ? pipeline.processors : []).filter((p) => on(p) && p.enhancedFanOut && (p.source ?? "stream") === key);
      const consumers = (stream.consumers ?? []).length + fanOut.length;
      if (consumers > 20) fail([key, "consumers"], `expected at most 20 enhanced fan-out consumers per stream (declared plus processors), found ${consumers}`);
      if (stream.mode === "provisioned" && stream.shardCount === undefined) {
        fail([key, "shardCount"], "expected a shard count when mode is provisioned, found none");
      }
      if (stream.mode === "on-demand" && stream.shardCount !== undefined) {
        fail([key, "shardCount"], `expected no shard count when mode is on-demand (AWS sizes the stream), found ${stream.shardCount}`);
      }
    }

    const streamFor = (source: "stream" | "outputStream") => (on(pipeline[source]) ? pipeline[source] : undefined);
    const requireSource = (path: (string | number)[], source: "stream" | "outputStream") => {
      if (!streamFor(source)) fail([...path, "source"], `expected the pipeline's ${source} to be enabled (this component reads from it), found it missing or disabled`);
    };

    if (on(pipeline.archive)) requireSource(["archive"], pipeline.archive.source ?? "stream");
    if (on(pipeline.search)) requireSource(["search"], pipeline.search.source ?? "stream");
    if (on(pipeline.api) && !streamFor("stream")) fail(["api"], "expected the pipeline's stream to be enabled (the API writes to it), found it missing or disabled");
    if (on(pipeline.analytics)) {
      if (!streamFor("stream")) fail(["analytics"], "expected the pipeline's stream to be enabled (analytics reads from it), found it missing or disabled");
      if (!streamFor("outputStream")) fail(["analytics"], "expected the pipeline's outputStream to be enabled (analytics writes to it), found it missing or disabled");
    }

    const seen = new Set<string>();
    (Array.isArray(pipeline.processors) ? pipeline.processors : []).forEach((processor, index) => {
      const path = ["processors", index];
      if ((FIXED_COMPONENTS as readonly string[]).includes(processor.name)) {
        fail([...path, "name"], `expected a name other than the fixed components (${FIXED_COMPONENTS.join(", ")}), found "${processor.name}"`);
      }
      if (seen.has(processor.name)) fail([...path, "name"], `expected unique processor names, found "${processor.name}" twice`);
      seen.add(processor.name);
      if (!on(processor)) return;
      requireSource(path, processor.source ?? "stream");
      if (processor.enhancedFanOut && (streamFor(processor.source ?? "stream")?.consumers ?? []).includes(processor.name)) {
        fail([...path, "enhancedFanOut"], `expected "${processor.name}" not to be in ${processor.source}.consumers (the processor's stack registers its own consumer), found it there too`);
      }
      const tables = on(pipeline.tables) && typeof pipeline.tables.tables === "object" ? pipeline.tables.tables : {};
      if (processor.table !== undefined && !(processor.table in tables)) {
        fail([...path, "table"], `expected a table declared under tables.tables, found "${processor.table}" missing`);
      }
      if (processor.writesToOutputStream && !streamFor("outputStream")) {
        fail([...path, "writesToOutputStream"], "expected the pipeline's outputStream to be enabled (this processor writes to it), found it missing or disabled");
      }
    });
  }, { when: () => true });

/** A validated pipeline, defaults applied. */
export type PipelineConfig = z.output<typeof PipelineSchema>;
