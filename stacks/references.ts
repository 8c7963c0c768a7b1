import type { Construct } from "constructs";
import { type IKinesisStream, KinesisIngest } from "../modules/kinesis-ingest";
import type { EnvironmentConfig } from "../envs/schema/environment";
import type { PipelineConfig } from "../envs/schema/pipeline";
import { componentLabel, locationOf } from "./naming";

/** The pipeline's stream components, by config key, and the component (stack) that deploys each. */
export const STREAM_COMPONENTS = { stream: "stream", outputStream: "output-stream" } as const;

/**
 * A stream deployed by another stack of the same pipeline, referred to by the name and ARN its label
 * gives, never by remote state: this stack plans even before that one is deployed.
 */
export function importPipelineStream(
  scope: Construct,
  id: string,
  env: EnvironmentConfig,
  pipeline: PipelineConfig,
  source: keyof typeof STREAM_COMPONENTS,
): IKinesisStream {
  const label = componentLabel(env, pipeline.name, STREAM_COMPONENTS[source]);
  const customerManaged = pipeline[source]?.encryption === "customer-managed";
  return KinesisIngest.fromAttributes(scope, id, {
    streamName: KinesisIngest.streamNameOf(label),
    location: locationOf(env),
    encryptionKeyAliasName: customerManaged ? KinesisIngest.encryptionKeyAliasNameOf(label) : undefined,
  });
}
