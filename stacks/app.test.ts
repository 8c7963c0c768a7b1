import { rmSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import { listEnvironments } from "../envs/load";
import { type SynthesizedEnvironment, buildEnvironment, temporaryEnvsDir } from "./testing";

/** Each seed pipeline's components in deployment order, with the components each depends on. */
const PIPELINE_STACKS: Record<string, Record<string, string[]>> = {
  "f5-logs": {
    stream: [],
    "log-filter": ["stream"],
    archive: ["stream"],
    alarms: ["stream", "log-filter", "archive"],
  },
  "iops-events": {
    stream: [],
    tables: [],
    api: ["stream"],
    processor: ["stream", "tables"],
    archive: ["stream"],
    alarms: ["stream", "tables", "api", "processor", "archive"],
  },
  transactions: {
    stream: [],
    "output-stream": [],
    tables: [],
    fraud: ["stream"],
    enrichment: ["stream", "tables", "output-stream"],
    archive: ["stream"],
    alarms: ["stream", "output-stream", "tables", "fraud", "enrichment", "archive"],
  },
  blueprint: {
    stream: [],
    "output-stream": [],
    tables: [],
    analytics: ["stream", "output-stream"],
    enrichment: ["stream", "tables", "output-stream"],
    archive: ["stream"],
    search: ["output-stream"],
    alarms: ["stream", "output-stream", "tables", "analytics", "enrichment", "archive", "search"],
  },
};

function expectedStacks(env: string, pipelines: string[], budget = true): { name: string; dependsOn: string[] }[] {
  const stacks = pipelines.flatMap((pipeline) =>
    Object.entries(PIPELINE_STACKS[pipeline]!).map(([component, upstream]) => ({
      name: `${env}-${pipeline}-${component}`,
      dependsOn: upstream.map((dependency) => `${env}-${pipeline}-${dependency}`),
    })),
  );
  return budget ? [...stacks, { name: `${env}-platform-budget`, dependsOn: [] }] : stacks;
}

// Every file in envs/, so an environment added as the README shows is checked too.
const shipped: Record<string, { environment: SynthesizedEnvironment }> = Object.fromEntries(
  listEnvironments().map((name) => [name, { environment: buildEnvironment(name) }]),
);

describe.each(Object.keys(shipped))("the %s environment", (name) => {
  const { environment } = shipped[name]!;
  const pipelines = environment.env.pipelines.filter((pipeline) => pipeline.enabled).map((pipeline) => pipeline.name);
  const catalogOnly = pipelines.every((pipeline) => pipeline in PIPELINE_STACKS);

  test.runIf(catalogOnly)("produces one stack per enabled component of its catalog pipelines, in deployment order, with its dependencies", () => {
    const planned = environment.planned.map((stack) => ({ name: stack.name, dependsOn: [...stack.dependsOn] }));
    expect(planned).toEqual(expectedStacks(name, pipelines, environment.env.notifications.monthlyBudgetUsd !== undefined));
  });

  test("records the order with addDependency, for cdktf deploy", () => {
    for (const stack of environment.planned) {
      expect(stack.stack.dependencies.map((dependency) => dependency.node.id), stack.name).toEqual(stack.dependsOn);
    }
  });

  test("every stack keeps its own state: S3 key streaming-platform/<stack>/terraform.tfstate with the native lock file", () => {
    for (const stack of environment.all()) {
      expect(stack.raw.terraform.backend, stack.planned.name).toEqual({
        s3: {
          bucket: environment.env.state.bucket,
          key: `streaming-platform/${stack.planned.name}/terraform.tfstate`,
          region: environment.env.state.region ?? environment.env.region,
          encrypt: true,
          use_lockfile: true,
        },
      });
    }
    const keys = environment.all().map((stack) => stack.raw.terraform.backend.s3.key as string);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test("no stack reads another stack's state (no terraform_remote_state)", () => {
    for (const stack of environment.all()) {
      expect(JSON.stringify(stack.raw), stack.planned.name).not.toContain("terraform_remote_state");
      expect(stack.raw.data?.terraform_remote_state, stack.planned.name).toBeUndefined();
    }
  });

  test("no stack reads anything from AWS at plan time", () => {
    for (const stack of environment.all()) {
      expect(stack.dataSources(), stack.planned.name).toEqual([]);
    }
  });
});

function efoProcessorStacks(environment: SynthesizedEnvironment): string[] {
  return environment.env.pipelines.flatMap((pipeline) =>
    (pipeline.processors ?? []).filter((processor) => processor.enhancedFanOut).map((processor) => `${environment.env.name}-${pipeline.name}-${processor.name}`),
  );
}

const withEnhancedFanOut = Object.keys(shipped).filter((name) => efoProcessorStacks(shipped[name]!.environment).length > 0);

test("the environments with the blueprint pipeline run its enhanced fan-out processor (enrichment)", () => {
  const withBlueprint = Object.keys(shipped).filter((name) => shipped[name]!.environment.env.pipelines.some((p) => p.enabled && p.name === "blueprint"));
  expect(withBlueprint).toContain("prod");
  expect(withEnhancedFanOut).toEqual(withBlueprint);
  expect(efoProcessorStacks(shipped.prod!.environment)).toEqual(["prod-blueprint-enrichment"]);
});

describe.each(withEnhancedFanOut)("the %s enhanced fan-out processors", (name) => {
  const { environment } = shipped[name]!;
  // The processor's stack registers its own consumer, so it plans before the stream stack is deployed.
  test("plan alone: they register their consumer instead of looking it up", () => {
    for (const stack of efoProcessorStacks(environment).map((name) => environment.byName(name))) {
      expect(stack.dataSources(), stack.planned.name).toEqual([]);
      expect(Object.values(stack.raw.resource.aws_kinesis_stream_consumer ?? {}).map((c: any) => c.name)).toEqual(["enrichment"]);
    }
  });
});

test("dev is the only environment without the transactions and blueprint stacks", () => {
  expect(shipped.dev!.environment.names.filter((stack) => /-(transactions|blueprint)-/.test(stack))).toEqual([]);
});

test("in plan-only mode every stack keeps a local state file", () => {
  const environment = buildEnvironment("dev", { mode: "plan-only" });
  for (const stack of environment.all()) {
    expect(stack.raw.terraform.backend, stack.planned.name).toEqual({ local: { path: "terraform.tfstate" } });
  }
});

describe("a new environment file", () => {
  const COMMON = `accountId: "444444444444"\ntags: { environment: qa }\nstate: { bucket: acme-qa-terraform-state }\n`;
  const dir = temporaryEnvsDir(["catalog/pipelines/iops-events.yaml", "catalog/pipelines/f5-logs.yaml"], {
    qa: `extends:\n  - catalog/pipelines/iops-events\n${COMMON}pipelines:\n  - name: iops-events\n    traffic: { peakRecordsPerSecond: 100, averageRecordBytes: 1024 }\n    stream: { shardCount: 1 }\n`,
    "qa-off": [
      "extends:\n  - catalog/pipelines/iops-events\n  - catalog/pipelines/f5-logs\n",
      COMMON,
      "pipelines:\n",
      "  - name: iops-events\n    api: { enabled: false }\n    archive: { enabled: false }\n    processors:\n      - { name: processor, enabled: false }\n",
      "  - name: f5-logs\n    enabled: false\n",
    ].join(""),
    "qa-quiet": `extends:\n  - catalog/pipelines/f5-logs\n${COMMON}pipelines:\n  - name: f5-logs\n    alarms: { enabled: false }\n`,
    "qa-new": `${COMMON}pipelines:\n  - name: clicks\n    stream: { mode: on-demand }\n    archive: {}\n`,
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("with one catalog pipeline produces that pipeline's stacks, which synthesize, with no code change", () => {
    const qa = buildEnvironment("qa", { envsDir: dir });
    expect(qa.planned.map((stack) => ({ name: stack.name, dependsOn: [...stack.dependsOn] }))).toEqual(
      expectedStacks("qa", ["iops-events"]).filter((stack) => stack.name !== "qa-platform-budget"),
    );
    const stacks = qa.all();
    expect(stacks).toHaveLength(6);
    expect(qa.stack("iops-events", "stream").resource("aws_kinesis_stream", "stream_resource")).toMatchObject({
      name: "acme-qa-iops-events-stream",
      shard_count: 1,
      stream_mode_details: { stream_mode: "PROVISIONED" },
    });
    for (const stack of stacks) {
      expect(stack.raw.provider.aws[0].allowed_account_ids, stack.planned.name).toEqual(["444444444444"]);
      expect(stack.raw.terraform.backend.s3.key).toBe(`streaming-platform/${stack.planned.name}/terraform.tfstate`);
    }
  });

  test("disabled components and pipelines produce no stacks, and alarms depend only on what exists", () => {
    const off = buildEnvironment("qa-off", { envsDir: dir });
    expect(off.planned.map((stack) => ({ name: stack.name, dependsOn: [...stack.dependsOn] }))).toEqual([
      { name: "qa-off-iops-events-stream", dependsOn: [] },
      { name: "qa-off-iops-events-tables", dependsOn: [] },
      { name: "qa-off-iops-events-alarms", dependsOn: ["qa-off-iops-events-stream", "qa-off-iops-events-tables"] },
    ]);
    const alarms = off.stack("iops-events", "alarms");
    expect(JSON.stringify(alarms.raw)).not.toMatch(/acme-qa-off-iops-events-(processor|archive|api)/);
  });

  test("a pipeline without an alarms key gets the default alarms and dashboard", () => {
    const fresh = buildEnvironment("qa-new", { envsDir: dir });
    expect(fresh.names).toEqual(["qa-new-clicks-stream", "qa-new-clicks-archive", "qa-new-clicks-alarms"]);
    const alarms = fresh.stack("clicks", "alarms");
    expect(Object.keys(alarms.raw.resource.aws_cloudwatch_metric_alarm).sort()).toEqual([
      "alarms_critical_archive_delivery_failures",
      "alarms_critical_stream_iterator_age_retention",
      "alarms_warning_archive_data_freshness",
      "alarms_warning_archive_delivery_failures",
      "alarms_warning_stream_iterator_age",
      "alarms_warning_stream_write_throttle_ratio",
      "alarms_warning_stream_write_throttles",
    ]);
    // The schema's default threshold, 60 s.
    expect(alarms.resource("aws_cloudwatch_metric_alarm", "alarms_warning_stream_iterator_age")).toMatchObject({ threshold: 60_000 });
    expect(Object.keys(alarms.raw.resource.aws_cloudwatch_dashboard ?? {})).toHaveLength(1);
  });

  test("a disabled alarms component produces no alarms stack", () => {
    expect(buildEnvironment("qa-quiet", { envsDir: dir }).names).toEqual(["qa-quiet-f5-logs-stream", "qa-quiet-f5-logs-log-filter", "qa-quiet-f5-logs-archive"]);
  });
});
