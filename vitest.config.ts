import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{modules,stacks,functions,envs,tools,test}/**/*.test.ts"],
    // Synth and terraform runs are CPU-bound; two workers match the two cores we have.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    globalSetup: ["test/global-setup.ts"],
  },
});
