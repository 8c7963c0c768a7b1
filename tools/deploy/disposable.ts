import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

type StackConfig = { resource?: Record<string, Record<string, { lifecycle?: { prevent_destroy?: boolean }; force_destroy?: boolean }>> };

const read = (dir: string) => JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as StackConfig;

/** `type.name` of every resource in the stack at `dir` that Terraform's `prevent_destroy` keeps. */
export function retainedResources(dir: string): string[] {
  return Object.entries(read(dir).resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).filter(([, body]) => body.lifecycle?.prevent_destroy === true).map(([name]) => `${type}.${name}`),
  );
}

/**
 * The local target's environments are throwaway (`make down`, the test suite): its stacks are
 * deployed without `prevent_destroy`, and with `force_destroy` on buckets, which Terraform reads
 * from state when it deletes them, so destroying a stack removes data it wrote. Real AWS gets the
 * stacks as synthesized: archives are kept unless the environment says `retainOnDelete: false`.
 */
export function makeDisposable(dir: string): void {
  const config = read(dir);
  for (const [type, byName] of Object.entries(config.resource ?? {})) {
    for (const body of Object.values(byName)) {
      if (body.lifecycle?.prevent_destroy !== undefined) {
        delete body.lifecycle.prevent_destroy;
        if (Object.keys(body.lifecycle).length === 0) delete body.lifecycle;
      }
      if (type === "aws_s3_bucket") body.force_destroy = true;
    }
  }
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(config, null, 2));
}
