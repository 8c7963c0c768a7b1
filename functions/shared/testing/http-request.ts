import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** An HTTP API (payload 2.0) request as API Gateway hands it to the function. */
export function httpRequest(body: unknown, overrides: { method?: string; raw?: string; base64?: boolean } = {}): APIGatewayProxyEventV2 {
  const text = overrides.raw ?? JSON.stringify(body);
  return {
    version: "2.0",
    routeKey: "POST /events",
    rawPath: "/events",
    rawQueryString: "",
    headers: { "content-type": "application/json" },
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      domainName: "api.example.com",
      domainPrefix: "api",
      http: { method: overrides.method ?? "POST", path: "/events", protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "test" },
      requestId: "req",
      routeKey: "POST /events",
      stage: "$default",
      time: "31/Jan/2026:12:00:00 +0000",
      timeEpoch: 1_769_860_800_000,
    },
    body: overrides.base64 ? Buffer.from(text).toString("base64") : text,
    isBase64Encoded: overrides.base64 ?? false,
  };
}
