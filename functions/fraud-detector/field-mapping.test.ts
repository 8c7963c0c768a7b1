import { describe, expect, test } from "vitest";
import { applyFieldMapping, SEED_002_FIELD_MAPPING, toProducerShape } from "./field-mapping";

describe("toProducerShape", () => {
  test("names each field as the producer does, and applyFieldMapping reads it back", () => {
    const transaction = { transaction_id: "t1", account_id: "c1", amount: 75_000, currency: "COP", country: "MX", account_country: "CO", hour: 23 };
    const produced = toProducerShape(transaction, SEED_002_FIELD_MAPPING);
    expect(produced).toEqual({ txn_id: "t1", cliente_id: "c1", monto: 75_000, currency: "COP", pais: "MX", pais_cuenta: "CO", hora: 23 });
    expect(applyFieldMapping(produced, SEED_002_FIELD_MAPPING)).toEqual(transaction);
  });

  test("keeps every name without a mapping", () => {
    expect(toProducerShape({ transaction_id: "t1", amount: 1 }, {})).toEqual({ transaction_id: "t1", amount: 1 });
  });
});
