import { z } from "zod";
import {
  AlarmsComponentSchema, AnalyticsComponentSchema, ApiComponentSchema, ArchiveComponentSchema, KebabNameSchema,
  ProcessorComponentSchema, SearchComponentSchema, StreamComponentSchema, TablesComponentSchema, TrafficSchema,
} from "./components";
import { FLINK_DEFAULTS, FLINK_LIMITS } from "../../modules/kinesis-analytics/defaults";
import {
  DEFAULT_TRANSITION_TO_GLACIER_DAYS, DEFAULT_TRANSITION_TO_INFREQUENT_ACCESS_DAYS, MIN_DAYS_IN_INFREQUENT_ACCESS,
} from "../../modules/secure-bucket/defaults";
import { DEFAULT_RESERVED_CONCURRENCY } from "../../modules/lambda-enrichment/defaults";
import { HANDLERS, HANDLER_RECORD_FIELDS, contractOf, handlerNeeds, settingsProblems } from "./handlers";
import { type FieldPath, relatedTo } from "./related";

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
    // prefault, not default: the value is parsed, so a pipeline without `alarms:` gets every
    // default threshold and the dashboard. Opting out is `alarms: { enabled: false }`.
    alarms: AlarmsComponentSchema.prefault({}).describe("Alarms and dashboard, on by default; `alarms: { enabled: false }` turns them off."),
  })
  // `when` runs these checks even when fields failed, so every problem is listed at once;
  // hence the defensive reads below.
  .superRefine((pipeline, ctx) => {
    const on = <T extends { enabled: boolean }>(component: T | undefined): component is T =>
      typeof component === "object" && component !== null && component.enabled !== false;
    // `related`: other fields of the pipeline the problem depends on; the error then names the
    // file that set any of them last (turning a stream off in qa.yaml blames qa.yaml).
    const fail = (path: FieldPath, message: string, related: FieldPath[] = []) =>
      ctx.addIssue({ code: "custom", path: [...path], message, params: relatedTo(path, related) });

    for (const key of ["stream", "outputStream"] as const) {
      const stream = pipeline[key];
      if (!on(stream)) continue;
      const fanOut = (Array.isArray(pipeline.processors) ? pipeline.processors : []).filter((p) => on(p) && p.enhancedFanOut && (p.source ?? "stream") === key);
      const consumers = (stream.consumers ?? []).length + fanOut.length;
      if (consumers > 20) fail([key, "consumers"], `expected at most 20 enhanced fan-out consumers per stream (declared plus processors), found ${consumers}`);
      if (stream.mode === "provisioned" && stream.shardCount === undefined) {
        fail([key, "shardCount"], "expected a shard count when mode is provisioned, found none", [[key, "mode"]]);
      }
      if (stream.mode === "on-demand" && stream.shardCount !== undefined) {
        fail([key, "shardCount"], `expected no shard count when mode is on-demand (AWS sizes the stream), found ${stream.shardCount}`, [[key, "mode"]]);
      }
    }

    const streamFor = (source: "stream" | "outputStream") => (on(pipeline[source]) ? pipeline[source] : undefined);
    const requireSource = (path: (string | number)[], source: "stream" | "outputStream") => {
      if (!streamFor(source)) fail([...path, "source"], `expected the pipeline's ${source} to be enabled (this component reads from it), found it missing or disabled`, [[source]]);
    };

    if (on(pipeline.archive)) requireSource(["archive"], pipeline.archive.source ?? "stream");
    if (on(pipeline.search)) requireSource(["search"], pipeline.search.source ?? "stream");
    if (on(pipeline.api) && !streamFor("stream")) fail(["api"], "expected the pipeline's stream to be enabled (the API writes to it), found it missing or disabled", [["stream"]]);
    if (on(pipeline.api) && typeof pipeline.api.eventsPath === "string" && pipeline.api.eventsPath === pipeline.api.batchPath) {
      fail(["api", "batchPath"], `expected a path other than eventsPath, found "${pipeline.api.batchPath}" for both`, [["api", "eventsPath"]]);
    }
    if (on(pipeline.analytics)) {
      const analytics = pipeline.analytics;
      if (!streamFor("stream")) fail(["analytics"], "expected the pipeline's stream to be enabled (analytics reads from it), found it missing or disabled", [["stream"]]);
      if (!streamFor("outputStream")) fail(["analytics"], "expected the pipeline's outputStream to be enabled (analytics writes to it), found it missing or disabled", [["outputStream"]]);
      const perKpu = analytics.parallelismPerKpu ?? FLINK_DEFAULTS.parallelismPerKpu;
      const most = perKpu * FLINK_DEFAULTS.maxKpus;
      if (typeof analytics.parallelism === "number" && analytics.parallelism > most && perKpu <= FLINK_LIMITS.maxParallelismPerKpu) {
        fail(["analytics", "parallelism"], `expected at most ${most} (parallelismPerKpu ${perKpu} x ${FLINK_DEFAULTS.maxKpus} KPUs, the application's quota), found ${analytics.parallelism}`, [["analytics", "parallelismPerKpu"]]);
      }
    }
    if (on(pipeline.archive) && typeof pipeline.archive.lifecycle === "object" && pipeline.archive.lifecycle !== null) {
      const lifecycle = pipeline.archive.lifecycle;
      // The bucket's own defaults fill what the pipeline leaves out, so check the lifecycle it really gets.
      const ia = lifecycle.infrequentAccessDays ?? DEFAULT_TRANSITION_TO_INFREQUENT_ACCESS_DAYS;
      const glacier = lifecycle.glacierDays ?? DEFAULT_TRANSITION_TO_GLACIER_DAYS;
      const path = ["archive", "lifecycle"];
      if (typeof ia === "number" && typeof glacier === "number" && glacier < ia + MIN_DAYS_IN_INFREQUENT_ACCESS) {
        fail([...path, "glacierDays"], `expected at least ${ia + MIN_DAYS_IN_INFREQUENT_ACCESS} (S3 keeps objects ${MIN_DAYS_IN_INFREQUENT_ACCESS} days in Standard-IA, from day ${ia}, before Glacier), found ${glacier}`, [[...path, "infrequentAccessDays"]]);
      } else if (typeof lifecycle.expirationDays === "number" && typeof glacier === "number" && lifecycle.expirationDays <= glacier) {
        fail([...path, "expirationDays"], `expected more than ${glacier} (objects expire after their last transition, to Glacier on day ${glacier}), found ${lifecycle.expirationDays}`, [[...path, "glacierDays"]]);
      }
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
      const reserved = processor.reservedConcurrency ?? DEFAULT_RESERVED_CONCURRENCY;
      if (typeof processor.parallelizationFactor === "number" && typeof reserved === "number" && reserved < processor.parallelizationFactor) {
        fail([...path, "reservedConcurrency"], `expected at least parallelizationFactor (${processor.parallelizationFactor}), so one shard's parallel batches can run, found ${reserved}`, [[...path, "parallelizationFactor"]]);
      }
      const known = (HANDLERS as readonly string[]).includes(processor.handler);
      const needs = known ? handlerNeeds(processor.handler) : {};
      if (needs.table && processor.table === undefined) {
        fail([...path, "table"], `expected a table of the pipeline for handler ${processor.handler} (${needs.table}), found none`, [[...path, "handler"]]);
      }
      if (needs.alertTopic && processor.alertTopic !== true) {
        fail([...path, "alertTopic"], `expected true for handler ${processor.handler} (${needs.alertTopic}), found ${String(processor.alertTopic ?? false)}`, [[...path, "handler"]]);
      }
      if (needs.schemaFile && processor.schemaFile === undefined) {
        fail([...path, "schemaFile"], `expected a JSON Schema file for handler ${processor.handler} (${needs.schemaFile}), found none`, [[...path, "handler"]]);
      }
      if (!needs.schemaFile && processor.schemaFile !== undefined) {
        fail([...path, "schemaFile"], `expected no schemaFile for handler ${processor.handler} (only json-schema-validator reads one), found "${processor.schemaFile}"`, [[...path, "handler"]]);
      }
      // Unknown record fields are refused by FieldMappingSchema; here, handlers that map none.
      if (processor.fieldMapping !== undefined && !HANDLER_RECORD_FIELDS[processor.handler]) {
        fail([...path, "fieldMapping"], `expected no fieldMapping for handler ${processor.handler} (only ${Object.keys(HANDLER_RECORD_FIELDS).join(", ")} reads mapped records), found an object`, [[...path, "handler"]]);
      }
      if (known && !contractOf(processor.handler).fields?.eventRetentionDays && processor.eventRetentionDays !== undefined) {
        fail([...path, "eventRetentionDays"], `expected no eventRetentionDays for handler ${processor.handler} (only stream-processor writes an expiry), found ${processor.eventRetentionDays}`, [[...path, "handler"]]);
      }
      if (needs.outputStream && processor.writesToOutputStream !== true) {
        fail([...path, "writesToOutputStream"], `expected true for handler ${processor.handler} (${needs.outputStream}), found ${String(processor.writesToOutputStream ?? false)}`, [[...path, "handler"]]);
      }
      // What the contract does not use would be granted to nothing, or silently not at all.
      if (known) {
        const access = contractOf(processor.handler).access;
        const unused = (field: string, value: unknown, what: string) =>
          fail([...path, field], `expected no ${field} for handler ${processor.handler} (it uses no ${what}), found ${JSON.stringify(value)}`, [[...path, "handler"]]);
        if (processor.table !== undefined && !access.lookupTable && !access.outputTable) unused("table", processor.table, "table");
        if (processor.alertTopic === true && !access.alertTopic) unused("alertTopic", true, "alert topic");
        if (processor.writesToOutputStream === true && !access.outputStream) unused("writesToOutputStream", true, "output stream");
        if (processor.outputLogRetentionDays !== undefined && !access.outputLogGroup) unused("outputLogRetentionDays", processor.outputLogRetentionDays, "output log group");
      }
      if (known && typeof processor.settings === "object" && processor.settings !== null) {
        for (const problem of settingsProblems(processor.handler, processor.settings)) fail([...path, "settings", ...problem.path], problem.message);
      }
      if (processor.enhancedFanOut && (streamFor(processor.source ?? "stream")?.consumers ?? []).includes(processor.name)) {
        fail([...path, "enhancedFanOut"], `expected "${processor.name}" not to be in ${processor.source}.consumers (the processor's stack registers its own consumer), found it there too`);
      }
      const tables = on(pipeline.tables) && typeof pipeline.tables.tables === "object" ? pipeline.tables.tables : {};
      if (processor.table !== undefined && !(processor.table in tables)) {
        fail([...path, "table"], `expected a table declared under tables.tables, found "${processor.table}" missing`, [["tables"]]);
      }
      const table = processor.table !== undefined ? tables[processor.table] : undefined;
      if (needs.tableKey && table && (table.partitionKey !== needs.tableKey.partitionKey || table.sortKey !== needs.tableKey.sortKey)) {
        fail([...path, "table"], `expected table "${processor.table}" keyed by ${needs.tableKey.partitionKey} and ${needs.tableKey.sortKey} (the keys ${processor.handler} writes), found ${table.partitionKey} and ${table.sortKey ?? "no sort key"}`, [["tables", "tables", processor.table!]]);
      }
      if (needs.ttlAttribute && table?.ttlAttribute !== undefined && table.ttlAttribute !== needs.ttlAttribute) {
        fail(["tables", "tables", processor.table!, "ttlAttribute"], `expected ${needs.ttlAttribute} (the expiry ${processor.handler} writes, so the table's TTL deletes its events), found ${table.ttlAttribute}`, [[...path, "handler"]]);
      }
      if (processor.writesToOutputStream && !streamFor("outputStream")) {
        fail([...path, "writesToOutputStream"], "expected the pipeline's outputStream to be enabled (this processor writes to it), found it missing or disabled", [["outputStream"]]);
      }
    });
  }, { when: () => true });

/** A validated pipeline, defaults applied. */
export type PipelineConfig = z.output<typeof PipelineSchema>;
