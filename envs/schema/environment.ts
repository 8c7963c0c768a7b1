import { z } from "zod";
import type { ConfigSources } from "../sources";
import { PipelineSchema } from "./pipeline";
import { AWS_REGIONS } from "./regions";

/** Where each stack keeps its state: one S3 bucket, one key per stack, Terraform's native S3 lock file. */
export const StateBackendSchema = z.strictObject({
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "expected an S3 bucket name (3-63 lower-case letters, digits, dots, dashes)"),
  keyPrefix: z.string().regex(/^[A-Za-z0-9!_.*'()/-]+$/).default("streaming-platform"),
  region: z.enum(AWS_REGIONS, { error: "expected a known AWS region such as eu-west-1 (list: envs/schema/regions.ts)" }).optional().describe("The state bucket's region; the environment's region when unset."),
});

/** Who hears about alarms, and the optional monthly spending alarm. */
export const NotificationsSchema = z.strictObject({
  emails: z.array(z.email()).default([]),
  monthlyBudgetUsd: z.number().positive().optional().describe("Estimated-charges alarm threshold; none when unset."),
});

const TagKey = z.string().min(1).max(128).regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, "expected a tag key of letters, digits, spaces and _.:/=+-@");

/** One environment after `extends` are merged: what `envs/<name>.yaml` describes. */
export const EnvironmentSchema = z
  .strictObject({
    namespace: z.string().regex(/^[a-z][a-z0-9]{1,11}$/, "expected 2-12 lower-case letters or digits, starting with a letter"),
    stage: z.string().regex(/^[a-z0-9]{1,8}$/).optional(),
    region: z.enum(AWS_REGIONS, { error: "expected a known AWS region such as eu-west-1 (list: envs/schema/regions.ts)" }),
    accountId: z.string().regex(/^\d{12}$/, "expected a 12-digit AWS account id in quotes"),
    tags: z.record(TagKey, z.string().max(256)).default({}),
    state: StateBackendSchema,
    notifications: NotificationsSchema.prefault({}),
    artifactBucket: z.string().optional().describe("Bucket holding application code (Flink jars)."),
    pipelines: z.array(PipelineSchema).default([]),
  })
  .superRefine((env, ctx) => {
    (Array.isArray(env.pipelines) ? env.pipelines : []).forEach((pipeline, index) => {
      if (pipeline?.analytics && pipeline.analytics.enabled !== false && !env.artifactBucket) {
        ctx.addIssue({ code: "custom", path: ["pipelines", index, "analytics"], message: "expected artifactBucket to be set (the Flink application's code is read from it), found none" });
      }
    });
  }, { when: () => true });
// Pipeline names are checked for duplicates per file by the loader: merging folds same-named items together.

/** What an environment file holds before merging: `extends` plus any part of the environment. */
export const EnvironmentFileSchema = z.object({ extends: z.union([z.string(), z.array(z.string())]).optional() }).loose();

/** A validated environment, defaults applied, with its name. */
export type EnvironmentConfig = z.output<typeof EnvironmentSchema> & {
  /** The file name without `.yaml`, e.g. `prod`. */
  readonly name: string;
  /** The files merged into it, base first. */
  readonly sourceFiles: readonly string[];
  /** The envs folder it was loaded from: files it names (`schemaFile`) are relative to it. */
  readonly envsDir: string;
  /** Which file set each field, to report problems found after validation. */
  readonly sources: ConfigSources;
};
