import { describe, expect, it } from "vitest";
import { FraudDetectorEnv, loadFraudDetectorConfig } from "./config";

const required = {
  [FraudDetectorEnv.alertTopicArn]: "arn:aws:sns:eu-west-1:123456789012:fraud-alerts",
  [FraudDetectorEnv.deadLetterQueueUrl]: "https://sqs.eu-west-1.amazonaws.com/123456789012/fraud-dlq",
};

describe("loadFraudDetectorConfig", () => {
  it("applies the documented defaults", () => {
    expect(loadFraudDetectorConfig(required)).toEqual({
      alertTopicArn: "arn:aws:sns:eu-west-1:123456789012:fraud-alerts",
      deadLetterQueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/fraud-dlq",
      rules: { amountThreshold: 50_000, nightStartHour: 23, nightEndHour: 5 },
    });
  });

  it("reads the thresholds from their variables", () => {
    expect(loadFraudDetectorConfig({ ...required, AMOUNT_THRESHOLD: "10000.5", NIGHT_START_HOUR: "22", NIGHT_END_HOUR: "6" }).rules).toEqual({
      amountThreshold: 10_000.5,
      nightStartHour: 22,
      nightEndHour: 6,
    });
  });

  it("fails naming each bad variable and what it got", () => {
    // Act
    const act = () => loadFraudDetectorConfig({ ALERT_TOPIC_ARN: "fraud-alerts", DEAD_LETTER_QUEUE_URL: required.DEAD_LETTER_QUEUE_URL, AMOUNT_THRESHOLD: "-5", NIGHT_START_HOUR: "24" });

    // Assess
    expect(act).toThrow(/ALERT_TOPIC_ARN: expected an SNS topic ARN, got "fraud-alerts"/);
    expect(act).toThrow(/AMOUNT_THRESHOLD: .*got "-5"/);
    expect(act).toThrow(/NIGHT_START_HOUR: .*<=23, got "24"/);
  });

  it("fails when the night window is empty", () => {
    expect(() => loadFraudDetectorConfig({ ...required, NIGHT_START_HOUR: "3", NIGHT_END_HOUR: "3" })).toThrow(/NIGHT_END_HOUR: NIGHT_START_HOUR and NIGHT_END_HOUR must differ/);
  });
});
