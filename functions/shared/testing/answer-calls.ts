import { md5 } from "./in-memory-aws";

/**
 * Test layer over a REAL SDK client for services without a local server (SQS, SNS, CloudWatch
 * Logs): calls of one command are recorded and answered in the client's own middleware stack,
 * after the SDK has built and validated the command, so the code under test runs its real client.
 */

type AnyClient = { middlewareStack: { add: (...args: any[]) => void; remove: (name: string) => boolean } };

/** What the answer function returns: the command's output, or an error the call throws. */
export type Answer<O> = O | Error;

/** Recorded inputs, in call order, and a way to take the layer off. */
export interface AnsweredCalls<I> {
  readonly calls: I[];
  remove(): void;
}

let layers = 0;

/**
 * Answers every `commandName` call (e.g. "SendMessageBatchCommand") of `client` with `respond`,
 * recording its input. The call is not sent over the network.
 */
export function answerCalls<I = any, O = any>(
  client: AnyClient,
  commandName: string,
  respond: (input: I, callNumber: number) => Answer<O> | Promise<Answer<O>>,
): AnsweredCalls<I> {
  const calls: I[] = [];
  const name = `testAnswer${commandName}${++layers}`;
  client.middlewareStack.add(
    (next: (args: any) => Promise<any>, context: { commandName?: string }) => async (args: { input: I }) => {
      if (context.commandName !== commandName) return next(args);
      calls.push(structuredClone(args.input));
      const answer = await respond(args.input, calls.length);
      if (answer instanceof Error) throw answer;
      return { output: { $metadata: { httpStatusCode: 200 }, ...answer }, response: { statusCode: 200, headers: {}, body: undefined } };
    },
    { step: "initialize", name, override: true },
  );
  return { calls, remove: () => void client.middlewareStack.remove(name) };
}

/** A SendMessageBatch answer accepting every entry, as SQS does (with the body MD5 the client checks). */
export function acceptAllMessages(input: any) {
  const entries = (input.Entries ?? []) as Array<{ Id?: string; MessageBody?: string }>;
  return { Successful: entries.map((e, i) => ({ Id: e.Id, MessageId: `message-${i}`, MD5OfMessageBody: md5(e.MessageBody ?? "") })), Failed: [] };
}
