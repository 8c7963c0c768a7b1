import { defineConfig } from "vitest/config";

/**
 * Test files that run Terraform (init, validate, plan: the provider's start-up alone is seconds of
 * CPU per command) or an external emulator. Everything else is the `unit` project, the fast loop
 * of `make check`: `npx vitest run --project unit`. Name a new file by what it runs.
 */
const TERRAFORM = ["**/*.validate.test.ts", "test/environments.test.ts"];
const INTEGRATION = ["**/*.integration.test.ts"];
/** Deploys whole environments to the local AWS API (moto): the slowest files, each in its own worker. */
const LOCAL_AWS = ["**/*.local-aws.test.ts"];
const ALL = ["{modules,stacks,functions,envs,tools,test}/**/*.test.ts"];

export default defineConfig({
  test: {
    // Synth and terraform runs are CPU-bound; two workers match the two cores we have.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    globalSetup: ["test/global-setup.ts"],
    projects: [
      { extends: true, test: { name: "unit", include: ALL, exclude: [...TERRAFORM, ...INTEGRATION, ...LOCAL_AWS] } },
      // A provider start-up takes seconds of CPU; on a shared 2-core machine a few can queue.
      { extends: true, test: { name: "terraform", include: TERRAFORM, testTimeout: 180_000 } },
      { extends: true, test: { name: "integration", include: INTEGRATION } },
      { extends: true, test: { name: "local-aws", include: LOCAL_AWS, testTimeout: 600_000, hookTimeout: 1_800_000 } },
    ],
  },
});
