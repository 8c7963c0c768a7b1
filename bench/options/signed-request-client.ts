import { createHash, createHmac } from "node:crypto";
import { Agent, request } from "node:https";

/**
 * The "small signed-request client" option of issue 14, measured by bench/cold-init.ts against the
 * SDK clients: AWS JSON-protocol calls (DynamoDB, SQS, Kinesis) signed with Signature Version 4 by
 * hand, over one keep-alive agent. Not shipped: it has no retries, no credential chain beyond the
 * environment variables Lambda sets, and no error model, which is what the SDK's size buys.
 */
export interface SignedRequestClientOptions {
  /** e.g. "dynamodb", "sqs", "kinesis" */
  readonly service: string;
  /** e.g. "DynamoDB_20120810", "AmazonSQS", "Kinesis_20131202" */
  readonly targetPrefix: string;
  /** "1.0" for DynamoDB and SQS, "1.1" for Kinesis */
  readonly jsonVersion: "1.0" | "1.1";
  /** @default - AWS_REGION */
  readonly region?: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 50 });

const sha256 = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/** One JSON-protocol service: `call(operation, input)` posts the signed request and parses the answer. */
export class SignedRequestClient {
  private readonly host: string;
  private readonly region: string;

  constructor(private readonly options: SignedRequestClientOptions) {
    this.region = options.region ?? process.env.AWS_REGION ?? "us-east-1";
    this.host = `${options.service}.${this.region}.amazonaws.com`;
  }

  /** Signs (SigV4, credentials from the environment) and sends one call. */
  call<T>(operation: string, input: unknown): Promise<T> {
    const body = JSON.stringify(input);
    const amzDate = new Date().toISOString().replace(/[:-]|\.\d{3}/g, "");
    const day = amzDate.slice(0, 8);
    const headers: Record<string, string> = {
      "content-type": `application/x-amz-json-${this.options.jsonVersion}`,
      host: this.host,
      "x-amz-date": amzDate,
      "x-amz-target": `${this.options.targetPrefix}.${operation}`,
    };
    const token = process.env.AWS_SESSION_TOKEN;
    if (token) headers["x-amz-security-token"] = token;
    const names = Object.keys(headers).sort();
    const canonical = ["POST", "/", "", ...names.map((n) => `${n}:${headers[n]}`), "", names.join(";"), sha256(body)].join("\n");
    const scope = `${day}/${this.region}/${this.options.service}/aws4_request`;
    const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
    const key = ["aws4_request", this.options.service, this.region, day].reduceRight<Buffer | string>((k, part) => hmac(k, part), `AWS4${process.env.AWS_SECRET_ACCESS_KEY ?? ""}`);
    const signature = createHmac("sha256", key).update(toSign, "utf8").digest("hex");
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${process.env.AWS_ACCESS_KEY_ID ?? ""}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
    return new Promise((resolve, reject) => {
      const req = request({ host: this.host, method: "POST", path: "/", headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if ((res.statusCode ?? 500) >= 300) reject(new Error(`${operation}: HTTP ${res.statusCode} ${text}`));
          else resolve(JSON.parse(text || "{}") as T);
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  }
}
