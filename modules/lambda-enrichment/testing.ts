import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TerraformStack } from "cdktf";
import { KinesisIngest } from "../kinesis-ingest";
import { Label } from "../shared/label";
import type { Grantee } from "../shared/policy";
import { TEST_LOCATION, synth, testStack, type Synthesized } from "../shared/testing";
import type { FunctionCode } from "./code";
import { LambdaEnrichment, type LambdaEnrichmentProps } from "./lambda-enrichment";
import type { LookupTable } from "./refs";

/**
 * A code bundle for module tests, so they do not depend on esbuild: a file under
 * `build/test-bundles/` with its real SHA-256, as `bundleFunction` would describe it.
 */
export function testBundle(name: string, contents = `bundle of ${name}`): FunctionCode & { zipSizeBytes: number } {
  const dir = join(process.cwd(), "build", "test-bundles");
  mkdirSync(dir, { recursive: true });
  const zipPath = join(dir, `${name}-${createHash("sha256").update(contents).digest("hex").slice(0, 8)}.zip`);
  writeFileSync(zipPath, contents);
  return {
    zipPath,
    sourceCodeHash: createHash("sha256").update(contents).digest("base64"),
    zipSizeBytes: Buffer.byteLength(contents),
  };
}

/** The label of the consumer under test. */
export const label = new Label({ namespace: "acme", environment: "dev", name: "iops", attributes: ["enricher"] });
/** The label of the stream it reads. */
export const streamLabel = new Label({ namespace: "acme", environment: "dev", name: "iops" });
/** The label of the stream it writes. */
export const outputLabel = new Label({ namespace: "acme", environment: "dev", name: "iops", attributes: ["enriched"] });
/** The injected enrichment bundle. */
export const code = testBundle("enrichment");
/** ARN of the stream `label` reads. */
export const STREAM_ARN = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-dev-iops";
/** ARN of the output stream. */
export const OUTPUT_ARN = "arn:aws:kinesis:eu-west-1:111122223333:stream/acme-dev-iops-enriched";
/** What kinesis-ingest grants a polling reader of STREAM_ARN. */
export const READ_STATEMENT = {
  Effect: "Allow",
  Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
  Resource: [STREAM_ARN],
};

/** The input stream, as another stack sees it. */
export function importedStream(stack: TerraformStack, id = "Stream", streamName = "acme-dev-iops") {
  return KinesisIngest.fromAttributes(stack, id, { streamName, location: TEST_LOCATION });
}

/** Synthesizes a stack with one LambdaEnrichment reading an imported stream. */
export function build(props: Partial<LambdaEnrichmentProps> = {}): { stack: TerraformStack; enrichment: LambdaEnrichment; out: Synthesized } {
  const stack = testStack();
  const enrichment = new LambdaEnrichment(stack, "Enricher", {
    label,
    code,
    stream: importedStream(stack),
    ...props,
  });
  return { stack, enrichment, out: synth(stack) };
}

/** `${type.name.attribute}` of the index-th resource of a type. */
export function ref(out: Synthesized, type: string, attribute: string, index = 0): string {
  const name = Object.keys(out.resources(type))[index];
  if (name === undefined) throw new Error(`no ${type}`);
  return `\${${type}.${name}.${attribute}}`;
}

/** A lookup table from the dynamodb-table module's point of view: it grants what it chooses. */
export function lookupTable(): LookupTable {
  return {
    tableName: "acme-dev-customers",
    grant: (grantee: Grantee, ...actions: string[]) =>
      grantee.addToPolicy({ sid: "ReadLookup", actions, resources: ["arn:aws:dynamodb:eu-west-1:111122223333:table/acme-dev-customers"] }),
  };
}
