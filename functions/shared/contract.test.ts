import { describe, expect, it } from "vitest";
import { FraudDetectorContract } from "../fraud-detector/contract";
import { METRICS_NAMESPACE, contractVariables, settingsSchema, telemetryOptions } from "./contract";

describe("telemetryOptions", () => {
  it("takes the service from POWERTOOLS_SERVICE_NAME, which the stack sets to the function's name", () => {
    expect(telemetryOptions(FraudDetectorContract, { POWERTOOLS_SERVICE_NAME: "prod-transactions-fraud" })).toEqual({
      serviceName: "prod-transactions-fraud",
      namespace: METRICS_NAMESPACE,
    });
  });

  it("falls back to the handler's name outside Lambda", () => {
    expect(telemetryOptions(FraudDetectorContract, {})).toEqual({ serviceName: "fraud-detector", namespace: "StreamingPlatform" });
  });
});

describe("settingsSchema", () => {
  it("refuses a key the contract does not name", () => {
    const result = settingsSchema(FraudDetectorContract).safeParse({ AMOUNT_TRESHOLD: "10" });
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: "unrecognized_keys", keys: ["AMOUNT_TRESHOLD"] })]);
  });

  it("reads the settings as text, as the handler does, with their defaults", () => {
    expect(settingsSchema(FraudDetectorContract).parse({ AMOUNT_THRESHOLD: "1000" })).toEqual({ AMOUNT_THRESHOLD: 1000, NIGHT_START_HOUR: 23, NIGHT_END_HOUR: 5 });
  });
});

describe("contractVariables", () => {
  it("lists the access variables, the fields', then the settings", () => {
    expect(contractVariables(FraudDetectorContract)).toEqual(["ALERT_TOPIC_ARN", "DEAD_LETTER_QUEUE_URL", "FIELD_MAPPING", "AMOUNT_THRESHOLD", "NIGHT_START_HOUR", "NIGHT_END_HOUR"]);
  });
});
