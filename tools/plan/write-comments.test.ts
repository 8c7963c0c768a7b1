import { describe, expect, test } from "vitest";
import { MAX_LOG_LINES, commentFile } from "./write-comments";

describe("the comment file the workflow posts", () => {
  test("comments for a summary carry the environment's marker", () => {
    expect(commentFile("# Plan: dev\n\nNo changes.\n", undefined, { env: "dev" })).toEqual({
      marker: "<!-- streaming-platform-plan:dev ",
      bodies: ["<!-- streaming-platform-plan:dev part 1/1 -->\n\n# Plan: dev\n\nNo changes."],
    });
  });

  test("when make plan stopped before writing a summary, the comment shows the end of its log", () => {
    const log = [...Array.from({ length: 100 }, (_, i) => `synth line ${i}`), 'Environment "dev" has 1 configuration problem:', "  envs/dev.yaml: region: expected a known AWS region"].join("\n");
    const [body] = commentFile(undefined, log, { env: "dev" }).bodies;
    expect(body).toBe(
      [
        "<!-- streaming-platform-plan:dev part 1/1 -->",
        "",
        "# Plan: dev",
        "",
        "**The plan stopped before writing its summary.**",
        "",
        "```text",
        ...Array.from({ length: MAX_LOG_LINES - 2 }, (_, i) => `synth line ${i + 102 - MAX_LOG_LINES}`),
        'Environment "dev" has 1 configuration problem:',
        "  envs/dev.yaml: region: expected a known AWS region",
        "```",
        "",
        `*The last ${MAX_LOG_LINES} of 102 lines.*`,
      ].join("\n"),
    );
  });
});
