import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

const required = {
  ALERT_TOPIC_ARN: "arn:aws:sns:eu-west-1:123456789012:fraud-alerts",
  DEAD_LETTER_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/fraud-dlq",
};

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    expect(loadConfig(required)).toEqual({
      alertTopicArn: "arn:aws:sns:eu-west-1:123456789012:fraud-alerts",
      deadLetterQueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/fraud-dlq",
      rules: { amountThreshold: 50_000, nightStartHour: 23, nightEndHour: 5 },
      fieldMapping: {},
    });
  });

  it("reads the thresholds from their variables", () => {
    expect(loadConfig({ ...required, AMOUNT_THRESHOLD: "10000.5", NIGHT_START_HOUR: "22", NIGHT_END_HOUR: "6" }).rules).toEqual({
      amountThreshold: 10_000.5,
      nightStartHour: 22,
      nightEndHour: 6,
    });
  });

  it("fails naming each bad variable and what it got", () => {
    // Act
    const act = () => loadConfig({ ALERT_TOPIC_ARN: "fraud-alerts", DEAD_LETTER_QUEUE_URL: required.DEAD_LETTER_QUEUE_URL, AMOUNT_THRESHOLD: "-5", NIGHT_START_HOUR: "24" });

    // Assess
    expect(act).toThrow(/ALERT_TOPIC_ARN: expected an SNS topic ARN, got "fraud-alerts"/);
    expect(act).toThrow(/AMOUNT_THRESHOLD: .*got "-5"/);
    expect(act).toThrow(/NIGHT_START_HOUR: .*<=23, got "24"/);
  });

  it("takes equal night hours as a one-hour window (both ends are inclusive)", () => {
    expect(loadConfig({ ...required, NIGHT_START_HOUR: "3", NIGHT_END_HOUR: "3" }).rules).toMatchObject({ nightStartHour: 3, nightEndHour: 3 });
  });

  it("reads the field mapping from FIELD_MAPPING", () => {
    expect(loadConfig({ ...required, FIELD_MAPPING: '{"amount":"monto","hour":"hora"}' }).fieldMapping).toEqual({ amount: "monto", hour: "hora" });
  });

  it.each([
    ["not JSON", "{monto", /FIELD_MAPPING: expected a JSON object of producer field names by transaction field, got "\{monto"/],
    ["an unknown transaction field", '{"monto":"amount"}', /FIELD_MAPPING: expected producer field names for transaction_id, account_id, amount, currency, country, account_country, timestamp, hour, merchant \(Unrecognized key: "monto"\)/],
    ["an empty producer field", '{"amount":""}', /FIELD_MAPPING: expected producer field names for .*\(Too small: expected string to have >=1 characters\)/],
  ])("fails when FIELD_MAPPING is %s", (_name, value, message) => {
    expect(() => loadConfig({ ...required, FIELD_MAPPING: value })).toThrow(message);
  });
});
