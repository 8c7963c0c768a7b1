import * as z from "zod/mini";
import { en } from "zod/locales";

// zod/mini rather than the classic API: the same schemas and z.infer types, but module
// initialisation in about 2 ms instead of 25-35 ms, which is most of a cold start's budget
// (see bench/functions.ts). The English locale gives issues readable messages.
z.config(en());

/** Event types of the IOPS monitoring dashboard, the discriminator of {@link IopsEventSchema}. */
export const EVENT_TYPES = [
  "session_started",
  "session_ended",
  "iops_sample",
  "latency_spike",
  "error_reported",
  "threshold_breached",
] as const;

/** Storage performance figures carried by most events. `latency` is in milliseconds, `errorRate` a percentage. */
export const MetricsSchema = z.object({
  iops: z.number(),
  latency: z.number(),
  errorRate: z.number(),
});

const IdSchema = z.string().check(z.minLength(1), z.maxLength(256));

const BaseEventSchema = z.object({
  /** Producer-assigned id: the idempotency key when present. */
  event_id: z.optional(IdSchema),
  /** ISO-8601 with a zone (`Z` or an offset), e.g. `2026-01-31T12:00:00.000Z`. */
  timestamp: z.iso.datetime({ offset: true }),
});

/**
 * The host, array or volume the event is about. Optional on the events whose payload names what
 * they are about (a session or a volume id, see {@link eventKeyOf}); required on the others.
 */
const OptionalSource = { source: z.optional(IdSchema) };
const RequiredSource = { source: IdSchema };

/** A dashboard user opened a monitoring session. */
export const SessionStartedSchema = z.extend(BaseEventSchema, {
  ...OptionalSource,
  event_type: z.literal("session_started"),
  payload: z.looseObject({ session_id: IdSchema, user_id: IdSchema }),
  metrics: z.optional(MetricsSchema),
});

/** A monitoring session ended. */
export const SessionEndedSchema = z.extend(BaseEventSchema, {
  ...OptionalSource,
  event_type: z.literal("session_ended"),
  payload: z.looseObject({ session_id: IdSchema, duration_ms: z.int().check(z.nonnegative()) }),
  metrics: z.optional(MetricsSchema),
});

/** A periodic IOPS measurement of a volume. */
export const IopsSampleSchema = z.extend(BaseEventSchema, {
  ...OptionalSource,
  event_type: z.literal("iops_sample"),
  payload: z.looseObject({ volume_id: IdSchema }),
  metrics: MetricsSchema,
});

/** Latency rose above a threshold. */
export const LatencySpikeSchema = z.extend(BaseEventSchema, {
  ...OptionalSource,
  event_type: z.literal("latency_spike"),
  payload: z.looseObject({ volume_id: IdSchema, threshold_ms: z.number().check(z.nonnegative()) }),
  metrics: MetricsSchema,
});

/** A device or driver reported an error. */
export const ErrorReportedSchema = z.extend(BaseEventSchema, {
  ...RequiredSource,
  event_type: z.literal("error_reported"),
  payload: z.looseObject({ error_code: IdSchema, message: z.string().check(z.maxLength(4096)) }),
  metrics: z.optional(MetricsSchema),
});

/** A metric crossed a configured threshold. */
export const ThresholdBreachedSchema = z.extend(BaseEventSchema, {
  ...RequiredSource,
  event_type: z.literal("threshold_breached"),
  payload: z.looseObject({ metric: z.enum(["iops", "latency", "errorRate"]), threshold: z.number(), observed: z.number() }),
  metrics: MetricsSchema,
});

/** Any IOPS monitoring event, discriminated on `event_type`. */
export const IopsEventSchema = z.discriminatedUnion("event_type", [
  SessionStartedSchema,
  SessionEndedSchema,
  IopsSampleSchema,
  LatencySpikeSchema,
  ErrorReportedSchema,
  ThresholdBreachedSchema,
]);

/**
 * What every event has whatever its type: checked when `event_type` is unknown, so such an event's
 * other problems are reported too (the union stops at its discriminator).
 */
export const CommonEventFieldsSchema = z.extend(BaseEventSchema, {
  source: z.optional(IdSchema),
  payload: z.looseObject({}),
  metrics: z.optional(MetricsSchema),
});

/** Figures of an event. */
export type Metrics = z.infer<typeof MetricsSchema>;
/** Any IOPS monitoring event. */
export type IopsEvent = z.infer<typeof IopsEventSchema>;
/** One of {@link EVENT_TYPES}. */
export type EventType = IopsEvent["event_type"];

/**
 * What an event is about, its partition key on the stream and its `pk` in the events table: the
 * `source` when the producer sets one, else the payload's `volume_id`, else its `session_id`
 * (seed 001's test event carries no `source`). The schemas require `source` on the events whose
 * payload has neither, so every valid event has one.
 */
export function eventKeyOf(event: IopsEvent): string {
  if (event.source !== undefined) return event.source;
  const payload = event.payload as { volume_id?: string; session_id?: string };
  return payload.volume_id ?? payload.session_id!;
}
