import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { onFirstCall } from "./shared/env";

/** Every folder of functions/ with a handler.ts, read from the tree, not listed here. */
const HANDLERS = readdirSync(import.meta.dirname, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(import.meta.dirname, entry.name, "handler.ts")))
  .map((entry) => entry.name);

describe("onFirstCall", () => {
  test("makes the value once and returns the same value after", () => {
    const make = vi.fn(() => ({ made: true }));
    const get = onFirstCall(make);
    expect(make).not.toHaveBeenCalled();
    expect(get()).toBe(get());
    expect(make).toHaveBeenCalledTimes(1);
  });

  test("does not keep a throw: the next call tries again", () => {
    let calls = 0;
    const get = onFirstCall(() => {
      calls += 1;
      if (calls === 1) throw new Error("unset");
      return calls;
    });
    expect(() => get()).toThrow("unset");
    expect(get()).toBe(2);
    expect(get()).toBe(2);
  });
});

describe.each(HANDLERS)("the %s handler", (name) => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  test("loads its configuration on its first invocation, not at import, and lists what is wrong", async () => {
    for (const variable of Object.keys(process.env)) if (/^[A-Z][A-Z0-9_]*$/.test(variable) && !/^(PATH|HOME|NODE_|VITEST|TZ)/.test(variable)) vi.stubEnv(variable, undefined);
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    const { handler } = (await import(`./${name}/handler.ts`)) as { handler: (event: unknown) => Promise<unknown> };
    await expect(handler({ Records: [], requestContext: { http: { method: "POST" } } })).rejects.toThrow(new RegExp(`invalid environment:\\n  \\w+`));
  });
});
