import { describe, expect, it } from "vitest";
import { batchVerdict } from "./batch-outcome";

const SEQUENCES = ["49590338271490256608559692538361571095921575989136588898", "49590338271490256608559692538361571095921575989136588899", "49590338271490256608559692538361571095921575989136588900"];
const ok = (payload: unknown) => ({ ok: true as const, requestId: "r", payload });

describe("batchVerdict", () => {
  it("counts a null, empty or list-less response as a success", () => {
    for (const payload of [null, undefined, {}, { batchItemFailures: [] }, { batchItemFailures: null }]) {
      expect(batchVerdict(SEQUENCES, ok(payload), true)).toEqual({ kind: "success" });
    }
  });

  it("checkpoints at the lowest failed sequence number, whatever the order of the failures", () => {
    const payload = { batchItemFailures: [{ itemIdentifier: SEQUENCES[2] }, { itemIdentifier: SEQUENCES[1] }] };
    expect(batchVerdict(SEQUENCES, ok(payload), true)).toEqual({ kind: "partial", failedIndex: 1 });
  });

  it("compares sequence numbers as numbers, not as strings", () => {
    expect(batchVerdict(["9", "10"], ok({ batchItemFailures: [{ itemIdentifier: "10" }, { itemIdentifier: "9" }] }), true)).toEqual({ kind: "partial", failedIndex: 0 });
  });

  it("fails the whole batch for an empty, null, misnamed or unknown item identifier", () => {
    for (const failure of [{ itemIdentifier: "" }, { itemIdentifier: null }, { itemId: SEQUENCES[0] }, { itemIdentifier: "123" }]) {
      expect(batchVerdict(SEQUENCES, ok({ batchItemFailures: [failure] }), true)).toEqual({ kind: "failure", functionError: false });
    }
  });

  it("ignores the response without ReportBatchItemFailures", () => {
    expect(batchVerdict(SEQUENCES, ok({ batchItemFailures: [{ itemIdentifier: SEQUENCES[0] }] }), false)).toEqual({ kind: "success" });
  });

  it("fails the batch on a function error", () => {
    expect(batchVerdict(SEQUENCES, { ok: false, requestId: "r", error: { errorType: "Error", errorMessage: "boom" } }, true)).toEqual({ kind: "failure", functionError: true });
  });
});
