import { createHash } from "node:crypto";

/**
 * A request handler that answers AWS SDK calls in memory, for tests and benchmarks of services with
 * no local server (SQS, SNS, CloudWatch Logs) and for I/O-free throughput runs. The real client
 * serializes every request and deserializes every answer; only the network is replaced. Every call
 * is recorded with its parsed input. Answers can be replaced per operation with {@link InMemoryAws.on}.
 */

/** One call that reached the handler. */
export interface RecordedCall {
  /** Operation name, e.g. "BatchWriteItem", "SendMessageBatch", "Publish". */
  operation: string;
  /** JSON input for JSON protocols; form fields for the query protocol (SNS). */
  input: any;
}

/** What a responder returns: a body (JSON-able object) or an error to answer with. */
export type Answer = { body: Record<string, unknown> } | { error: { name: string; message?: string; status?: number } };

/** Computes the answer of one call. */
export type Responder = (input: any, call: RecordedCall) => Answer;

/** SQS clients check the body's MD5 in every answer. */
export function md5(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}

const DEFAULTS: Record<string, Responder> = {
  BatchWriteItem: () => ({ body: { UnprocessedItems: {} } }),
  PutItem: () => ({ body: {} }),
  BatchGetItem: () => ({ body: { Responses: {}, UnprocessedKeys: {} } }),
  GetItem: () => ({ body: {} }),
  SendMessageBatch: (input) => ({
    body: { Successful: input.Entries.map((e: { Id: string; MessageBody: string }, i: number) => ({ Id: e.Id, MessageId: `m-${i}`, MD5OfMessageBody: md5(e.MessageBody) })), Failed: [] },
  }),
  SendMessage: (input) => ({ body: { MessageId: "m-0", MD5OfMessageBody: md5(input.MessageBody) } }),
  Publish: () => ({ body: { MessageId: "sns-0" } }),
  PutRecords: (input) => ({ body: { FailedRecordCount: 0, Records: input.Records.map((_: unknown, i: number) => ({ SequenceNumber: String(1000 + i), ShardId: "shardId-000000000000" })) } }),
  PutLogEvents: () => ({ body: {} }),
  CreateLogStream: () => ({ body: {} }),
};

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return "";
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString("utf8");
  throw new Error("InMemoryAws does not read streamed request bodies");
}

function xmlEscape(value: unknown): string {
  return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Options of {@link InMemoryAws}. */
export interface InMemoryAwsOptions {
  /**
   * Requests to these hostnames go to this real handler instead (e.g. 127.0.0.1 for kinesalite
   * and dynalite), so one client configuration serves local servers and in-memory services.
   * @default - every request is answered in memory
   */
  passThrough?: { hostnames: string[]; handler: { handle(request: any, options?: any): Promise<any> } };
}

/** The in-memory handler; give it to `configureClients({ requestHandler })` or a client's config. */
export class InMemoryAws {
  /** Every call answered in memory, in order. */
  readonly calls: RecordedCall[] = [];
  private readonly responders = new Map<string, Responder>();

  constructor(private readonly options: InMemoryAwsOptions = {}) {}

  /** Replaces the answer of `operation` until {@link reset}. */
  on(operation: string, responder: Responder): this {
    this.responders.set(operation, responder);
    return this;
  }

  /** Forgets the recorded calls and the custom responders. */
  reset(): void {
    this.calls.length = 0;
    this.responders.clear();
  }

  /** Recorded calls of one operation. */
  callsOf(operation: string): RecordedCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  readonly metadata = { handlerProtocol: "http/1.1" };

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}

  async handle(request: { hostname?: string; headers: Record<string, string>; body?: unknown }, handlerOptions?: unknown): Promise<{ response: any }> {
    const passThrough = this.options.passThrough;
    if (passThrough && request.hostname !== undefined && passThrough.hostnames.includes(request.hostname)) return passThrough.handler.handle(request, handlerOptions);
    const target = headerValue(request.headers, "x-amz-target");
    const query = target === undefined;
    let operation: string;
    let parse: () => any;
    if (query) {
      const form = new URLSearchParams(bodyText(request.body));
      operation = form.get("Action") ?? "Unknown";
      parse = () => Object.fromEntries(form);
    } else {
      operation = target.slice(target.indexOf(".") + 1);
      parse = () => {
        const text = bodyText(request.body);
        return text ? JSON.parse(text) : {};
      };
    }
    // Parsed on first read only: a benchmark's default answers never read it, so the "server"
    // costs next to nothing and the figures measure the client side.
    let input: any;
    const call: RecordedCall = {
      operation,
      get input() {
        input ??= parse();
        return input;
      },
    };
    this.calls.push(call);
    const responder = this.responders.get(operation) ?? DEFAULTS[operation];
    if (!responder) throw new Error(`InMemoryAws has no answer for ${operation}`);
    // A responder declared without parameters does not need the input: skip parsing it.
    const answer = responder.length > 0 ? responder(call.input, call) : responder(undefined, call);
    return { response: query ? this.queryResponse(operation, answer) : this.jsonResponse(headerValue(request.headers, "content-type"), answer) };
  }

  private jsonResponse(contentType: string | undefined, answer: Answer) {
    const headers: Record<string, string> = { "content-type": contentType ?? "application/x-amz-json-1.0", "x-amzn-requestid": "in-memory" };
    if ("error" in answer) {
      headers["x-amzn-errortype"] = answer.error.name;
      headers["x-amzn-query-error"] = `${answer.error.name};Sender`;
      const body = Buffer.from(JSON.stringify({ __type: answer.error.name, message: answer.error.message ?? answer.error.name }));
      return { statusCode: answer.error.status ?? 400, headers, body };
    }
    return { statusCode: 200, headers, body: Buffer.from(JSON.stringify(answer.body)) };
  }

  private queryResponse(operation: string, answer: Answer) {
    const headers = { "content-type": "text/xml", "x-amzn-requestid": "in-memory" };
    if ("error" in answer) {
      const xml = `<ErrorResponse><Error><Type>Sender</Type><Code>${answer.error.name}</Code><Message>${xmlEscape(answer.error.message ?? answer.error.name)}</Message></Error><RequestId>in-memory</RequestId></ErrorResponse>`;
      return { statusCode: answer.error.status ?? 400, headers, body: Buffer.from(xml) };
    }
    const fields = Object.entries(answer.body)
      .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
      .join("");
    const xml = `<${operation}Response><${operation}Result>${fields}</${operation}Result><ResponseMetadata><RequestId>in-memory</RequestId></ResponseMetadata></${operation}Response>`;
    return { statusCode: 200, headers, body: Buffer.from(xml) };
  }
}
