import { readFileSync } from "node:fs";
import { join } from "node:path";

type ResourceBody = { lifecycle?: { prevent_destroy?: boolean }; force_destroy?: boolean; deletion_protection_enabled?: boolean; [argument: string]: unknown };
export type StackConfig = { resource?: Record<string, Record<string, ResourceBody>> };

/** What keeps a resource on destroy: Terraform's `prevent_destroy`, or the service's own deletion protection (DynamoDB). */
function retention(body: ResourceBody): string | undefined {
  if (body.lifecycle?.prevent_destroy === true) return "prevent_destroy";
  if (body.deletion_protection_enabled === true) return "deletion protection";
  return undefined;
}

const read = (dir: string) => JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as StackConfig;

/** Every resource of the stack at `dir` that destroy would fail on, as `type.name (what keeps it)`. */
export function retainedResources(dir: string): string[] {
  return Object.entries(read(dir).resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).flatMap(([name, body]) => {
      const kept = retention(body);
      return kept ? [`${type}.${name} (${kept})`] : [];
    }),
  );
}

/**
 * The local target's environments are throwaway (`make down`, the test suite): its stacks are
 * deployed without `prevent_destroy` or table deletion protection, and with `force_destroy` on buckets, which Terraform reads
 * from state when it deletes them, so destroying a stack removes data it wrote. Real AWS gets the
 * stacks as synthesized: archives are kept unless the environment says `retainOnDelete: false`.
 */
export function disposable<T extends StackConfig>(config: T): T {
  for (const [type, byName] of Object.entries(config.resource ?? {})) {
    for (const body of Object.values(byName)) {
      if (body.lifecycle?.prevent_destroy !== undefined) {
        delete body.lifecycle.prevent_destroy;
        if (Object.keys(body.lifecycle).length === 0) delete body.lifecycle;
      }
      if (type === "aws_s3_bucket") body.force_destroy = true;
      if (body.deletion_protection_enabled === true) body.deletion_protection_enabled = false;
    }
  }
  return config;
}
