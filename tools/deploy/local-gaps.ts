import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Resource types the local AWS API cannot create, each with its entry in docs/local-aws-gaps.md.
 * The local target leaves them out of the synthesized stack; real AWS gets every one. Only types
 * nothing else references by Terraform expression may be listed (checked: a reference fails loudly).
 */
export const LOCAL_UNSUPPORTED_RESOURCES: Readonly<Record<string, string>> = {
  aws_s3_bucket_metric: "moto answers PutBucketMetricsConfiguration as a CreateBucket (docs/local-aws-gaps.md, S3 request metrics)",
};

const CONSUMER_ARN = /^\$\{aws_kinesis_stream_consumer\.([a-z0-9_]+)\.arn\}$/;

/**
 * moto's CreateEventSourceMapping refuses an enhanced fan-out consumer's ARN (docs/local-aws-gaps.md,
 * Lambda: event source mappings on a stream consumer): locally the mapping reads the consumer's
 * stream instead, as a shared-throughput mapping. The consumer itself is still created.
 */
export function mappingsOnStreams(resource: Record<string, unknown>): Record<string, unknown> {
  const mappings = resource.aws_lambda_event_source_mapping as Record<string, { event_source_arn?: string }> | undefined;
  if (!mappings) return resource;
  const rewritten = Object.fromEntries(
    Object.entries(mappings).map(([name, body]) => {
      const consumer = CONSUMER_ARN.exec(body.event_source_arn ?? "");
      return [name, consumer ? { ...body, event_source_arn: `\${aws_kinesis_stream_consumer.${consumer[1]}.stream_arn}` } : body];
    }),
  );
  return { ...resource, aws_lambda_event_source_mapping: rewritten };
}

/** A synthesized stack without the resource types the local AWS API lacks, and with its mappings on streams. */
export function withoutLocalGaps<T extends { resource?: Record<string, unknown> }>(config: T): T {
  if (!config.resource) return config;
  const resource = mappingsOnStreams(Object.fromEntries(Object.entries(config.resource).filter(([type]) => !(type in LOCAL_UNSUPPORTED_RESOURCES))));
  const removed = Object.keys(config.resource).filter((type) => type in LOCAL_UNSUPPORTED_RESOURCES);
  const text = JSON.stringify({ ...config, resource });
  for (const type of removed) {
    if (text.includes(`\${${type}.`)) throw new Error(`${type} is left out on the local target but something references it; see tools/deploy/local-gaps.ts`);
  }
  return { ...config, resource };
}

/** The resources of `config` the local AWS API lacks, by Terraform address, each as its declaration's JSON. */
export function localGapResources(config: { resource?: Record<string, Record<string, unknown>> }): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config.resource ?? {})
      .filter(([type]) => type in LOCAL_UNSUPPORTED_RESOURCES)
      .flatMap(([type, byName]) => Object.entries(byName).map(([name, body]) => [`${type}.${name}`, JSON.stringify(body)])),
  );
}

/** Rewrites `<dir>/cdk.tf.json` without the resource types the local AWS API lacks. */
export function removeLocalGaps(dir: string): void {
  const file = join(dir, "cdk.tf.json");
  writeFileSync(file, JSON.stringify(withoutLocalGaps(JSON.parse(readFileSync(file, "utf8"))), null, 2));
}
