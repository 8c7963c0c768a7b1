import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { ENVS_DIR, listEnvironments, loadEnvironment } from "../../envs/load";
import { environmentMatrix } from "./environment-matrix";

const work = mkdtempSync(join(tmpdir(), "plan-matrix-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the plan workflow's matrix", () => {
  test("the matrix has every environment in envs/, with its account and region", () => {
    expect(environmentMatrix().include).toEqual(
      listEnvironments().map((env) => ({ env, accountId: loadEnvironment(env).accountId, region: loadEnvironment(env).region })),
    );
  });

  test("an environment whose configuration does not load still gets a plan job, which reports the error", () => {
    const envs = join(work, "envs");
    cpSync(ENVS_DIR, envs, { recursive: true });
    writeFileSync(join(envs, "broken.yaml"), 'accountId: "12"\n');
    expect(environmentMatrix(envs).include.find((e) => e.env === "broken")).toEqual({ env: "broken", accountId: "", region: "" });
  });
});
