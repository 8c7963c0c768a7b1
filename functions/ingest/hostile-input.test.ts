import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { configureClients } from "../shared/clients";
import { httpRequest } from "../shared/testing/http-request";
import { hostileInputs } from "../shared/testing/hostile-inputs";
import { InMemoryAws } from "../shared/testing/in-memory-aws";
import { iopsSample } from "../shared/testing/iops-events";

const aws = new InMemoryAws();
let handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  Object.assign(process.env, { STREAM_NAME: "events", PUT_MAX_ATTEMPTS: "2", MAX_EVENT_BYTES: "1048000", POWERTOOLS_LOG_LEVEL: "SILENT" });
  configureClients({ requestHandler: aws as never, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, maxAttempts: 1 });
  ({ handler } = await import("./handler"));
});

const request = (bytes: Buffer) => ({ ...httpRequest(undefined, { raw: "" }), body: bytes.toString("base64"), isBase64Encoded: true });
const written = () => aws.callsOf("PutRecords").flatMap((c) => c.input.Records.map((r: any) => Buffer.from(r.Data, "base64")));

describe("ingest under hostile input", () => {
  it("writes the client's exact bytes of every accepted event, and nothing of a refused request", async () => {
    const events = hostileInputs((i) => iopsSample({ event_id: `h-${i}` })).map((h) => ({ label: h.label, bytes: Buffer.from(h.record.kinesis.data, "base64") }));
    let accepted = 0;
    const small = Buffer.from(JSON.stringify(iopsSample()));
    for (const { label, bytes } of events) {
      for (const body of [bytes, Buffer.concat([Buffer.from('{ "events" : [\n  '), small, Buffer.from(" ,\n"), bytes, Buffer.from("] }")])]) {
        aws.reset();
        const response = await handler(request(body));
        if (response.statusCode === 202) {
          accepted++;
          expect(written(), label).toEqual(body === bytes ? [bytes] : [small, bytes]);
        } else {
          expect(response.statusCode, label).toBe(400);
          expect(written(), `${label}: refused but written`).toEqual([]);
          const errors = JSON.parse(response.body!).errors;
          expect(errors.length, label).toBeGreaterThan(0);
        }
      }
    }
    expect(accepted).toBeGreaterThan(10);
  }, 120_000);

  it("keeps an integer beyond 2^53 as the client wrote it", async () => {
    aws.reset();
    const text = JSON.stringify(iopsSample({ payload: { volume_id: "v", bytes_total: 0 } })).replace('"bytes_total":0', '"bytes_total":123456789012345678901234567890');
    const response = await handler(httpRequest(undefined, { raw: `{"events":[${text}]}` }));
    expect(response.statusCode).toBe(202);
    expect(written().map((b) => b.toString())).toEqual([text]);
  });

  it("refuses invalid UTF-8 in a base64 body with a 400 naming the event", async () => {
    aws.reset();
    const good = Buffer.from(JSON.stringify(iopsSample()));
    const bad = Buffer.from(JSON.stringify(iopsSample({ source: "array-\u00e9" })));
    const at = bad.indexOf(0xc3);
    bad[at] = 0xff;
    const response = await handler(request(Buffer.concat([Buffer.from('{"events":['), good, Buffer.from(","), bad, Buffer.from("]}")])));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body!).errors).toEqual([{ index: 1, path: "", rule: "not-utf8", severity: "critical", message: `event is not valid UTF-8: invalid byte at offset ${at} of the event` }]);
    expect(aws.callsOf("PutRecords")).toEqual([]);
  });
});
