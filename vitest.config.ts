import { defineConfig } from "vitest/config";

/**
 * Test files that run Terraform (init, validate, plan: the provider's start-up alone is seconds of
 * CPU per command) or an external emulator. Everything else is the `unit` project, the fast loop
 * of `make check`: `npx vitest run --project unit`. Name a new file by what it runs.
 */
/**
 * Only the project's own folders: `build/` holds other revisions' sources (`make plan BASE=…` checks
 * the base out under build/plan-base/), whose tests must never run, least of all beside ours.
 */
const SOURCES = "{modules,stacks,functions,envs,tools,test}";
const TERRAFORM = [`${SOURCES}/**/*.validate.test.ts`, "test/environments.test.ts"];
const INTEGRATION = [`${SOURCES}/**/*.integration.test.ts`];
/** Deploys whole environments to the local AWS API (moto): the slowest files, each in its own worker. */
const LOCAL_AWS = [`${SOURCES}/**/*.local-aws.test.ts`];
const ALL = [`${SOURCES}/**/*.test.ts`];

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
