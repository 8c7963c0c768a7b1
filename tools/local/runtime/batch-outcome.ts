import type { InvocationOutcome } from "./function-process";

/** How Lambda reads a stream batch's invocation (services-kinesis-batchfailurereporting). */
export type BatchVerdict =
  | { readonly kind: "success" }
  /** Records before `failedIndex` are done; the checkpoint moves to the lowest failed sequence number. */
  | { readonly kind: "partial"; readonly failedIndex: number }
  | { readonly kind: "failure"; readonly functionError: boolean };

function compareSequenceNumbers(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An invocation's verdict. A function error fails the batch. With `ReportBatchItemFailures`, an
 * empty or null response or `batchItemFailures` list is a success; an item whose
 * `itemIdentifier` is null, empty, missing or not a sequence number of the batch fails the whole
 * batch; otherwise the lowest failed sequence number is the checkpoint. Without the setting, the
 * response is ignored.
 */
export function batchVerdict(sequenceNumbers: readonly string[], outcome: InvocationOutcome, reportBatchItemFailures: boolean): BatchVerdict {
  if (!outcome.ok) return { kind: "failure", functionError: true };
  if (!reportBatchItemFailures) return { kind: "success" };
  const response = outcome.payload as { batchItemFailures?: unknown } | null | undefined;
  if (response === null || response === undefined || typeof response !== "object") return { kind: "success" };
  const failures = response.batchItemFailures;
  if (failures === null || failures === undefined) return { kind: "success" };
  if (!Array.isArray(failures)) return { kind: "failure", functionError: false };
  if (failures.length === 0) return { kind: "success" };
  let lowest: string | undefined;
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== "string" || id === "" || !sequenceNumbers.includes(id)) return { kind: "failure", functionError: false };
    if (lowest === undefined || compareSequenceNumbers(id, lowest) < 0) lowest = id;
  }
  return { kind: "partial", failedIndex: sequenceNumbers.indexOf(lowest!) };
}
