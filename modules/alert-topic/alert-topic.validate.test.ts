import { expect, test } from "vitest";
import { validateStack } from "../../test/terraform";
import { Label } from "../shared/label";
import { testStack } from "../shared/testing";
import { AlertTopic } from "./alert-topic";

test("terraform validate accepts a topic with an e-mail subscription", async () => {
  const stack = testStack();
  const label = new Label({ namespace: "acme", environment: "dev", name: "iops-events", attributes: ["processor", "alerts"] });
  new AlertTopic(stack, "Alerts", { label, emailSubscriptions: ["a@example.com"] });
  const result = await validateStack(stack, "alert-topic");
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
});
