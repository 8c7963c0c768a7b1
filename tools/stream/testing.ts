import { CreateStreamCommand, KinesisClient, type PutRecordsCommandOutput, type PutRecordsInput } from "@aws-sdk/client-kinesis";
import { Readable } from "node:stream";
import { localClientConfig, type LocalServer } from "../../test/local-aws";
import type { CliIo } from "./io";
import { readLines, type InputLine } from "./input";

/** A Kinesis client for a local server (tests only). */
export function localKinesis(server: LocalServer): KinesisClient {
  return new KinesisClient(localClientConfig(server));
}

/** Creates a stream with `shardCount` shards on a local server (ACTIVE at once). */
export async function createStream(client: KinesisClient, streamName: string, shardCount: number): Promise<void> {
  await client.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: shardCount }));
}

/** Numbered lines from strings, as the CLI reads them from a file. */
export function linesOf(texts: string[]): AsyncIterable<InputLine> {
  return readLines(Readable.from([texts.join("\n") + "\n"]));
}

/**
 * Makes PutRecords fail some entries the way Kinesis does under throttling: the chosen entries are
 * taken out of the request (so they are not written) and come back with an error code in their
 * place, the rest go to the real server. Returns the number of PutRecords calls seen.
 */
export function injectPartialFailures(client: KinesisClient, shouldFail: (data: string, position: number) => boolean): { calls: number; injected: number } {
  const counters = { calls: 0, injected: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== "PutRecordsCommand") return next(args);
      counters.calls++;
      const input = args.input as PutRecordsInput;
      const entries = input.Records ?? [];
      const failing = entries.map((entry, i) => shouldFail(Buffer.from(entry.Data ?? new Uint8Array()).toString("utf8"), i));
      const kept = entries.filter((_, i) => !failing[i]);
      counters.injected += entries.length - kept.length;
      const real: PutRecordsCommandOutput["Records"] = [];
      let failedCount = 0;
      let response: Awaited<ReturnType<typeof next>> | undefined;
      if (kept.length > 0) {
        response = await next({ ...args, input: { ...input, Records: kept } });
        real.push(...((response.output as PutRecordsCommandOutput).Records ?? []));
        failedCount = (response.output as PutRecordsCommandOutput).FailedRecordCount ?? 0;
      }
      let k = 0;
      const merged = failing.map((fail) =>
        fail ? { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "Rate exceeded for shard (injected)" } : real[k++]!,
      );
      const output = { $metadata: {}, FailedRecordCount: failedCount + entries.length - kept.length, Records: merged };
      return { ...(response ?? { response: {} }), output } as Awaited<ReturnType<typeof next>>;
    },
    { step: "initialize", name: "injectPartialFailures" },
  );
  return counters;
}

/** A CLI io writing into strings, for main(argv, io) tests. */
export function memoryIo(stdinText = ""): CliIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdin: Readable.from([stdinText]),
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text), isTTY: false },
    out: () => out,
    err: () => err,
  };
}
