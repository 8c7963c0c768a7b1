import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { DeployedApi, DeployedRoute } from "./discover";
import type { LocalFunction } from "./function-process";
import { matchRoute, parseRoute, type ParsedRoute } from "./http-route";

const TEXT_TYPES = [/^text\//, /json/, /xml/, /^application\/x-www-form-urlencoded/, /^application\/javascript/];

function isText(contentType: string | undefined): boolean {
  return contentType === undefined || TEXT_TYPES.some((pattern) => pattern.test(contentType.toLowerCase()));
}

/** `12/Mar/2020:19:03:58 +0000`, the format of `requestContext.time`. */
function clfTime(date: Date): string {
  const month = date.toLocaleString("en-US", { month: "short", timeZone: "UTC" });
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(date.getUTCDate())}/${month}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** The caller of a SigV4-signed request, read from its Authorization header (the signature is not verified locally). */
function iamCaller(authorization: string | undefined, accountId: string) {
  const accessKey = /Credential=([^/]+)\//.exec(authorization ?? "")?.[1];
  return accessKey ? { iam: { accessKey, accountId, callerId: accessKey, principalOrgId: null, userArn: null, userId: accessKey, cognitoIdentity: null } } : undefined;
}

/** Everything about the API that the event carries. */
export interface ApiContext {
  readonly api: DeployedApi;
  readonly accountId: string;
  readonly region: string;
}

/** An HTTP request in API Gateway's payload format 2.0 (http-api-develop-integrations-lambda). */
export function payloadV2(
  request: { method: string; url: string; headers: IncomingMessage["headers"]; body: Buffer; sourceIp: string },
  route: DeployedRoute,
  pathParameters: Record<string, string> | undefined,
  context: ApiContext,
  now = new Date(),
): APIGatewayProxyEventV2 {
  const url = new URL(request.url, "http://local");
  const stagePrefix = context.api.stageName === "$default" ? "" : `/${context.api.stageName}`;
  const path = url.pathname.slice(stagePrefix.length) || "/";
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === "cookie") cookies.push(...(Array.isArray(value) ? value : [value]).flatMap((c) => c.split(/;\s*/)));
    else headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const text = isText(headers["content-type"]);
  const domainName = headers.host ?? `${context.api.apiId}.execute-api.${context.region}.amazonaws.com`;
  return {
    version: "2.0",
    routeKey: route.routeKey,
    rawPath: path,
    rawQueryString: url.search.slice(1),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: context.accountId,
      apiId: context.api.apiId,
      domainName,
      domainPrefix: domainName.split(".")[0]!,
      http: { method: request.method, path, protocol: "HTTP/1.1", sourceIp: request.sourceIp, userAgent: headers["user-agent"] ?? "" },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: context.api.stageName,
      time: clfTime(now),
      timeEpoch: now.getTime(),
      ...(route.authorizationType === "AWS_IAM" ? { authorizer: iamCaller(headers.authorization, context.accountId) } : {}),
    } as APIGatewayProxyEventV2["requestContext"],
    ...(request.body.length > 0 ? { body: text ? request.body.toString("utf8") : request.body.toString("base64") } : {}),
    ...(pathParameters ? { pathParameters } : {}),
    isBase64Encoded: request.body.length > 0 && !text,
  };
}

/** An HTTP response from a payload 2.0 result: a structured result, or any other JSON value sent as a 200 JSON body. */
export function httpResponseOf(result: unknown): { statusCode: number; headers: Record<string, string | string[]>; body: Buffer } {
  const structured = result !== null && typeof result === "object" && "statusCode" in result;
  if (!structured) {
    return { statusCode: 200, headers: { "content-type": "application/json" }, body: Buffer.from(typeof result === "string" ? result : JSON.stringify(result)) };
  }
  const r = result as { statusCode: number; headers?: Record<string, unknown>; cookies?: string[]; body?: string; isBase64Encoded?: boolean };
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(r.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (r.cookies?.length) headers["set-cookie"] = r.cookies;
  const body = r.body === undefined ? Buffer.alloc(0) : r.isBase64Encoded ? Buffer.from(r.body, "base64") : Buffer.from(r.body);
  return { statusCode: r.statusCode, headers, body };
}

function send(response: ServerResponse, statusCode: number, headers: Record<string, string | string[]>, body: Buffer): void {
  response.writeHead(statusCode, { ...headers, "content-length": String(body.length), "apigw-requestid": randomUUID() });
  response.end(body);
}

const message = (text: string) => Buffer.from(JSON.stringify({ message: text }));

/**
 * One HTTP API on a loopback port: its deployed routes (matched as API Gateway does), each request
 * sent to the route's function in payload format 2.0 and the result turned back into a response.
 * Unmatched requests get API Gateway's 404, function errors its 500, a timeout its 503.
 * SigV4 (AWS_IAM routes) and JWT authorizers are not verified locally (docs/local-aws-gaps.md).
 */
export class HttpApiServer {
  private server?: Server;
  private readonly routes: ParsedRoute<DeployedRoute>[];
  baseUrl = "";

  constructor(
    private readonly context: ApiContext,
    private readonly functionFor: (functionArn: string) => LocalFunction | undefined,
    private readonly log: (message: string) => void,
  ) {
    this.routes = context.api.routes.map((route) => parseRoute(route.routeKey, route));
  }

  async listen(port = 0, host = "127.0.0.1"): Promise<string> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: Error) => {
        this.log(`${request.method} ${request.url}: ${error.message}`);
        if (!response.headersSent) send(response, 500, { "content-type": "application/json" }, message("Internal Server Error"));
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    const stage = this.context.api.stageName === "$default" ? "" : `/${this.context.api.stageName}`;
    this.baseUrl = `http://${host}:${address.port}${stage}`;
    return this.baseUrl;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(request.url ?? "/", "http://local");
    const stagePrefix = this.context.api.stageName === "$default" ? "" : `/${this.context.api.stageName}`;
    if (stagePrefix && !url.pathname.startsWith(stagePrefix)) return send(response, 404, { "content-type": "application/json" }, message("Not Found"));
    const match = matchRoute(this.routes, request.method ?? "GET", url.pathname.slice(stagePrefix.length) || "/");
    if (!match) return send(response, 404, { "content-type": "application/json" }, message("Not Found"));
    const route = match.route.target;
    const fn = this.functionFor(route.functionArn);
    if (!fn) return send(response, 500, { "content-type": "application/json" }, message("Internal Server Error"));
    const event = payloadV2(
      { method: request.method ?? "GET", url: request.url ?? "/", headers: request.headers, body, sourceIp: request.socket.remoteAddress ?? "127.0.0.1" },
      route,
      match.pathParameters,
      this.context,
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), route.timeoutMilliseconds)));
    const outcome = await Promise.race([fn.invoke(event), timeout]);
    clearTimeout(timer);
    if (outcome === "timeout") return send(response, 503, { "content-type": "application/json" }, message("Service Unavailable"));
    if (!outcome.ok) {
      this.log(`${request.method} ${url.pathname} → ${fn.functionName} failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
      return send(response, 500, { "content-type": "application/json" }, message("Internal Server Error"));
    }
    const result = httpResponseOf(outcome.payload);
    send(response, result.statusCode, result.headers, result.body);
  }

  close(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}
