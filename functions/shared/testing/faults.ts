import type { KinesisClient, PutRecordsCommandInput, PutRecordsCommandOutput, PutRecordsResultEntry } from "@aws-sdk/client-kinesis";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * Fault layers over REAL SDK clients, for faults a local server cannot produce. They sit in the
 * client's middleware stack at the initialize step: an entry chosen to fail is removed from the
 * request before it is sent (so the server never stores it, exactly like a real partial failure)
 * and put back into the response as failed. Each returns a function that removes the layer.
 */

type AnyClient = { middlewareStack: KinesisClient["middlewareStack"] };
let layers = 0;

function addInitialize(client: AnyClient, name: string, middleware: (next: (args: any) => Promise<any>, context: any) => (args: any) => Promise<any>): () => void {
  const unique = `${name}${++layers}`;
  (client.middlewareStack as any).add(middleware, { step: "initialize", name: unique });
  // Clients built with cacheMiddleware keep each command's resolved stack: drop it so the layer applies.
  delete (client as { handlers?: unknown }).handlers;
  return () => {
    (client.middlewareStack as any).remove(unique);
    delete (client as { handlers?: unknown }).handlers;
  };
}

/** An SDK-shaped service error (name, HTTP status, fault), as a throttled call throws it. */
export function serviceError(name: string, httpStatusCode = 400, message = `${name} injected by test`): Error {
  return Object.assign(new Error(message), { name, $fault: httpStatusCode >= 500 ? "server" : "client", $metadata: { httpStatusCode } });
}

/**
 * Fails PutRecords entries for which `decide(partitionKey, data, callNumber)` returns an error code
 * (e.g. "ProvisionedThroughputExceededException"); the others are really written.
 */
export function failPutRecordsEntries(client: KinesisClient, decide: (entry: { partitionKey: string; data: Uint8Array }, callNumber: number) => string | undefined): () => void {
  let calls = 0;
  return addInitialize(client, "testFailPutRecordsEntries", (next, context) => async (args) => {
    if (context.commandName !== "PutRecordsCommand") return next(args);
    const call = ++calls;
    const input = args.input as PutRecordsCommandInput;
    const decisions = input.Records!.map((r) => decide({ partitionKey: r.PartitionKey!, data: r.Data! }, call));
    const kept = input.Records!.filter((_, i) => decisions[i] === undefined);
    let output: PutRecordsCommandOutput;
    let response: unknown;
    if (kept.length > 0) {
      const result = await next({ ...args, input: { ...input, Records: kept } });
      output = result.output;
      response = result.response;
    } else {
      output = { Records: [], FailedRecordCount: 0, $metadata: { httpStatusCode: 200 } };
    }
    const real = [...(output.Records ?? [])];
    const merged: PutRecordsResultEntry[] = decisions.map((code) =>
      code === undefined ? real.shift()! : { ErrorCode: code, ErrorMessage: "injected by test" },
    );
    return { output: { ...output, Records: merged, FailedRecordCount: (output.FailedRecordCount ?? 0) + decisions.filter(Boolean).length }, response };
  });
}

/** Makes the next `count` calls of `commandName` (e.g. "PutRecordsCommand") throw `error` without being sent. */
export function failCalls(client: AnyClient, commandName: string, count: number, error: () => Error): () => void {
  let remaining = count;
  return addInitialize(client, `testFailCalls${commandName}`, (next, context) => async (args) => {
    if (context.commandName === commandName && remaining > 0) {
      remaining--;
      throw error();
    }
    return next(args);
  });
}

/**
 * Leaves BatchWriteItem requests unprocessed when `decide(request, callNumber)` is true: they are
 * not sent, and come back in `UnprocessedItems`, as DynamoDB does under throttling.
 */
export function leaveWritesUnprocessed(
  client: DynamoDBClient | DynamoDBDocumentClient,
  decide: (request: Record<string, any>, callNumber: number) => boolean,
): () => void {
  let calls = 0;
  return addInitialize(client as unknown as AnyClient, "testLeaveWritesUnprocessed", (next, context) => async (args) => {
    if (context.commandName !== "BatchWriteItemCommand" && context.commandName !== "BatchWriteCommand") return next(args);
    const call = ++calls;
    const sent: Record<string, any[]> = {};
    const unprocessed: Record<string, any[]> = {};
    for (const [table, requests] of Object.entries(args.input.RequestItems as Record<string, any[]>)) {
      for (const request of requests) {
        const bucket = decide(request, call) ? unprocessed : sent;
        (bucket[table] ??= []).push(request);
      }
    }
    const result =
      Object.keys(sent).length > 0 ? await next({ ...args, input: { ...args.input, RequestItems: sent } }) : { output: { UnprocessedItems: {}, $metadata: {} } };
    const merged = { ...(result.output.UnprocessedItems ?? {}) };
    for (const [table, requests] of Object.entries(unprocessed)) merged[table] = [...(merged[table] ?? []), ...requests];
    return { ...result, output: { ...result.output, UnprocessedItems: merged } };
  });
}
