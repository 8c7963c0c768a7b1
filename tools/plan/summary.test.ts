import { describe, expect, test } from "vitest";
import { changeKind } from "./plan-json";
import { changedAttributes, stackMarkdown, summarizePlan, summaryMarkdown, summaryTable } from "./summary";

const plan = {
  resource_changes: [
    { address: "aws_kinesis_stream.stream_resource", type: "aws_kinesis_stream", mode: "managed" as const, change: { actions: ["create" as const] } },
    {
      address: "aws_s3_bucket.archive_bucket_resource",
      type: "aws_s3_bucket",
      mode: "managed" as const,
      change: { actions: ["delete" as const, "create" as const], before: { bucket: "a" }, after: { bucket: "b" }, replace_paths: [["bucket"]] },
    },
    {
      address: "aws_lambda_function.processor_function_resource",
      type: "aws_lambda_function",
      mode: "managed" as const,
      change: {
        actions: ["update" as const],
        before: { memory_size: 256, environment: [{ variables: { TOKEN: "old" } }], timeout: 60 },
        after: { memory_size: 512, environment: [{ variables: { TOKEN: "new" } }], timeout: 60 },
        after_sensitive: { environment: true },
      },
    },
    { address: "aws_sqs_queue.old", type: "aws_sqs_queue", mode: "managed" as const, change: { actions: ["delete" as const] } },
    { address: "aws_iam_role.same", type: "aws_iam_role", mode: "managed" as const, change: { actions: ["no-op" as const] } },
    { address: "data.aws_iam_policy_document.x", type: "aws_iam_policy_document", mode: "data" as const, change: { actions: ["read" as const] } },
  ],
};

describe("plan summary", () => {
  test("classifies Terraform's action lists, create-before-destroy included", () => {
    expect(changeKind(["create", "delete"])).toBe("replace");
    expect(changeKind(["delete", "create"])).toBe("replace");
    expect(changeKind(["update"])).toBe("update");
    expect(changeKind(["no-op"])).toBe("no-op");
  });

  test("counts adds, changes, destroys and replacements, ignoring no-ops and data sources", () => {
    const summary = summarizePlan("dev-logs-archive", plan);
    expect({ add: summary.add, change: summary.change, destroy: summary.destroy, replace: summary.replace }).toEqual({ add: 1, change: 1, destroy: 1, replace: 1 });
    expect(summary.destructive).toEqual([
      { address: "aws_s3_bucket.archive_bucket_resource", kind: "replace", forcedBy: ["bucket"] },
      { address: "aws_sqs_queue.old", kind: "delete", forcedBy: [] },
    ]);
  });

  test("names changed attributes and masks sensitive ones", () => {
    const update = plan.resource_changes[2]!;
    expect(changedAttributes(update.change)).toEqual(["environment (sensitive value)", "memory_size"]);
    const page = stackMarkdown(summarizePlan("dev-logs-processor", plan));
    expect(page).not.toContain("new");
    expect(page).toContain("~ aws_lambda_function.processor_function_resource  (environment (sensitive value), memory_size)");
  });

  test("lists deletions and replacements before the table, with the forcing attribute", () => {
    const markdown = summaryMarkdown("dev", [summarizePlan("dev-logs-archive", plan)], "PLAN-ONLY");
    const destructive = markdown.indexOf("Deletions and replacements");
    expect(destructive).toBeGreaterThan(markdown.indexOf("PLAN-ONLY"));
    expect(destructive).toBeLessThan(markdown.indexOf("| Stack |"));
    expect(markdown).toContain("- dev-logs-archive: **replace** `aws_s3_bucket.archive_bucket_resource` (forced by `bucket`)");
    expect(markdown).toContain("| [dev-logs-archive](dev-logs-archive.md) | 1 | 1 | 1 | 1 | planned |");
  });

  test("prints an aligned terminal table", () => {
    expect(summaryTable([summarizePlan("dev-logs-archive", plan)])).toBe(
      ["STACK             ADD  CHANGE  DESTROY  REPLACE  STATUS", "dev-logs-archive    1       1        1        1  planned"].join("\n"),
    );
  });
});
