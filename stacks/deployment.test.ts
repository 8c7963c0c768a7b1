import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { hasAwsCredentials, resolveDeploymentMode } from "./deployment";

const emptyHome = () => mkdtempSync(join(tmpdir(), "home-"));

describe("deployment mode", () => {
  test("is plan-only with no credentials anywhere", () => {
    expect(resolveDeploymentMode({}, emptyHome())).toBe("plan-only");
  });

  test("is deploy with static keys, a profile, web identity or container credentials", () => {
    const home = emptyHome();
    expect(resolveDeploymentMode({ AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" }, home)).toBe("deploy");
    expect(resolveDeploymentMode({ AWS_PROFILE: "prod" }, home)).toBe("deploy");
    expect(resolveDeploymentMode({ AWS_WEB_IDENTITY_TOKEN_FILE: "/t" }, home)).toBe("deploy");
    expect(resolveDeploymentMode({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2" }, home)).toBe("deploy");
  });

  test("a key id without its secret is not credentials", () => {
    expect(hasAwsCredentials({ AWS_ACCESS_KEY_ID: "a" }, emptyHome())).toBe(false);
  });

  test("finds the shared credentials file", () => {
    const home = emptyHome();
    mkdirSync(join(home, ".aws"));
    writeFileSync(join(home, ".aws", "credentials"), "[default]\n");
    expect(resolveDeploymentMode({}, home)).toBe("deploy");
  });

  test("STREAMING_PLAN_ONLY forces plan-only even with credentials", () => {
    expect(resolveDeploymentMode({ AWS_PROFILE: "prod", STREAMING_PLAN_ONLY: "1" }, emptyHome())).toBe("plan-only");
  });
});
