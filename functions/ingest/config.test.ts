import { describe, expect, it } from "vitest";
import { IngestEnv, readConfig } from "./config";

describe("ingest config", () => {
  it("reads a stream name and applies defaults", () => {
    expect(readConfig({ STREAM_NAME: "events" })).toEqual({ STREAM_NAME: "events", MAX_FUTURE_MINUTES: 5, MAX_EVENT_BYTES: 350_000, PUT_MAX_ATTEMPTS: 5 });
  });

  it("exports every variable name it reads", () => {
    expect(Object.values(IngestEnv).sort()).toEqual(Object.keys(readConfig({ STREAM_NAME: "s", STREAM_ARN: "arn:aws:kinesis:us-east-1:1:stream/s" })).sort());
  });

  it("fails when neither STREAM_NAME nor STREAM_ARN is set, listing every problem", () => {
    expect(() => readConfig({ PUT_MAX_ATTEMPTS: "11" })).toThrow(/STREAM_NAME: STREAM_NAME or STREAM_ARN must be set\n  PUT_MAX_ATTEMPTS: must be an integer between 1 and 10, got "11"/);
  });
});
