import type { Construct } from "constructs";
import { type IKinesisStream, KinesisIngest } from "../modules/kinesis-ingest";
import type { EnvironmentConfig } from "../envs/schema/environment";
import type { PipelineConfig } from "../envs/schema/pipeline";
import { type StreamSource, locationOf, pipelineNames } from "./naming";

/**
 * A stream deployed by another stack of the same pipeline, referred to by the name and ARN its label
 * gives, never by remote state: this stack plans even before that one is deployed.
 */
export function importPipelineStream(
  scope: Construct,
  id: string,
  env: EnvironmentConfig,
  pipeline: PipelineConfig,
  source: StreamSource,
): IKinesisStream {
  const names = pipelineNames(env, pipeline.name).stream(source);
  const customerManaged = pipeline[source]?.encryption === "customer-managed";
  return KinesisIngest.fromAttributes(scope, id, {
    streamName: names.streamName,
    location: locationOf(env),
    encryptionKeyAliasName: customerManaged ? names.encryptionKeyAliasName : undefined,
  });
}
