import { describe, expect, it } from "vitest";
import { readConfig, StreamProcessorEnv } from "./config";

const valid = {
  EVENTS_TABLE_NAME: "events",
  MALFORMED_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:malformed",
  DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/malformed",
};

describe("stream-processor config", () => {
  it("reads the required variables and applies defaults", () => {
    expect(readConfig(valid)).toEqual({ ...valid, MAX_FUTURE_MINUTES: 5, MAX_EVENT_BYTES: 350_000, WRITE_MAX_ATTEMPTS: 5, EVENTS_RETENTION_DAYS: 90 });
  });

  it("exports every variable name it reads", () => {
    expect(Object.values(StreamProcessorEnv).sort()).toEqual(Object.keys(readConfig(valid)).sort());
  });

  it("refuses a retention outside 1 to 3650 days", () => {
    expect(() => readConfig({ ...valid, EVENTS_RETENTION_DAYS: "0" })).toThrow(/EVENTS_RETENTION_DAYS: must be an integer between 1 and 3650, got "0"/);
    expect(readConfig({ ...valid, EVENTS_RETENTION_DAYS: "3650" }).EVENTS_RETENTION_DAYS).toBe(3650);
  });

  it("fails listing every problem at once", () => {
    expect(() => readConfig({ ...valid, EVENTS_TABLE_NAME: undefined, WRITE_MAX_ATTEMPTS: "0", MAX_EVENT_BYTES: "500000" })).toThrow(
      /EVENTS_TABLE_NAME: .*\n.*MAX_EVENT_BYTES: must be an integer between 1 and 400000, got "500000"\n.*WRITE_MAX_ATTEMPTS: must be an integer between 1 and 20, got "0"/,
    );
  });
});
