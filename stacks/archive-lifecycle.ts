import { DEFAULT_TRANSITION_TO_GLACIER_DAYS, DEFAULT_TRANSITION_TO_INFREQUENT_ACCESS_DAYS } from "../modules/secure-bucket/defaults";
import type { PipelineConfig } from "../envs/schema/pipeline";

/** The lifecycle an archive bucket really gets: the pipeline's settings over SecureBucket's defaults. */
export interface EffectiveLifecycle {
  readonly infrequentAccessDays: number;
  readonly glacierDays: number;
  /** Undefined: objects never expire. */
  readonly expirationDays?: number;
}

/** What the archive stack deploys for this pipeline's archive (see SecureBucket's defaults). */
export function archiveLifecycle(archive: NonNullable<PipelineConfig["archive"]>): EffectiveLifecycle {
  return {
    infrequentAccessDays: archive.lifecycle?.infrequentAccessDays ?? DEFAULT_TRANSITION_TO_INFREQUENT_ACCESS_DAYS,
    glacierDays: archive.lifecycle?.glacierDays ?? DEFAULT_TRANSITION_TO_GLACIER_DAYS,
    expirationDays: archive.lifecycle?.expirationDays,
  };
}
