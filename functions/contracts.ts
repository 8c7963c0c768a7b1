import type { HandlerContract } from "./shared/contract";
import { EnrichmentContract } from "./enrichment/contract";
import { FraudDetectorContract } from "./fraud-detector/contract";
import { JsonSchemaValidatorContract } from "./json-schema-validator/contract";
import { LogFilterContract } from "./log-filter/contract";
import { StreamProcessorContract } from "./stream-processor/contract";

/**
 * The contract of each handler a processor can run, by name: what the envs schema checks, the
 * processor stack grants and the alarms watch. Free of the AWS SDK and Powertools, so synth loads
 * no handler code.
 */
export const PROCESSOR_CONTRACTS = {
  "stream-processor": StreamProcessorContract,
  enrichment: EnrichmentContract,
  "log-filter": LogFilterContract,
  "fraud-detector": FraudDetectorContract,
  "json-schema-validator": JsonSchemaValidatorContract,
} as const satisfies Readonly<Record<string, HandlerContract>>;
