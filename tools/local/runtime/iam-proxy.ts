import { randomUUID } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { evaluatePolicies, type PolicyDocument } from "./iam-policy";
import { type AuthorizedCall, authorizedCall, credentialScope } from "./iam-request";
import { SerialByKey, serialWriteKey } from "./serial-writes";

/** A function role's credentials as the proxy knows them. */
export interface RoleSession {
  readonly accessKeyId: string;
  readonly roleArn: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>`, the principal in denial messages. */
  readonly principalArn: string;
  /** The role's policies, read once from the local IAM when the session is registered. */
  readonly policies: readonly PolicyDocument[];
}

/** Settings of the proxy. */
export interface IamProxyProps {
  readonly accountId: string;
  readonly region: string;
  /** Where a call for `service` goes once allowed (the local API, or its `AWS_ENDPOINT_URL_<SERVICE>`). */
  readonly upstreamFor: (service: string) => string;
  readonly log: (message: string) => void;
}

/** An error answer in the service's own format, so the SDK reads its code and message. */
function serviceError(service: string, jsonVersion: string | undefined, status: number, code: string, message: string): { status: number; headers: Record<string, string>; body: string } {
  if (jsonVersion) {
    return { status, headers: { "content-type": `application/x-amz-json-${jsonVersion}`, "x-amzn-errortype": code, "x-amzn-requestid": randomUUID() }, body: JSON.stringify({ __type: code, message, Message: message }) };
  }
  const body = service === "s3"
    ? `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>${randomUUID()}</RequestId></Error>`
    : `<ErrorResponse><Error><Type>${status < 500 ? "Sender" : "Receiver"}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  return { status, headers: { "content-type": "text/xml" }, body };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function denial(call: AuthorizedCall, session: RoleSession, resource: string, explicit: boolean, jsonVersion: string | undefined): { status: number; headers: Record<string, string>; body: string } {
  const reason = explicit ? `with an explicit deny in an identity-based policy` : `because no identity-based policy allows the ${call.action} action`;
  const message = `User: ${session.principalArn} is not authorized to perform: ${call.action} on resource: ${resource} ${reason}`;
  if (jsonVersion) return serviceError(call.service, jsonVersion, 400, "AccessDeniedException", message);
  return serviceError(call.service, undefined, 403, call.service === "sns" ? "AuthorizationError" : "AccessDenied", message);
}

/** The JSON protocol version of a request (`x-amz-target` calls), undefined for query and REST calls. */
function jsonVersionOf(request: IncomingMessage): string | undefined {
  const contentType = String(request.headers["content-type"] ?? "");
  return request.headers["x-amz-target"] ? (/x-amz-json-(1\.[01])/.exec(contentType)?.[1] ?? "1.1") : undefined;
}

/**
 * The endpoint the functions (and their mappings) call instead of the local API. moto checks
 * policies against resource `*` for most services (docs/local-aws-gaps.md), so the proxy does what
 * IAM does for calls signed with a function role's keys: it works out the action and resources,
 * evaluates the role's policies as deployed, answers AccessDenied in the service's own error
 * format, and forwards allowed calls unchanged. Calls it cannot attribute to a resource, and calls
 * with other keys, are forwarded unchecked (the former are logged once per action). Writes to one
 * stream are forwarded one at a time, which moto needs to keep every record.
 */
export class IamProxy {
  private server?: Server;
  private readonly sessions = new Map<string, RoleSession>();
  private readonly unchecked = new Set<string>();
  /** Each stream's writes, one at a time: moto can lose a record to concurrent writes (serial-writes.ts). */
  private readonly streamWrites = new SerialByKey();
  /** Every decision, for tests and the log: allowed and denied calls by action. */
  readonly decisions: { action: string; resource: string; decision: string; roleArn: string }[] = [];
  endpoint = "";

  constructor(private readonly props: IamProxyProps) {}

  register(session: RoleSession): void {
    this.sessions.set(session.accessKeyId, session);
  }

  async listen(host = "127.0.0.1"): Promise<string> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: Error) => {
        this.props.log(`proxy: ${request.method} ${request.url}: ${error.message}`);
        if (response.headersSent) return void response.destroy(error);
        // 503 in the service's format: the SDK retries it and, when it gives up, names the cause
        // (a text/plain 502 came out of the S3 client as an XML parse error).
        const service = credentialScope(request.headers.authorization)?.service ?? "";
        const answer = serviceError(service, jsonVersionOf(request), 503, "ServiceUnavailable", `local IAM proxy: the local API did not answer: ${error.message}`);
        response.writeHead(answer.status, answer.headers);
        response.end(answer.body);
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    this.endpoint = `http://${host}:${(server.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  private check(call: AuthorizedCall, session: RoleSession): { resource: string; explicit: boolean } | undefined {
    if (call.action.toLowerCase() === "sts:getcalleridentity") return undefined;
    if (call.resources.length === 0) {
      if (!this.unchecked.has(call.action)) this.props.log(`proxy: ${call.action} is not checked locally (its resource cannot be told from the request)`);
      this.unchecked.add(call.action);
      return undefined;
    }
    const context = { "aws:SecureTransport": "true", "aws:RequestedRegion": this.props.region, "aws:PrincipalArn": session.roleArn, "aws:PrincipalAccount": this.props.accountId };
    for (const resource of call.resources) {
      const decision = evaluatePolicies(session.policies, call.action, resource, context);
      this.decisions.push({ action: call.action, resource, decision, roleArn: session.roleArn });
      if (decision !== "allow") return { resource, explicit: decision === "explicit-deny" };
    }
    return undefined;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const call = authorizedCall(request.method ?? "GET", request.url ?? "/", request.headers, body, this.props.accountId);
    const session = call ? this.sessions.get(call.accessKeyId) : undefined;
    if (call && session) {
      const denied = this.check(call, session);
      if (denied) {
        const answer = denial(call, session, denied.resource, denied.explicit, jsonVersionOf(request));
        this.props.log(`proxy: denied ${call.action} on ${denied.resource} to ${session.roleArn}`);
        response.writeHead(answer.status, answer.headers);
        response.end(answer.body);
        return;
      }
    }
    await this.streamWrites.run(serialWriteKey(call), () => this.forward(request, body, response, this.props.upstreamFor(call?.service ?? "")));
  }

  private forward(request: IncomingMessage, body: Buffer, response: ServerResponse, upstream: string): Promise<void> {
    const target = new URL(request.url ?? "/", upstream);
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const headers = { ...request.headers, "content-length": String(body.length) };
      delete headers["transfer-encoding"];
      const outgoing = send(target, { method: request.method, headers }, (incoming) => {
        response.writeHead(incoming.statusCode ?? 502, incoming.headers);
        incoming.pipe(response);
        incoming.on("end", resolve);
        incoming.on("error", reject);
      });
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  }

  close(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}
