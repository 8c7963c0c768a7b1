import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { ENVS_DIR } from "../envs/load";
import { buildEnvironment, temporaryEnvsDir } from "./testing";

const README = readFileSync(join(ENVS_DIR, "..", "README.md"), "utf8");
const yamlBlocks = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
const qaExample = yamlBlocks.find((block) => block.startsWith("# envs/qa.yaml"))!;
const clickstreamExample = yamlBlocks.find((block) => block.includes("name: clickstream"))!;

describe("the README's examples work as written", () => {
  test("envs/qa.yaml exactly as shown synthesizes", () => {
    const dir = temporaryEnvsDir(["catalog/pipelines/iops-events.yaml"], { qa: qaExample });
    const qa = buildEnvironment("qa", { envsDir: dir });
    expect(qa.names).toContain("qa-iops-events-stream");
    expect(qa.all().length).toBe(qa.names.length);
  });

  test("the clickstream pipeline plans a json-schema-validator with its schema, output stream and dead-letter store", () => {
    const dir = temporaryEnvsDir(["catalog/pipelines/iops-events.yaml"], { qa: `${qaExample}${clickstreamExample.replace(/^pipelines:\n/, "")}` });
    cpSync(join(ENVS_DIR, "schemas"), join(dir, "schemas"), { recursive: true });
    const qa = buildEnvironment("qa", { envsDir: dir });
    expect(qa.names.filter((name) => name.startsWith("qa-clickstream-"))).toEqual([
      "qa-clickstream-stream", "qa-clickstream-output-stream", "qa-clickstream-validator", "qa-clickstream-archive", "qa-clickstream-alarms",
    ]);
    const [fn] = Object.values(qa.stack("clickstream", "validator").resources("aws_lambda_function"));
    const variables = fn!.environment.variables as Record<string, string>;
    expect(JSON.parse(variables.RECORD_SCHEMA!)).toEqual(JSON.parse(readFileSync(join(ENVS_DIR, "schemas", "clickstream.json"), "utf8")));
    expect(variables.OUTPUT_STREAM_NAME).toBe("acme-qa-clickstream-output-stream");
    expect(variables.DEAD_LETTER_QUEUE_URL).toBeDefined();
  });

  test("fails when a json-schema-validator's schema uses a keyword it does not apply, naming file and field", () => {
    const dir = temporaryEnvsDir(["catalog/pipelines/iops-events.yaml"], { qa: `${qaExample}${clickstreamExample.replace(/^pipelines:\n/, "")}` });
    cpSync(join(ENVS_DIR, "schemas"), join(dir, "schemas"), { recursive: true });
    writeFileSync(join(dir, "schemas", "clickstream.json"), JSON.stringify({ type: "object", oneOf: [] }));
    expect(() => buildEnvironment("qa", { envsDir: dir })).toThrow(
      /qa\.yaml: pipelines\[clickstream\]\.processors\[validator\]\.schemaFile: expected a JSON Schema json-schema-validator applies in full, found: #: keyword "oneOf" is not supported/,
    );
  });

  test("the shipped example schema is the one the README names", () => {
    expect(parse(clickstreamExample).pipelines[0].processors[0].schemaFile).toBe("schemas/clickstream.json");
  });
});
