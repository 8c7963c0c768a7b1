import { describe, expect, test } from "vitest";
import { ConfigError } from "../envs/errors";
import { loadEnvironment } from "../envs/load";
import { buildEnvironment, temporaryEnvsDir } from "./testing";

const QA_HEAD = `extends:
  - catalog/pipelines/iops-events
accountId: "444444444444"
state: { bucket: acme-qa-terraform-state }
`;

/** `qa.yaml` over the shipped defaults and iops-events catalog file. */
function qaDir(body: string): string {
  return temporaryEnvsDir(["catalog/pipelines/iops-events.yaml", "catalog/pipelines/f5-logs.yaml"], { qa: QA_HEAD + body });
}

/** The problems the qa environment is refused with, loading and then building its stacks. */
function problems(body: string): string[] {
  const dir = qaDir(body);
  try {
    buildEnvironment("qa", { envsDir: dir });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => `${p.file.replace(`${dir}/`, "")}: ${p.path}: ${p.message}`);
  }
  throw new Error("expected qa to be refused");
}

const processor = (settings: string) => `pipelines:\n  - name: iops-events\n    processors:\n      - { name: processor, ${settings} }\n`;

describe("values the schema refuses, before any synth", () => {
  test("fails when reservedConcurrency is 0 (it would stop every invocation)", () => {
    expect(problems(processor("reservedConcurrency: 0"))).toEqual([
      "qa.yaml: pipelines[iops-events].processors[processor].reservedConcurrency: expected at least 1, found 0",
    ]);
  });

  test("fails when reservedConcurrency is below parallelizationFactor", () => {
    expect(problems(processor("reservedConcurrency: 2, parallelizationFactor: 4"))).toEqual([
      "qa.yaml: pipelines[iops-events].processors[processor].reservedConcurrency: expected at least parallelizationFactor (4), so one shard's parallel batches can run, found 2",
    ]);
  });

  test("fails when logRetentionDays is not a retention CloudWatch Logs accepts", () => {
    expect(problems(processor("logRetentionDays: 10"))).toEqual([
      expect.stringMatching(/^qa\.yaml: pipelines\[iops-events\]\.processors\[processor\]\.logRetentionDays: expected one of the retentions CloudWatch Logs accepts \(0, 1, 3, 5, 7, 14, .*3653 days; 0 keeps logs forever\), found 10$/),
    ]);
  });

  test("fails when glacierDays comes less than 30 days after infrequentAccessDays", () => {
    expect(problems("pipelines:\n  - name: iops-events\n    archive: { lifecycle: { infrequentAccessDays: 40, glacierDays: 60 } }\n")).toEqual([
      "qa.yaml: pipelines[iops-events].archive.lifecycle.glacierDays: expected at least 70 (S3 keeps objects 30 days in Standard-IA, from day 40, before Glacier), found 60",
    ]);
  });

  test("fails when expiration comes before the Glacier transition", () => {
    expect(problems("pipelines:\n  - name: iops-events\n    archive: { lifecycle: { glacierDays: 120, expirationDays: 100 } }\n")).toEqual([
      "qa.yaml: pipelines[iops-events].archive.lifecycle.expirationDays: expected more than 120 (objects expire after their last transition, to Glacier on day 120), found 100",
    ]);
  });
});

describe("the values at the edge of what the schema accepts synthesize", () => {
  test("reservedConcurrency 1, logRetentionDays 14 and glacierDays exactly 30 days after infrequentAccessDays", () => {
    const dir = qaDir(
      "pipelines:\n  - name: iops-events\n    processors:\n      - { name: processor, reservedConcurrency: 1, logRetentionDays: 14 }\n" +
        "    archive: { lifecycle: { infrequentAccessDays: 45, glacierDays: 75, expirationDays: 76 } }\n",
    );
    const qa = buildEnvironment("qa", { envsDir: dir });
    expect(Object.values(qa.stack("iops-events", "processor").resources("aws_lambda_function"))[0]).toMatchObject({ reserved_concurrent_executions: 1 });
    expect(Object.values(qa.stack("iops-events", "processor").resources("aws_cloudwatch_log_group"))[0]).toMatchObject({ retention_in_days: 14 });
    const lifecycle = Object.values(qa.stack("iops-events", "archive").resources("aws_s3_bucket_lifecycle_configuration"))[0]!;
    expect((lifecycle.rule as { transition?: unknown }[])[0]!.transition).toEqual([
      { days: 45, storage_class: "STANDARD_IA" },
      { days: 75, storage_class: "GLACIER" },
    ]);
  });
});

describe("the API's stage, routes and authorization", () => {
  const api = (settings: string) => `pipelines:\n  - name: iops-events\n    api: { ${settings} }\n`;

  test("fails on a stage name or a path API Gateway refuses, and on one path for both routes", () => {
    expect(problems(api('stageName: "pr od", eventsPath: metrics'))).toEqual([
      'qa.yaml: pipelines[iops-events].api.eventsPath: expected a path like /events, found "metrics"',
      'qa.yaml: pipelines[iops-events].api.stageName: expected "$default" (served at the endpoint\'s root) or 1 to 128 letters, digits, "-" or "_", found "pr od"',
    ]);
    expect(problems(api("eventsPath: /in, batchPath: /in"))).toEqual([
      'qa.yaml: pipelines[iops-events].api.batchPath: expected a path other than eventsPath, found "/in" for both',
    ]);
  });

  test.each([
    ["the $default stage and the module's paths", 'stageName: "$default", eventsPath: /events, batchPath: /events/batch', "$default", ["POST /events", "POST /events/batch"]],
    ["a 128-character stage", `stageName: ${"s".repeat(128)}`, "s".repeat(128), ["POST /metrics", "POST /metrics/batch"]],
  ])("synthesizes %s", (_, settings, stage, routeKeys) => {
    const qa = buildEnvironment("qa", { envsDir: qaDir(api(settings)) });
    const stack = qa.stack("iops-events", "api");
    expect(Object.values(stack.resources("aws_apigatewayv2_stage")).map((s) => s.name)).toEqual([stage]);
    expect(Object.values(stack.resources("aws_apigatewayv2_route")).map((r) => r.route_key).sort()).toEqual(routeKeys);
  });

  test("JWT and an explicit NONE synthesize: an authorizer with issuer and audience, or open routes", () => {
    const jwt = buildEnvironment("qa", { envsDir: qaDir(api("authorization: { type: JWT, issuer: \"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc\", audience: [client-1] }")) });
    expect(Object.values(jwt.stack("iops-events", "api").resources("aws_apigatewayv2_authorizer"))).toEqual([
      expect.objectContaining({ authorizer_type: "JWT", identity_sources: ["$request.header.Authorization"], jwt_configuration: { issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc", audience: ["client-1"] } }),
    ]);
    expect(new Set(Object.values(jwt.stack("iops-events", "api").resources("aws_apigatewayv2_route")).map((r) => r.authorization_type))).toEqual(new Set(["JWT"]));
    const open = buildEnvironment("qa", { envsDir: qaDir(api('authorization: { type: NONE, reason: "public status page, read by anyone" }')) });
    expect(new Set(Object.values(open.stack("iops-events", "api").resources("aws_apigatewayv2_route")).map((r) => r.authorization_type))).toEqual(new Set(["NONE"]));
  });
});

describe("the events' retention in the table", () => {
  const retentionOf = (body: string) => {
    const qa = buildEnvironment("qa", { envsDir: qaDir(body) });
    const fn = Object.values(qa.stack("iops-events", "processor").resources("aws_lambda_function"))[0] as { environment: { variables: Record<string, string> } };
    return fn.environment.variables.EVENTS_RETENTION_DAYS;
  };

  test.each([
    ["unset: the default", "", "90"],
    ["the smallest", processor("eventRetentionDays: 1"), "1"],
    ["the largest", processor("eventRetentionDays: 3650"), "3650"],
  ])("reaches stream-processor as EVENTS_RETENTION_DAYS (%s)", (_, body, days) => {
    expect(retentionOf(body)).toBe(days);
  });
});

describe("a module refusing a value is reported against the file and field", () => {
  test("fails naming qa.yaml and the field when the archive's prefix needs what the pipeline does not set", () => {
    expect(problems("pipelines:\n  - name: iops-events\n    archive: { prefix: \"data/!{partitionKeyFromQuery:tenant}/\" }\n")).toEqual([
      "qa.yaml: pipelines[iops-events].archive.prefix: expected settings the archive component accepts, found one it refuses: prefix uses \"!{partitionKeyFromQuery:tenant}\", which needs dynamicPartitioning",
    ]);
  });
});

describe("errors in merged lists", () => {
  test("name the item by its name, in the file that set the value", () => {
    expect(problems("pipelines:\n  - name: iops-events\n    stream: { retentionHours: 12 }\n")).toEqual([
      "qa.yaml: pipelines[iops-events].stream.retentionHours: expected at least 24, found 12",
    ]);
  });

  test("a stream turned off in qa.yaml blames qa.yaml, not the catalog file that enabled its readers", () => {
    expect(problems("pipelines:\n  - name: iops-events\n    stream: { enabled: false }\n")).toEqual([
      "qa.yaml: pipelines[iops-events].api: expected the pipeline's stream to be enabled (the API writes to it), found it missing or disabled",
      "qa.yaml: pipelines[iops-events].archive.source: expected the pipeline's stream to be enabled (this component reads from it), found it missing or disabled",
      "qa.yaml: pipelines[iops-events].processors[processor].source: expected the pipeline's stream to be enabled (this component reads from it), found it missing or disabled",
    ]);
  });

  test("an unknown key gets a did-you-mean", () => {
    expect(problems("pipelines:\n  - name: iops-events\n    stream: { retentionHour: 48 }\n")).toEqual([
      'qa.yaml: pipelines[iops-events].stream.retentionHour: unknown key (did you mean "retentionHours"?)',
    ]);
  });

  test("an unknown key with no close match lists the keys allowed there", () => {
    expect(problems("pipelines:\n  - name: iops-events\n    alarms: { pager: true }\n")).toEqual([
      expect.stringMatching(/^qa\.yaml: pipelines\[iops-events\]\.alarms\.pager: unknown key \(expected one of enabled, iteratorAgeSeconds, .*dashboard\)$/),
    ]);
  });

  test("fails when a pipeline's name is one typo away from a catalog pipeline", () => {
    expect(problems("pipelines:\n  - name: iops-event\n    stream: { retentionHours: 48 }\n")).toEqual([
      'qa.yaml: pipelines[iops-event].name: expected a catalog pipeline\'s name or a clearly different one, found "iops-event" (did you mean "iops-events"? a new name adds a second pipeline instead of overriding it)',
    ]);
  });
});

describe("a processor's settings are its handler's", () => {
  const fraud = (settings: string) =>
    `pipelines:\n  - name: clickstream\n    stream: {}\n    processors:\n      - { name: fraud, handler: fraud-detector, alertTopic: true, settings: { ${settings} } }\n`;

  test("fails on a misspelt setting, naming the one meant", () => {
    expect(problems(fraud("AMOUNT_TRESHOLD: 1000"))).toEqual([
      'qa.yaml: pipelines[clickstream].processors[fraud].settings.AMOUNT_TRESHOLD: unknown setting of handler fraud-detector (did you mean "AMOUNT_THRESHOLD"?)',
    ]);
  });

  test("fails on a setting the handler would refuse, as it reads it", () => {
    expect(problems(fraud("AMOUNT_THRESHOLD: -5"))).toEqual([
      expect.stringMatching(/^qa\.yaml: pipelines\[clickstream\]\.processors\[fraud\]\.settings\.AMOUNT_THRESHOLD: .*>0, found -5$/),
    ]);
  });

  test("fails on a variable Lambda reserves, which no handler reads as a setting", () => {
    expect(problems(processor("settings: { AWS_REGION: eu-west-2 }"))).toEqual([
      "qa.yaml: pipelines[iops-events].processors[processor].settings.AWS_REGION: unknown setting of handler stream-processor (expected one of MAX_FUTURE_MINUTES, MAX_EVENT_BYTES, WRITE_MAX_ATTEMPTS)",
    ]);
  });

  test("fails on any setting of a handler that reads none", () => {
    const body = "pipelines:\n  - name: clickstream\n    stream: {}\n    outputStream: {}\n" +
      "    processors:\n      - { name: check, handler: json-schema-validator, writesToOutputStream: true, schemaFile: schemas/clickstream.json, settings: { STRICT: true } }\n";
    expect(problems(body)).toContain("qa.yaml: pipelines[clickstream].processors[check].settings.STRICT: unknown setting of handler json-schema-validator (it takes none)");
  });
});

describe("a processor must have what its handler needs", () => {
  test("fails when a stream-processor has no table and no alert topic", () => {
    const body = "pipelines:\n  - name: clickstream\n    stream: {}\n    processors:\n      - { name: validator, handler: stream-processor }\n";
    expect(problems(body)).toEqual([
      "qa.yaml: pipelines[clickstream].processors[validator].alertTopic: expected true for handler stream-processor (it publishes malformed-event summaries to MALFORMED_TOPIC_ARN), found false",
      "qa.yaml: pipelines[clickstream].processors[validator].table: expected a table of the pipeline for handler stream-processor (it writes valid events to EVENTS_TABLE_NAME), found none",
    ]);
  });

  test("fails when a stream-processor's table lacks the keys it writes", () => {
    const body = "pipelines:\n  - name: clickstream\n    stream: {}\n    tables: { tables: { clicks: { partitionKey: id } } }\n" +
      "    processors:\n      - { name: validator, handler: stream-processor, table: clicks, alertTopic: true }\n";
    expect(problems(body)).toEqual([
      'qa.yaml: pipelines[clickstream].processors[validator].table: expected table "clicks" keyed by pk and sk (the keys stream-processor writes), found id and no sort key',
    ]);
  });

  test("fails when eventRetentionDays is set on a handler that writes no expiry, or out of range", () => {
    const body = "pipelines:\n  - name: clickstream\n    stream: {}\n    processors:\n      - { name: filter, handler: log-filter, eventRetentionDays: 30 }\n" +
      "  - name: iops-events\n    processors:\n      - { name: processor, eventRetentionDays: 0 }\n";
    expect(problems(body)).toEqual([
      "qa.yaml: pipelines[clickstream].processors[filter].eventRetentionDays: expected no eventRetentionDays for handler log-filter (only stream-processor writes an expiry), found 30",
      "qa.yaml: pipelines[iops-events].processors[processor].eventRetentionDays: expected at least 1, found 0",
    ]);
  });

  test("fails when a stream-processor's table expires items on another attribute than the one it writes", () => {
    expect(problems("pipelines:\n  - name: iops-events\n    tables: { tables: { events: { ttlAttribute: ttl } } }\n")).toEqual([
      "qa.yaml: pipelines[iops-events].tables.tables.events.ttlAttribute: expected expires_at (the expiry stream-processor writes, so the table's TTL deletes its events), found ttl",
    ]);
  });

  test("fails when a processor asks for access its handler does not use", () => {
    const body = "pipelines:\n  - name: clickstream\n    stream: {}\n    outputStream: {}\n" +
      "    processors:\n      - { name: logs, handler: log-filter, alertTopic: true, writesToOutputStream: true }\n";
    expect(problems(body)).toEqual([
      "qa.yaml: pipelines[clickstream].processors[logs].alertTopic: expected no alertTopic for handler log-filter (it uses no alert topic), found true",
      "qa.yaml: pipelines[clickstream].processors[logs].writesToOutputStream: expected no writesToOutputStream for handler log-filter (it uses no output stream), found true",
    ]);
  });

  test("the shipped pipelines have what their handlers need", () => {
    expect(() => loadEnvironment("qa", qaDir(""))).not.toThrow();
  });
});
