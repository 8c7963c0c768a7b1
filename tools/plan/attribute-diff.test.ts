import { describe, expect, test } from "vitest";
import { ABSENT, MAX_VALUE_CHARS, SENSITIVE, UNKNOWN, attributeChanges, pathText } from "./attribute-diff";

const lit = (literal: string) => ({ literal });
const placeholder = (p: typeof SENSITIVE | typeof UNKNOWN | typeof ABSENT) => ({ placeholder: p });

describe("attribute changes", () => {
  test("writes paths the way Terraform does, quoting keys that are not identifiers", () => {
    expect(pathText(["environment", 0, "variables", "TOKEN"])).toBe("environment[0].variables.TOKEN");
    expect(pathText(["tags", "aws:cloudformation:stack"])).toBe('tags["aws:cloudformation:stack"]');
  });

  test("walks nested blocks and maps down to the leaves that changed", () => {
    const rows = attributeChanges({
      actions: ["update"],
      before: { stream_mode_details: [{ stream_mode: "PROVISIONED" }], tags: { "cost-center": "a", team: "x" } },
      after: { stream_mode_details: [{ stream_mode: "ON_DEMAND" }], tags: { "cost-center": "b", team: "x" } },
    });
    expect(rows).toEqual([
      { path: "stream_mode_details[0].stream_mode", before: lit('"PROVISIONED"'), after: lit('"ON_DEMAND"'), forcesReplacement: false },
      { path: "tags.cost-center", before: lit('"a"'), after: lit('"b"'), forcesReplacement: false },
    ]);
  });

  test("an element added to a list shows as absent before", () => {
    const rows = attributeChanges({ actions: ["update"], before: { subnet_ids: ["a"] }, after: { subnet_ids: ["a", "b"] } });
    expect(rows).toEqual([{ path: "subnet_ids[1]", before: placeholder(ABSENT), after: lit('"b"'), forcesReplacement: false }]);
  });

  test("null and absent are the same value, not a change", () => {
    expect(attributeChanges({ actions: ["update"], before: { description: null }, after: {} })).toEqual([]);
  });

  test("walks into JSON documents held in strings, such as IAM policies", () => {
    const policy = (actions: string[]) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] });
    const rows = attributeChanges({ actions: ["update"], before: { policy: policy(["sqs:SendMessage"]) }, after: { policy: policy(["sqs:SendMessage", "sqs:GetQueueUrl"]) } });
    expect(rows).toEqual([{ path: "policy.Statement[0].Action[1]", before: placeholder(ABSENT), after: lit('"sqs:GetQueueUrl"'), forcesReplacement: false }]);
  });

  test("the same JSON document written differently still shows as the strings that differ", () => {
    const rows = attributeChanges({ actions: ["update"], before: { policy: '{"a":1}' }, after: { policy: '{ "a": 1 }' } });
    expect(rows).toEqual([{ path: "policy", before: lit(JSON.stringify('{"a":1}')), after: lit(JSON.stringify('{ "a": 1 }')), forcesReplacement: false }]);
  });

  test("never shows a sensitive value, on either side, even when only the new one is sensitive", () => {
    const rows = attributeChanges({
      actions: ["update"],
      before: { password: "hunter2", master: [{ user: "admin", secret: "s1" }] },
      after: { password: "hunter3", master: [{ user: "admin", secret: "s2" }] },
      before_sensitive: { master: [{ secret: true }] },
      after_sensitive: { password: true, master: [{ secret: true }] },
    });
    expect(rows).toEqual([
      { path: "master[0].secret", before: placeholder(SENSITIVE), after: placeholder(SENSITIVE), forcesReplacement: false },
      { path: "password", before: placeholder(SENSITIVE), after: placeholder(SENSITIVE), forcesReplacement: false },
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/hunter|s1|s2/);
  });

  test("a block that becomes unknown masks the sensitive parts of its old value", () => {
    const rows = attributeChanges({
      actions: ["update"],
      before: { environment: [{ variables: { TOKEN: "secret" } }] },
      after: {},
      before_sensitive: { environment: [{ variables: { TOKEN: true } }] },
      after_unknown: { environment: true },
    });
    expect(rows).toEqual([{ path: "environment", before: placeholder(SENSITIVE), after: placeholder(UNKNOWN), forcesReplacement: false }]);
  });

  test("a resource marked sensitive as a whole is one masked row", () => {
    const rows = attributeChanges({ actions: ["update"], before: { value: "a" }, after: { value: "b" }, before_sensitive: true, after_sensitive: true });
    expect(rows).toEqual([{ path: "(all attributes)", before: placeholder(SENSITIVE), after: placeholder(SENSITIVE), forcesReplacement: false }]);
  });

  test("a value that becomes unknown shows its old value and (known after apply)", () => {
    const rows = attributeChanges({ actions: ["update"], before: { version: "3" }, after: {}, after_unknown: { version: true } });
    expect(rows).toEqual([{ path: "version", before: lit('"3"'), after: placeholder(UNKNOWN), forcesReplacement: false }]);
  });

  test("marks every attribute under a replace path as forcing the replacement, and lists those first", () => {
    const rows = attributeChanges({
      actions: ["delete", "create"],
      before: { kms_key_id: "k1", name: "a", server_side_encryption: [{ enabled: true, kms_key_arn: "arn:1" }] },
      after: { kms_key_id: "k2", name: "a", server_side_encryption: [{ enabled: true, kms_key_arn: "arn:2" }] },
      replace_paths: [["server_side_encryption", 0, "kms_key_arn"]],
    });
    expect(rows.map((r) => [r.path, r.forcesReplacement])).toEqual([
      ["server_side_encryption[0].kms_key_arn", true],
      ["kms_key_id", false],
    ]);
  });

  test("cuts long values and says how long they were", () => {
    const rows = attributeChanges({ actions: ["update"], before: { body: "a".repeat(500) }, after: { body: "b" } });
    expect(rows[0]!.before).toEqual(lit(`"${"a".repeat(MAX_VALUE_CHARS - 1)}… (502 characters)`));
  });
});
