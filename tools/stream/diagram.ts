import { archiveLifecycle, type EffectiveLifecycle } from "../../stacks/archive-lifecycle";
import { enhancedFanOutConsumers } from "../../stacks/readers";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EnvironmentConfig } from "../../envs/schema/environment";
import type { PipelineConfig } from "../../envs/schema/pipeline";
import { pipelineStreamName } from "./target";

type StreamRole = "stream" | "outputStream";

/** Mermaid node ids: letters, digits and underscores only. */
const nodeId = (...parts: string[]): string => parts.join("_").replace(/[^a-zA-Z0-9_]/g, "_");
/** Quoted Mermaid label: `"` becomes `#quot;`, lines are joined with `<br/>`. */
const label = (...lines: string[]): string => `"${lines.map((l) => l.replace(/"/g, "#quot;")).join("<br/>")}"`;

function pipelineLines(env: EnvironmentConfig, pipeline: PipelineConfig): string[] {
  const id = (...parts: string[]) => nodeId(pipeline.name, ...parts);
  const on = <T extends { enabled: boolean }>(c: T | undefined): c is T => c !== undefined && c.enabled;
  const lines: string[] = [`  subgraph ${id("pipeline")}[${label(pipeline.name)}]`, "    direction LR"];
  const node = (text: string) => lines.push(`    ${text}`);
  const streamNode = (role: StreamRole): string => id(role === "stream" ? "stream" : "output_stream");

  for (const role of ["stream", "outputStream"] as const) {
    const stream = pipeline[role];
    if (!on(stream)) continue;
    const mode = stream.mode === "provisioned" ? `${stream.shardCount} shards` : "on-demand";
    const consumers = enhancedFanOutConsumers(pipeline, role);
    const efo = consumers.length > 0 ? `, fan-out: ${consumers.join(", ")}` : "";
    node(`${streamNode(role)}[(${label(`Kinesis ${role === "stream" ? "stream" : "output stream"}`, pipelineStreamName(env, pipeline.name, role), `${mode}, ${stream.retentionHours} h, ${stream.encryption} key${efo}`)})]`);
  }
  if (on(pipeline.api)) {
    node(`${id("api")}[/${label("HTTP ingest API", `auth: ${pipeline.api.authorization.type}`)}/]`);
    node(`${id("api")} -->|PutRecords| ${streamNode("stream")}`);
  }
  if (on(pipeline.tables)) {
    for (const table of Object.keys(pipeline.tables.tables)) node(`${id("table", table)}[(${label("DynamoDB", table)})]`);
  }
  for (const processor of (pipeline.processors ?? []).filter(on)) {
    const p = id("fn", processor.name);
    const settings = [processor.memoryMiB ? `${processor.memoryMiB} MB` : undefined, processor.batchSize ? `batch ${processor.batchSize}` : undefined].filter(Boolean).join(", ");
    node(`${p}[[${label(`Lambda ${processor.name}`, `handler: ${processor.handler}`, ...(settings ? [settings] : []))}]]`);
    node(`${streamNode(processor.source ?? "stream")} -->|${processor.enhancedFanOut ? "enhanced fan-out" : "polling"}| ${p}`);
    if (processor.table !== undefined) node(`${p} --> ${id("table", processor.table)}`);
    if (processor.writesToOutputStream) node(`${p} --> ${streamNode("outputStream")}`);
    if (processor.alertTopic) {
      node(`${id("topic", processor.name)}>${label("SNS alerts")}]`);
      node(`${p} -.->|alerts| ${id("topic", processor.name)}`);
    }
    node(`${id("dlq", processor.name)}[${label("SQS dead letters")}]`);
    node(`${p} -.->|failed batches, malformed records| ${id("dlq", processor.name)}`);
  }
  if (on(pipeline.archive)) {
    const a = pipeline.archive;
    const buffer = `${a.bufferingSizeMiB ?? 5} MiB / ${a.bufferingIntervalSeconds ?? 300} s, ${a.compression ?? "GZIP"}`;
    node(`${id("archive")}[${label("Firehose archive", buffer)}]`);
    node(`${id("bucket")}[(${label("S3 archive", lifecycleText(archiveLifecycle(a)))})]`);
    node(`${streamNode(a.source ?? "stream")} --> ${id("archive")} --> ${id("bucket")}`);
  }
  if (on(pipeline.search)) {
    const s = pipeline.search;
    node(`${id("search")}[${label("Firehose search", `index ${s.indexName}`)}]`);
    node(`${id("domain")}[(${label("OpenSearch", `${s.domain?.instanceCount ?? 2} x ${s.domain?.instanceType ?? "r6g.large.search"}`)})]`);
    node(`${streamNode(s.source ?? "stream")} --> ${id("search")} --> ${id("domain")}`);
  }
  if (on(pipeline.analytics)) {
    node(`${id("analytics")}[[${label("Managed Flink", `window ${pipeline.analytics.windowSeconds} s`)}]]`);
    node(`${streamNode("stream")} --> ${id("analytics")} --> ${streamNode("outputStream")}`);
  }
  if (on(pipeline.alarms)) {
    const a = pipeline.alarms;
    const rules = [`iterator age > ${a.iteratorAgeSeconds} s`, `errors > ${a.errorRatePercent}%`];
    if (a.malformedRatePercent !== undefined) rules.push(`malformed > ${a.malformedRatePercent}%`);
    if (a.noIncomingRecordsMinutes !== undefined) rules.push(`no records for ${a.noIncomingRecordsMinutes} min`);
    node(`${id("alarms")}{{${label(`Alarms${a.dashboard ? " + dashboard" : ""}`, ...rules)}}}`);
    if (on(pipeline.stream)) node(`${streamNode("stream")} -.- ${id("alarms")}`);
  }
  lines.push("  end");
  return lines;
}

/** The Mermaid flowchart of an environment's enabled pipelines, from the same config the stacks use. */
export function environmentDiagram(env: EnvironmentConfig): string {
  const lines = ["flowchart LR"];
  for (const pipeline of env.pipelines.filter((p) => p.enabled)) lines.push(...pipelineLines(env, pipeline));
  return lines.join("\n") + "\n";
}

/** A Markdown page with the environment's diagram in a `mermaid` fence, for docs/ and the plan summary. */
export function diagramMarkdown(env: EnvironmentConfig): string {
  const pipelines = env.pipelines.filter((p) => p.enabled).map((p) => p.name);
  return [
    `# ${env.name}: ${env.namespace} in ${env.region}`,
    "",
    `Pipelines: ${pipelines.join(", ") || "none"}. Generated by \`npm run stream -- diagram --env ${env.name}\` from envs/; do not edit.`,
    "",
    "```mermaid",
    environmentDiagram(env).trimEnd(),
    "```",
    "",
  ].join("\n");
}

/** Writes `<dir>/<env>.md` for each environment and returns the paths written. */
export function writeDiagrams(envs: EnvironmentConfig[], dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return envs.map((env) => {
    const path = join(dir, `${env.name}.md`);
    writeFileSync(path, diagramMarkdown(env));
    return path;
  });
}

function lifecycleText(lifecycle: EffectiveLifecycle): string {
  return `IA ${lifecycle.infrequentAccessDays} d, Glacier ${lifecycle.glacierDays} d, expire ${lifecycle.expirationDays ?? "never"}`;
}
