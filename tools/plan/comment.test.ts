import { describe, expect, test } from "vitest";
import { COMMENT_LIMIT, commentMarkerPrefix, planComments } from "./comment";
import type { ResourceChange } from "./plan-json";
import { type StackPlanSummary, summarizePlan, summaryMarkdown } from "./summary";

/** Every table, fence and `<details>` block in the body opens and closes inside it. */
function expectWhole(body: string): void {
  const lines = body.split("\n");
  expect(lines.filter((l) => /^<details>/.test(l)).length).toBe(lines.filter((l) => l === "</details>").length);
  expect(lines.filter((l) => /^`{3,}/.test(l)).length % 2).toBe(0);
  lines.forEach((line, i) => {
    if (!line.startsWith("|") || lines[i - 1]?.startsWith("|")) return;
    expect(lines[i + 1], `table starting "${line}" has its header`).toMatch(/^\|(-|:|\|)+$/);
    expect(line).toMatch(/^\| [A-Z]/);
  });
}

function update(address: string, attributes: number): ResourceChange {
  const before = Object.fromEntries(Array.from({ length: attributes }, (_, i) => [`setting_${String(i).padStart(2, "0")}`, `value-${i}`]));
  const after = Object.fromEntries(Object.keys(before).map((key, i) => [key, `value-${i}-changed`]));
  return { address, type: "aws_x", mode: "managed", change: { actions: ["update"], before, after } };
}

function stacks(count: number, resources: number, attributes: number): StackPlanSummary[] {
  return Array.from({ length: count }, (_, s) =>
    summarizePlan(`dev-pipeline-${String(s).padStart(2, "0")}`, { resource_changes: Array.from({ length: resources }, (_, r) => update(`aws_x.resource_${r}`, attributes)) }),
  );
}

const rowsOf = (text: string) => text.split("\n").filter((l) => l.startsWith("| `"));

describe("plan comments", () => {
  test("a summary that fits is one comment, marked with the environment and its part", () => {
    expect(planComments("# Plan: dev\n\nNo changes.\n", { env: "dev" })).toEqual(["<!-- streaming-platform-plan:dev part 1/1 -->\n\n# Plan: dev\n\nNo changes."]);
    expect(commentMarkerPrefix("dev")).toBe("<!-- streaming-platform-plan:dev ");
  });

  test("a table longer than the room left is split into whole tables under their repeated caption, inside reopened details", () => {
    const rows = Array.from({ length: 30 }, (_, i) => `| \`attr_${i}\` | \`${i}\` → \`${i + 1}\` |`);
    const markdown = ["# Plan: dev", "", "<details>", "<summary><b>dev-a</b>: 0 to add, 1 to change</summary>", "", "**~ update** `aws_x.y`", "", "| Attribute | Old → new |", "|---|---|", ...rows, "", "</details>", "", "Tail."].join("\n");
    const comments = planComments(markdown, { env: "dev", limit: 800, moreAt: "Full plan: run 7." });
    expect(comments).toEqual([
      [
        "<!-- streaming-platform-plan:dev part 1/2 -->",
        "",
        "# Plan: dev",
        "",
        "<details>",
        "<summary><b>dev-a</b>: 0 to add, 1 to change</summary>",
        "",
        "**~ update** `aws_x.y`",
        "",
        "| Attribute | Old → new |",
        "|---|---|",
        ...rows.slice(0, 16),
        "",
        "</details>",
        "",
        "*Continued in the next comment (part 2 of 2).*",
        "",
        "Full plan: run 7.",
      ].join("\n"),
      [
        "<!-- streaming-platform-plan:dev part 2/2 -->",
        "",
        "**Plan: dev**, part 2 of 2, continued from the previous comment.",
        "",
        "<details>",
        "<summary><b>dev-a</b>: 0 to add, 1 to change (continued)</summary>",
        "",
        "**~ update** `aws_x.y` *(continued)*",
        "",
        "| Attribute | Old → new |",
        "|---|---|",
        ...rows.slice(16),
        "",
        "</details>",
        "",
        "Tail.",
        "",
        "Full plan: run 7.",
      ].join("\n"),
    ]);
    for (const comment of comments) expect(comment.length).toBeLessThanOrEqual(800);
  });

  test("a huge plan is split between blocks: every comment under GitHub's limit, no table, fence or details cut, no row lost or repeated", () => {
    const markdown = summaryMarkdown("prod", stacks(40, 5, 40), "PLAN-ONLY MODE");
    expect(markdown.length).toBeGreaterThan(4 * COMMENT_LIMIT);
    const comments = planComments(markdown, { env: "prod" });
    expect(comments.length).toBeGreaterThan(4);
    comments.forEach((comment, i) => {
      expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT);
      expect(comment.startsWith(`<!-- streaming-platform-plan:prod part ${i + 1}/${comments.length} -->\n`)).toBe(true);
      expectWhole(comment);
    });
    expect(comments[0]).toContain("> **PLAN-ONLY MODE**");
    expect(comments[0]).toContain("| **total** | 0 | 200 | 0 | 0 | 0 failed |");
    expect(comments.flatMap(rowsOf)).toEqual(rowsOf(markdown));
  });

  test("a table longer than a whole comment becomes several whole tables, each with its header", () => {
    const many = Array.from({ length: 2000 }, (_, i) => summarizePlan(`prod-pipeline-${String(i).padStart(4, "0")}-stream`, { resource_changes: [] }));
    const markdown = summaryMarkdown("prod", many);
    const comments = planComments(markdown, { env: "prod" });
    expect(comments.length).toBeGreaterThan(1);
    for (const comment of comments) {
      expectWhole(comment);
      expect(comment.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    }
    const stackRows = (text: string) => text.split("\n").filter((l) => /^\| prod-pipeline-\d{4}-stream \|/.test(l));
    expect(comments.flatMap(stackRows)).toEqual(stackRows(markdown));
    expect(comments[1]).toContain("| Stack | Add | Change | Destroy | Replace | Status |\n|---|---:|---:|---:|---:|---|\n| prod-pipeline-");
  });

  test("beyond the most comments posted, the last one says what was left out and where the rest is", () => {
    const markdown = summaryMarkdown("prod", stacks(40, 5, 40));
    const comments = planComments(markdown, { env: "prod", maxComments: 3, moreAt: "The whole summary is in the `plans-prod` artifact." });
    expect(comments).toHaveLength(3);
    const last = comments[2]!;
    expect(last).toMatch(/^<!-- streaming-platform-plan:prod part 3\/3 -->\n\n\*\*Plan: prod\*\*, part 3 of 3, continued from the previous comment\.\n\n\*\*Left out:\*\* this plan needs \d+ comments and at most 3 are posted per environment\. The whole summary is in the `plans-prod` artifact\.\n\nNot shown:\n\n- dev-pipeline-\d\d: 0 to add, 5 to change, 0 to destroy, 0 to replace\n/);
    const shown = comments.slice(0, 2).join("\n");
    const leftOut = [...last.matchAll(/^- (dev-pipeline-\d\d):/gm)].map((m) => m[1]!);
    expect(leftOut.at(-1)).toBe("dev-pipeline-39");
    for (const stack of leftOut.slice(1)) expect(shown).not.toContain(`<b>${stack}</b>`);
  });

  test("a heading never ends a comment: it moves to the next with what follows it", () => {
    const paragraph = "x".repeat(560);
    const comments = planComments(["# Plan: dev", "", paragraph, "", "## Next", "", "y".repeat(300)].join("\n"), { env: "dev", limit: 900 });
    expect(comments).toHaveLength(2);
    expect(comments[0]).not.toContain("## Next");
    expect(comments[1]).toContain(`## Next\n\n${"y".repeat(300)}`);
  });

  test("refuses a limit that leaves no room for the summary", () => {
    expect(() => planComments("# Plan", { env: "dev", limit: 300 })).toThrow(/limit must leave at least 500 characters for the summary, got 300/);
  });
});
