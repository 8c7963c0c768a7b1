import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError } from "./errors";
import { ENVS_DIR, listEnvironments, loadEnvironment } from "./load";
import { environmentJsonSchema } from "./schema/json-schema";

const BASE = `
namespace: acme
region: eu-west-1
accountId: "111111111111"
state:
  bucket: acme-test-state
`;

/** A throwaway envs folder holding the given files. */
function envsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "envs-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The problems loading `test` reports, as `file: path: message` lines. */
function problems(files: Record<string, string>): string[] {
  const dir = envsDir(files);
  try {
    loadEnvironment("test", dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.file}: ${p.path}: ${p.message}`.replaceAll(dir, "<envs>"));
  }
  throw new Error("expected the environment to be refused");
}

describe("loadEnvironment", () => {
  test("merges defaults, extended files and the environment, later files winning", () => {
    const dir = envsDir({
      "defaults.yaml": `${BASE}tags: { project: p, owner: a }\n`,
      "catalog/logs.yaml": "pipelines:\n  - name: logs\n    stream: { mode: provisioned, shardCount: 2 }\n    archive: { bufferingSizeMiB: 5 }\n",
      "test.yaml": "extends: catalog/logs\ntags: { owner: b }\npipelines:\n  - name: logs\n    stream: { shardCount: 4 }\n  - name: other\n",
    });
    const env = loadEnvironment("test", dir);
    expect(env.tags).toEqual({ project: "p", owner: "b" });
    expect(env.pipelines.map((p) => p.name)).toEqual(["logs", "other"]);
    expect(env.pipelines[0]!.stream).toEqual({ enabled: true, mode: "provisioned", shardCount: 4, retentionHours: 24, encryption: "aws-managed", shardLevelMetrics: ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords"] });
    expect(env.pipelines[0]!.archive?.bufferingSizeMiB).toBe(5);
    expect(env.sourceFiles.map((f) => f.replace(dir, ""))).toEqual(["/defaults.yaml", "/catalog/logs.yaml", "/test.yaml"]);
  });

  test("an inherited component can be turned off", () => {
    const dir = envsDir({
      "defaults.yaml": BASE,
      "test.yaml": "pipelines:\n  - name: logs\n    stream: {}\n    archive: {}\n",
      "off.yaml": "extends: test\npipelines:\n  - name: logs\n    archive: { enabled: false }\n",
    });
    expect(loadEnvironment("off", dir).pipelines[0]!.archive?.enabled).toBe(false);
  });

  test("the shipped environments load", () => {
    const files = readdirSync(ENVS_DIR).filter((file) => file.endsWith(".yaml") && file !== "defaults.yaml");
    expect(listEnvironments()).toEqual(files.map((file) => file.replace(/\.yaml$/, "")).sort());
    for (const name of listEnvironments()) expect(loadEnvironment(name).name).toBe(name);
  });

  test("the committed JSON Schema is generated from the zod schema", () => {
    const committed = JSON.parse(readFileSync(join(ENVS_DIR, "schema.json"), "utf8"));
    expect(committed).toEqual(environmentJsonSchema());
  });
});

describe("bad configuration", () => {
  test("fails with every problem at once, naming file, path, expectation and finding", () => {
    const found = problems({
      "defaults.yaml": `${BASE}regoin: eu-west-1\n`,
      "test.yaml": [
        "region: mars-north-1",
        "notifications:",
        "  emails: [oncall-at-example.com]",
        "pipelines:",
        "  - name: logs",
        "    stream: { mode: provisioned, retentionHours: 12 }",
        "  - name: events",
        "    stream: { mode: on-demand, shardCount: 2, retentionHours: \"24\" }",
        "    archive: { source: outputStream }",
        "    processors:",
        "      - { name: enrich, handler: enrichment, table: customers }",
      ].join("\n"),
    });
    expect(found).toEqual([
      "<envs>/defaults.yaml: regoin: unknown key (did you mean \"region\"?)",
      "<envs>/test.yaml: notifications.emails[0]: expected an e-mail address, found \"oncall-at-example.com\"",
      "<envs>/test.yaml: pipelines[events].archive.source: expected the pipeline's outputStream to be enabled (this component reads from it), found it missing or disabled",
      '<envs>/test.yaml: pipelines[events].processors[enrich].table: expected a table declared under tables.tables, found "customers" missing',
      "<envs>/test.yaml: pipelines[events].processors[enrich].writesToOutputStream: expected true for handler enrichment (it writes enriched records to OUTPUT_STREAM_NAME), found false",
      "<envs>/test.yaml: pipelines[events].stream.retentionHours: expected number, found \"24\"",
      "<envs>/test.yaml: pipelines[events].stream.shardCount: expected no shard count when mode is on-demand (AWS sizes the stream), found 2",
      "<envs>/test.yaml: pipelines[logs].stream.retentionHours: expected at least 24, found 12",
      "<envs>/test.yaml: pipelines[logs].stream.shardCount: expected a shard count when mode is provisioned, found none",
      '<envs>/test.yaml: region: expected a known AWS region such as eu-west-1 (list: envs/schema/regions.ts), found "mars-north-1"',
    ]);
  });

  test("fails when retention is above 8760 hours", () => {
    expect(problems({ "defaults.yaml": BASE, "test.yaml": "pipelines:\n  - name: logs\n    stream: { retentionHours: 9000 }\n" })).toEqual([
      "<envs>/test.yaml: pipelines[logs].stream.retentionHours: expected at most 8760, found 9000",
    ]);
  });

  test("fails when two pipelines in one file share a name", () => {
    expect(problems({ "defaults.yaml": BASE, "test.yaml": "pipelines:\n  - name: logs\n  - name: logs\n" })).toEqual([
      '<envs>/test.yaml: pipelines[1].name: expected unique pipeline names, found "logs" also at pipelines[0]',
    ]);
  });

  test("fails when a component is enabled without the stream it reads from", () => {
    expect(problems({ "defaults.yaml": BASE, "test.yaml": "pipelines:\n  - name: logs\n    archive: {}\n    api: {}\n" })).toEqual([
      "<envs>/test.yaml: pipelines[logs].api: expected the pipeline's stream to be enabled (the API writes to it), found it missing or disabled",
      "<envs>/test.yaml: pipelines[logs].archive.source: expected the pipeline's stream to be enabled (this component reads from it), found it missing or disabled",
    ]);
  });

  test("fails when a required key is missing, naming the environment file", () => {
    expect(problems({ "defaults.yaml": "namespace: acme\nregion: eu-west-1\n", "test.yaml": "state: { bucket: acme-state }\n" })).toEqual([
      "<envs>/test.yaml: accountId: expected string, found nothing",
    ]);
  });

  test("fails when a value has the wrong type", () => {
    expect(problems({ "defaults.yaml": BASE, "test.yaml": "tags: [a, b]\n" })).toEqual([
      "<envs>/test.yaml: tags: expected record, found a list of 2",
    ]);
  });

  test("fails when an environment extends a file that does not exist", () => {
    expect(problems({ "defaults.yaml": BASE, "test.yaml": "extends: catalog/missing\n" })).toEqual([
      "<envs>/test.yaml: extends: expected an existing file, found no <envs>/catalog/missing.yaml",
    ]);
  });

  test("fails when extends form a cycle", () => {
    expect(problems({ "defaults.yaml": BASE, "test.yaml": "extends: a\n", "a.yaml": "extends: test\n" })).toEqual([
      "<envs>/test.yaml: extends: expected no cycle, found <envs>/test.yaml -> <envs>/a.yaml -> <envs>/test.yaml",
    ]);
  });

  test("fails when the YAML itself is broken", () => {
    expect(problems({ "defaults.yaml": BASE, "test.yaml": "tags:\n  a: 1\n  a: 2\n" })).toEqual([
      expect.stringMatching(/^<envs>\/test\.yaml: line 3: expected valid YAML: Map keys must be unique/),
    ]);
  });

  test("fails when the environment file does not exist, listing those that do", () => {
    const dir = envsDir({ "defaults.yaml": BASE, "dev.yaml": "" });
    expect(() => loadEnvironment("qa", dir)).toThrow(/qa\.yaml: \(top level\): expected the environment file, found none \(environments: dev\)/);
  });
});
