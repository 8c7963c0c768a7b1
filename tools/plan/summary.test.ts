import { describe, expect, test } from "vitest";
import type { PlanJson, ResourceChange } from "./plan-json";
import { changeKind } from "./plan-json";
import { MAX_ATTRIBUTE_ROWS, MAX_ERROR_LINES, stackBody } from "./summary-markdown";
import { failedPlan, openRouteWarnings, stackMarkdown, summarizePlan, summaryMarkdown, summaryTable } from "./summary";

function resource(address: string, change: ResourceChange["change"], action_reason?: string): ResourceChange {
  return { address, type: address.split(".")[0]!, mode: "managed", change, ...(action_reason ? { action_reason } : {}) };
}

const streamUpdate = resource("aws_kinesis_stream.stream_resource", {
  actions: ["update"],
  before: { name: "acme-dev-iops-events", shard_count: 1, tags_all: { environment: "dev" } },
  after: { name: "acme-dev-iops-events", shard_count: 2, tags_all: { environment: "dev" } },
  after_unknown: {},
  before_sensitive: {},
  after_sensitive: {},
});

const bucketReplace = resource(
  "aws_s3_bucket.archive_bucket_resource",
  {
    actions: ["delete", "create"],
    before: { bucket: "acme-dev-archive", arn: "arn:aws:s3:::acme-dev-archive", force_destroy: false },
    after: { bucket: "acme-dev-archive-v2", force_destroy: false },
    after_unknown: { arn: true },
    replace_paths: [["bucket"]],
  },
  "replace_because_cannot_update",
);

const queueDelete = resource("aws_sqs_queue.old_queue", { actions: ["delete"], before: { name: "acme-dev-old" }, after: null }, "delete_because_no_resource_config");

const functionUpdate = resource("aws_lambda_function.processor_function_resource", {
  actions: ["update"],
  before: { memory_size: 256, environment: [{ variables: { API_TOKEN: "old-secret", LOG_LEVEL: "INFO" } }], last_modified: "2026-01-01" },
  after: { memory_size: 512, environment: [{ variables: { API_TOKEN: "new-secret", LOG_LEVEL: "INFO" } }] },
  before_sensitive: { environment: [{ variables: { API_TOKEN: true } }] },
  after_sensitive: { environment: [{ variables: { API_TOKEN: true } }] },
  after_unknown: { last_modified: true },
});

const topicCreate = resource("aws_sns_topic.alarm_topic", { actions: ["create"], before: null, after: { name: "acme-dev-alarms" } });

const plan: PlanJson = {
  resource_changes: [
    topicCreate,
    streamUpdate,
    bucketReplace,
    functionUpdate,
    queueDelete,
    resource("aws_iam_role.same", { actions: ["no-op"] }),
    { address: "data.aws_iam_policy_document.x", type: "aws_iam_policy_document", mode: "data", change: { actions: ["read"] } },
  ],
};

describe("plan summary", () => {
  test("classifies Terraform's action lists, create-before-destroy included", () => {
    expect(changeKind(["create", "delete"])).toBe("replace");
    expect(changeKind(["delete", "create"])).toBe("replace");
    expect(changeKind(["update"])).toBe("update");
    expect(changeKind(["no-op"])).toBe("no-op");
  });

  test("counts adds, changes, destroys and replacements, ignoring no-ops and data sources, replacements first", () => {
    const summary = summarizePlan("dev-logs-archive", plan);
    expect({ add: summary.add, change: summary.change, destroy: summary.destroy, replace: summary.replace }).toEqual({ add: 1, change: 2, destroy: 1, replace: 1 });
    expect(summary.changes.map((c) => [c.kind, c.address])).toEqual([
      ["replace", "aws_s3_bucket.archive_bucket_resource"],
      ["delete", "aws_sqs_queue.old_queue"],
      ["update", "aws_kinesis_stream.stream_resource"],
      ["update", "aws_lambda_function.processor_function_resource"],
      ["create", "aws_sns_topic.alarm_topic"],
    ]);
  });

  test("an update shows each changed attribute old → new and nothing unchanged", () => {
    expect(stackBody(summarizePlan("dev-iops-events-stream", { resource_changes: [streamUpdate] }))).toBe(
      ["**~ update** `aws_kinesis_stream.stream_resource`", "", "| Attribute | Old → new |", "|---|---|", "| `shard_count` | `1` → `2` |"].join("\n"),
    );
  });

  test("a replacement names the attribute that forces it, first, and shows computed attributes as known after apply", () => {
    expect(stackBody(summarizePlan("dev-logs-archive", { resource_changes: [bucketReplace] }))).toBe(
      [
        "**-/+ replace** `aws_s3_bucket.archive_bucket_resource` (forced by `bucket`)",
        "",
        "| Attribute | Old → new |",
        "|---|---|",
        '| `bucket` **forces replacement** | `"acme-dev-archive"` → `"acme-dev-archive-v2"` |',
        '| `arn` | `"arn:aws:s3:::acme-dev-archive"` → *(known after apply)* |',
      ].join("\n"),
    );
  });

  test("a replacement without replace paths says why Terraform replaces it", () => {
    const tainted = resource("aws_kinesis_stream.stream_resource", { ...streamUpdate.change, actions: ["delete", "create"] }, "replace_because_tainted");
    expect(stackBody(summarizePlan("dev-iops-events-stream", { resource_changes: [tainted] })).split("\n")[0]).toBe(
      "**-/+ replace** `aws_kinesis_stream.stream_resource` (the resource is tainted)",
    );
  });

  test("a deletion is listed with its reason", () => {
    expect(stackBody(summarizePlan("dev-logs-archive", { resource_changes: [queueDelete] }))).toBe(
      ["**- destroy**", "", "- `aws_sqs_queue.old_queue` (no longer in the configuration)"].join("\n"),
    );
  });

  test("sensitive values are masked on both sides, nested attributes are shown by path", () => {
    const body = stackBody(summarizePlan("dev-logs-processor", { resource_changes: [functionUpdate] }));
    expect(body).toBe(
      [
        "**~ update** `aws_lambda_function.processor_function_resource`",
        "",
        "| Attribute | Old → new |",
        "|---|---|",
        "| `environment[0].variables.API_TOKEN` | *(sensitive value)* → *(sensitive value)* |",
        '| `last_modified` | `"2026-01-01"` → *(known after apply)* |',
        "| `memory_size` | `256` → `512` |",
      ].join("\n"),
    );
    expect(body).not.toContain("secret");
  });

  test("a failed stack shows Terraform's error, cut to whole lines with a note", () => {
    const error = ["terraform plan failed:", "", "Error: Invalid reference", ...Array.from({ length: 100 }, (_, i) => `  detail line ${i}`)].join("\n");
    const body = stackBody(failedPlan("dev-iops-events-processor", error));
    const lines = body.split("\n");
    expect(lines.slice(0, 6)).toEqual(["**Plan failed.** Terraform said:", "", "```text", "terraform plan failed:", "", "Error: Invalid reference"]);
    expect(lines.filter((l) => l.startsWith("  detail line"))).toHaveLength(MAX_ERROR_LINES - 3);
    expect(lines.slice(-3)).toEqual(["```", "", `*Cut to the first ${MAX_ERROR_LINES} of 103 lines; the whole output is in the \`make plan\` log.*`]);
  });

  test("a short error is shown whole, in a fence that backticks in it cannot close", () => {
    expect(stackBody(failedPlan("dev-x", "Error: bad\n```\nnot the end"))).toBe(
      ["**Plan failed.** Terraform said:", "", "````text", "Error: bad", "```", "not the end", "````"].join("\n"),
    );
  });

  test("a resource with very many changed attributes says how many it left out", () => {
    const before = Object.fromEntries(Array.from({ length: MAX_ATTRIBUTE_ROWS + 5 }, (_, i) => [`a${String(i).padStart(3, "0")}`, i]));
    const after = Object.fromEntries(Object.entries(before).map(([k, v]) => [k, v + 1]));
    const body = stackBody(summarizePlan("dev-x", { resource_changes: [resource("aws_x.y", { actions: ["update"], before, after })] }));
    expect(body.split("\n").filter((l) => l.startsWith("| `a"))).toHaveLength(MAX_ATTRIBUTE_ROWS);
    expect(body.split("\n").at(-1)).toBe("*5 more changed attributes left out here; every one is in the stack's plan JSON (`dev-x.json`).*");
  });

  test("SUMMARY.md: banner, failures, deletions and replacements, the table, then each stack in a collapsible block", () => {
    const markdown = summaryMarkdown(
      "dev",
      [
        summarizePlan("dev-iops-events-stream", { resource_changes: [streamUpdate] }),
        failedPlan("dev-iops-events-processor", "Error: boom"),
        summarizePlan("dev-logs-archive", { resource_changes: [bucketReplace, queueDelete] }),
        summarizePlan("dev-iops-events-tables", { resource_changes: [] }),
      ],
      "PLAN-ONLY MODE",
      ["### Monthly cost estimate\n"],
    );
    expect(markdown).toBe(
      [
        "# Plan: dev",
        "",
        "> **PLAN-ONLY MODE**",
        "",
        "**1 stack failed to plan:** `dev-iops-events-processor`. The errors are under *Changes by stack*.",
        "",
        "## ⚠ Deletions and replacements",
        "",
        "- dev-logs-archive: **replace** `aws_s3_bucket.archive_bucket_resource` (forced by `bucket`)",
        "- dev-logs-archive: **delete** `aws_sqs_queue.old_queue` (no longer in the configuration)",
        "",
        "| Stack | Add | Change | Destroy | Replace | Status |",
        "|---|---:|---:|---:|---:|---|",
        "| dev-iops-events-stream | 0 | 1 | 0 | 0 | planned |",
        "| dev-iops-events-processor | 0 | 0 | 0 | 0 | **FAILED** |",
        "| dev-logs-archive | 0 | 0 | 1 | 1 | planned |",
        "| dev-iops-events-tables | 0 | 0 | 0 | 0 | planned |",
        "| **total** | 0 | 1 | 1 | 1 | 1 failed |",
        "",
        "## Changes by stack",
        "",
        "<details>",
        "<summary>❌ <b>dev-iops-events-processor</b>: plan failed</summary>",
        "",
        "**Plan failed.** Terraform said:",
        "",
        "```text",
        "Error: boom",
        "```",
        "",
        "</details>",
        "",
        "<details>",
        "<summary><b>dev-iops-events-stream</b>: 0 to add, 1 to change, 0 to destroy, 0 to replace</summary>",
        "",
        "**~ update** `aws_kinesis_stream.stream_resource`",
        "",
        "| Attribute | Old → new |",
        "|---|---|",
        "| `shard_count` | `1` → `2` |",
        "",
        "</details>",
        "",
        "<details>",
        "<summary><b>dev-logs-archive</b>: 0 to add, 0 to change, 1 to destroy, 1 to replace</summary>",
        "",
        "**-/+ replace** `aws_s3_bucket.archive_bucket_resource` (forced by `bucket`)",
        "",
        "| Attribute | Old → new |",
        "|---|---|",
        '| `bucket` **forces replacement** | `"acme-dev-archive"` → `"acme-dev-archive-v2"` |',
        '| `arn` | `"arn:aws:s3:::acme-dev-archive"` → *(known after apply)* |',
        "",
        "**- destroy**",
        "",
        "- `aws_sqs_queue.old_queue` (no longer in the configuration)",
        "",
        "</details>",
        "",
        "No changes: `dev-iops-events-tables`.",
        "",
        "### Monthly cost estimate",
        "",
      ].join("\n"),
    );
  });

  test("flags every route open to anyone, unchanged ones too, in SUMMARY.md and on the terminal", () => {
    const route = (name: string, actions: ResourceChange["change"]["actions"], authorization_type: string) =>
      resource(`aws_apigatewayv2_route.api_${name}`, { actions, before: null, after: { route_key: `POST /${name}`, authorization_type } });
    const summary = summarizePlan("dev-iops-events-api", {
      resource_changes: [route("metrics", ["no-op"], "NONE"), route("batch", ["create"], "NONE"), route("signed", ["create"], "AWS_IAM"), route("jwt", ["create"], "JWT")],
    });
    expect(summary.openRoutes).toEqual([
      { address: "aws_apigatewayv2_route.api_batch", routeKey: "POST /batch" },
      { address: "aws_apigatewayv2_route.api_metrics", routeKey: "POST /metrics" },
    ]);
    const markdown = summaryMarkdown("dev", [summary]);
    expect(markdown).toContain(
      [
        "## ⚠ Endpoints open to anyone",
        "",
        "These routes are planned with `authorization: { type: NONE }` (the pipeline's explicit opt-out): anyone who finds the URL can write events.",
        "",
        "- dev-iops-events-api: `POST /batch` (`aws_apigatewayv2_route.api_batch`)",
        "- dev-iops-events-api: `POST /metrics` (`aws_apigatewayv2_route.api_metrics`)",
        "",
        "| Stack |",
      ].join("\n"),
    );
    expect(openRouteWarnings([summary])).toEqual([
      "⚠ dev-iops-events-api: POST /batch (aws_apigatewayv2_route.api_batch) answers anyone: authorization NONE",
      "⚠ dev-iops-events-api: POST /metrics (aws_apigatewayv2_route.api_metrics) answers anyone: authorization NONE",
    ]);
  });

  test("an authenticated or deleted route is not flagged", () => {
    const deleted = resource("aws_apigatewayv2_route.old", { actions: ["delete"], before: { route_key: "POST /old", authorization_type: "NONE" }, after: null });
    const signed = resource("aws_apigatewayv2_route.api", { actions: ["no-op"], before: null, after: { route_key: "POST /events", authorization_type: "AWS_IAM" } });
    const summary = summarizePlan("dev-iops-events-api", { resource_changes: [deleted, signed] });
    expect(summary.openRoutes).toBeUndefined();
    expect(summaryMarkdown("dev", [summary])).not.toContain("open to anyone");
  });

  test("links to no file: a pull-request comment cannot reach them", () => {
    expect(summaryMarkdown("dev", [summarizePlan("dev-logs-archive", plan)])).not.toMatch(/\]\([^)]*\.md\)/);
  });

  test("the per-stack page has the counts and the same changes", () => {
    const summary = summarizePlan("dev-iops-events-stream", { resource_changes: [streamUpdate] });
    expect(stackMarkdown(summary)).toBe(["# dev-iops-events-stream", "", "0 to add, 1 to change, 0 to destroy, 0 to replace.", "", stackBody(summary), ""].join("\n"));
  });

  test("prints an aligned terminal table", () => {
    expect(summaryTable([summarizePlan("dev-logs-archive", plan)])).toBe(
      ["STACK             ADD  CHANGE  DESTROY  REPLACE  STATUS", "dev-logs-archive    1       2        1        1  planned"].join("\n"),
    );
  });
});
