import type { IopsEvent } from "../schemas";

let counter = 0;

/** A valid `iops_sample` event, timestamped now, with a unique `event_id`; fields may be replaced. */
export function iopsSample(overrides: Record<string, unknown> = {}): IopsEvent & Record<string, unknown> {
  counter++;
  return {
    event_type: "iops_sample",
    event_id: `evt-${process.pid}-${counter}`,
    timestamp: new Date().toISOString(),
    source: "array-01",
    payload: { volume_id: `vol-${counter % 16}`, pool: "gold" },
    metrics: { iops: 1200 + (counter % 300), latency: 1.8, errorRate: 0.2 },
    ...overrides,
  } as IopsEvent & Record<string, unknown>;
}

/** One valid event of each of the six types, timestamped now. */
export function oneOfEachType(): IopsEvent[] {
  const timestamp = new Date().toISOString();
  const metrics = { iops: 900, latency: 2.5, errorRate: 1 };
  return [
    { event_type: "session_started", timestamp, source: "dash", payload: { session_id: "s-1", user_id: "u-1" } },
    { event_type: "session_ended", timestamp, source: "dash", payload: { session_id: "s-1", duration_ms: 60_000 } },
    { event_type: "iops_sample", timestamp, source: "array-01", payload: { volume_id: "vol-1" }, metrics },
    { event_type: "latency_spike", timestamp, source: "array-01", payload: { volume_id: "vol-1", threshold_ms: 2 }, metrics },
    { event_type: "error_reported", timestamp, source: "array-01", payload: { error_code: "E42", message: "path down" } },
    { event_type: "threshold_breached", timestamp, source: "array-01", payload: { metric: "iops", threshold: 800, observed: 900 }, metrics },
  ];
}

/** Seed 001's documented test event, byte for byte as its curl step sends it (no `source`). */
export const SEED_001_TEST_EVENT =
  '{"event_type":"session_started","timestamp":"2024-11-06T12:00:00Z","payload":{"session_id":"test-123","user_id":"user-456"},"metrics":{"iops":50000,"latency":5.2,"errorRate":0.1}}';

/** Seed 001's documented malformed event. */
export const SEED_001_MALFORMED_EVENT = '{"event_type":"invalid_type","payload":"not_an_object"}';
