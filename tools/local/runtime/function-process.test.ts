import { describe, expect, test } from "vitest";
import { queueUrlsThroughProxy } from "./function-process";

describe("queueUrlsThroughProxy", () => {
  test("moves queue URLs of the local API to the IAM proxy and leaves every other value alone", () => {
    const environment = {
      DEAD_LETTER_QUEUE_URL: "http://127.0.0.1:36373/333333333333/acme-prod-transactions-fraud-malformed",
      ALERT_TOPIC_ARN: "arn:aws:sns:eu-west-1:333333333333:alerts",
      OTHER_HOST: "http://127.0.0.1:363730/x",
      TABLE: "events",
    };
    expect(queueUrlsThroughProxy(environment, "http://127.0.0.1:36373", "http://127.0.0.1:40655/")).toEqual({
      DEAD_LETTER_QUEUE_URL: "http://127.0.0.1:40655/333333333333/acme-prod-transactions-fraud-malformed",
      ALERT_TOPIC_ARN: "arn:aws:sns:eu-west-1:333333333333:alerts",
      OTHER_HOST: "http://127.0.0.1:363730/x",
      TABLE: "events",
    });
  });
});
