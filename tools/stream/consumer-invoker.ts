import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";

/** What one invocation of the consumer gave back. */
export type InvokeResult =
  /** `failed`: the `itemIdentifier`s of the partial batch response (none when every record was handled). */
  | { readonly ok: true; readonly failed: readonly string[] }
  | { readonly ok: false; readonly error: string };

/** Invokes the consumer that failed with a batch of stream records, as its event source mapping does. */
export interface ConsumerInvoker {
  invoke(functionName: string, event: { Records: readonly unknown[] }): Promise<InvokeResult>;
}

/** A stream record as replay hands it to the consumer, with the identifier its partial batch response names. */
export interface ConsumerRecord {
  /** The Lambda event record: Kinesis (`kinesis.sequenceNumber`) or DynamoDB Streams (`dynamodb.SequenceNumber`). */
  readonly record: unknown;
  /** `itemIdentifier` of the record in a partial batch response: its sequence number. */
  readonly sequenceNumber: string;
}

/** What became of records handed to the consumer in order. */
export interface InOrderOutcome {
  readonly recovered: number;
  /** Sequence numbers of the records not recovered: the first failed one and every one after it. */
  readonly notRecovered: readonly string[];
  readonly detail?: string;
}

/**
 * Lambda's limit on a synchronous invocation's request (6 MB), less room for the envelope:
 * a stored batch bigger than one invocation is sent in several, in order.
 */
export const MAX_INVOKE_PAYLOAD_BYTES = 6 * 1024 * 1024 - 64 * 1024;

/** The Lambda records' identifier, as the partial batch response names them. */
export function sequenceNumberOf(record: unknown): string | undefined {
  const r = record as { kinesis?: { sequenceNumber?: unknown }; dynamodb?: { SequenceNumber?: unknown } };
  const value = r?.kinesis?.sequenceNumber ?? r?.dynamodb?.SequenceNumber;
  return typeof value === "string" ? value : undefined;
}

function chunks(records: readonly ConsumerRecord[], maxBytes: number): ConsumerRecord[][] {
  const out: ConsumerRecord[][] = [];
  let current: ConsumerRecord[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = Buffer.byteLength(JSON.stringify(r.record)) + 1;
    if (current.length > 0 && bytes + size > maxBytes) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Hands records of one shard, in order, to the consumer with the semantics of its mapping's
 * partial batch response: a failed record and every record after it are not recovered (Lambda
 * would retry from the lowest failed sequence number), and nothing after a failure is sent, so
 * the consumer never sees a shard's records out of order. An unknown `itemIdentifier` fails the
 * whole invocation, as Lambda treats it.
 */
export async function invokeInOrder(invoker: ConsumerInvoker, functionName: string, records: readonly ConsumerRecord[], maxBytes = MAX_INVOKE_PAYLOAD_BYTES): Promise<InOrderOutcome> {
  let recovered = 0;
  for (const chunk of chunks(records, maxBytes)) {
    const result = await invoker.invoke(functionName, { Records: chunk.map((r) => r.record) });
    const rest = records.slice(recovered);
    if (!result.ok) return { recovered, notRecovered: rest.map((r) => r.sequenceNumber), detail: `${functionName} failed: ${result.error}` };
    if (result.failed.length > 0) {
      const positions = result.failed.map((id) => chunk.findIndex((r) => r.sequenceNumber === id));
      const first = positions.some((p) => p < 0) ? 0 : Math.min(...positions);
      recovered += first;
      const detail = positions.some((p) => p < 0)
        ? `${functionName} named a record not in the batch (${result.failed.find((_, i) => positions[i]! < 0)}): the whole invocation counts as failed`
        : `${functionName} reported ${result.failed.length} records as failed, from sequence number ${chunk[first]!.sequenceNumber}`;
      return { recovered, notRecovered: records.slice(recovered).map((r) => r.sequenceNumber), detail };
    }
    recovered += chunk.length;
  }
  return { recovered, notRecovered: [] };
}

/**
 * Invokes functions through the Lambda API (`Invoke`, RequestResponse): a function error
 * (`FunctionError`) fails the whole invocation; a partial batch response names the records failed.
 */
export function lambdaInvoker(client: LambdaClient): ConsumerInvoker {
  return {
    async invoke(functionName, event) {
      const response = await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: "RequestResponse", Payload: Buffer.from(JSON.stringify(event)) }));
      const text = response.Payload ? Buffer.from(response.Payload).toString("utf8") : "";
      if (response.FunctionError) return { ok: false, error: `${response.FunctionError}: ${text.slice(0, 500)}` };
      return batchResponseOf(text);
    },
  };
}

/** A handler's answer read as a partial batch response (`null` or no `batchItemFailures`: everything handled). */
export function batchResponseOf(value: unknown): InvokeResult {
  let parsed = value;
  if (typeof value === "string") {
    if (value.trim() === "") return { ok: true, failed: [] };
    try {
      parsed = JSON.parse(value);
    } catch {
      return { ok: false, error: `the response is not JSON: ${value.slice(0, 200)}` };
    }
  }
  const failures = (parsed as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (failures === undefined || failures === null) return { ok: true, failed: [] };
  if (!Array.isArray(failures)) return { ok: false, error: "batchItemFailures is not a list" };
  const ids = failures.map((f) => (f as { itemIdentifier?: unknown })?.itemIdentifier);
  if (!ids.every((id): id is string => typeof id === "string" && id !== "")) return { ok: false, error: "a batchItemFailures entry has no itemIdentifier" };
  return { ok: true, failed: ids };
}
