import { describe, expect, it } from "vitest";
import { contractVariables } from "../shared/contract";
import { loadConfig } from "./config";
import { StreamProcessorContract } from "./contract";

const valid = {
  EVENTS_TABLE_NAME: "events",
  MALFORMED_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:malformed",
  DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/malformed",
};

describe("stream-processor config", () => {
  it("reads the required variables and applies defaults", () => {
    expect(loadConfig(valid)).toEqual({ ...valid, MAX_FUTURE_MINUTES: 5, MAX_EVENT_BYTES: 350_000, WRITE_MAX_ATTEMPTS: 5, EVENTS_RETENTION_DAYS: 90 });
  });

  it("reads exactly the variables its contract names", () => {
    expect(contractVariables(StreamProcessorContract).sort()).toEqual(Object.keys(loadConfig(valid)).sort());
  });

  it("refuses a retention outside 1 to 3650 days", () => {
    expect(() => loadConfig({ ...valid, EVENTS_RETENTION_DAYS: "0" })).toThrow(/EVENTS_RETENTION_DAYS: must be an integer between 1 and 3650, got "0"/);
    expect(loadConfig({ ...valid, EVENTS_RETENTION_DAYS: "3650" }).EVENTS_RETENTION_DAYS).toBe(3650);
  });

  it("fails listing every problem at once", () => {
    expect(() => loadConfig({ ...valid, EVENTS_TABLE_NAME: undefined, WRITE_MAX_ATTEMPTS: "0", MAX_EVENT_BYTES: "500000" })).toThrow(
      /^stream-processor: invalid environment:\n  EVENTS_TABLE_NAME: .*\n.*MAX_EVENT_BYTES: must be an integer between 1 and 400000, got "500000"\n.*WRITE_MAX_ATTEMPTS: must be an integer between 1 and 20, got "0"/,
    );
  });
});
