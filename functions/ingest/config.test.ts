import { describe, expect, it } from "vitest";
import { contractVariables } from "../shared/contract";
import { loadConfig } from "./config";
import { IngestContract } from "./contract";

describe("ingest config", () => {
  it("reads a stream name and applies defaults", () => {
    expect(loadConfig({ STREAM_NAME: "events" })).toEqual({ STREAM_NAME: "events", MAX_FUTURE_MINUTES: 5, MAX_EVENT_BYTES: 350_000, PUT_MAX_ATTEMPTS: 5 });
  });

  it("reads its contract's settings and the stream the API module sets", () => {
    expect([...contractVariables(IngestContract), "STREAM_NAME", "STREAM_ARN", "MALFORMED_TOPIC_ARN"].sort()).toEqual(
      Object.keys(loadConfig({ STREAM_NAME: "s", STREAM_ARN: "arn:aws:kinesis:us-east-1:1:stream/s", MALFORMED_TOPIC_ARN: "arn:aws:sns:us-east-1:1:malformed" })).sort(),
    );
  });

  it("fails when neither STREAM_NAME nor STREAM_ARN is set, listing every problem", () => {
    expect(() => loadConfig({ PUT_MAX_ATTEMPTS: "11" })).toThrow(/^ingest: invalid environment:\n  PUT_MAX_ATTEMPTS: must be an integer between 1 and 10, got "11"\n  STREAM_NAME: STREAM_NAME or STREAM_ARN must be set, got nothing \(unset\)$/);
  });
});
