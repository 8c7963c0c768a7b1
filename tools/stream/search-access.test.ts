import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryWriterRole } from "../../modules/firehose-opensearch/delivery-writer-role";
import { main } from "./cli";
import { applyWriterRole, domainClient } from "./search-access";
import { memoryIo } from "./testing";

const writer = deliveryWriterRole("acme-prod-events", "arn:aws:iam::111122223333:role/acme-prod-events-search-firehose");
const seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }> = [];
let answer = 200;
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c)).on("end", () => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    res.writeHead(answer, { "content-type": "application/json" });
    res.end(answer === 200 ? '{"status":"OK"}' : '{"error":{"type":"security_exception","reason":"no permissions for [] and User [name=arn:aws:iam::111122223333:role/someone]"}}');
  });
});
let endpoint: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("search-access: the delivery role's writer role inside the domain", () => {
  it("puts the role, then maps the delivery role's ARN to it, each call signed with SigV4 for service es", async () => {
    seen.length = 0;
    answer = 200;
    const send = domainClient({ endpoint, region: "eu-west-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "token" } });

    await applyWriterRole(send, writer);

    expect(seen.map((r) => [r.method, r.url, JSON.parse(r.body)])).toEqual([
      ["PUT", "/_plugins/_security/api/roles/firehose_writer_acme-prod-events", writer.role],
      ["PUT", "/_plugins/_security/api/rolesmapping/firehose_writer_acme-prod-events", { backend_roles: ["arn:aws:iam::111122223333:role/acme-prod-events-search-firehose"], description: writer.mapping.description }],
    ]);
    for (const request of seen) {
      expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/);
      expect(request.headers["x-amz-security-token"]).toBe("token");
      expect(request.headers["x-amz-content-sha256"] ?? request.headers["x-amz-date"]).toBeDefined();
    }
  });

  it("stops at a refusal, names the call and says whose credentials to sign with", async () => {
    seen.length = 0;
    answer = 403;
    const send = domainClient({ endpoint, region: "eu-west-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
    await expect(applyWriterRole(send, writer)).rejects.toThrow(/^PUT \/_plugins\/_security\/api\/roles\/firehose_writer_acme-prod-events answered 403 \(sign as the domain's master user: --assume-admin.*security_exception/);
    expect(seen.length).toBe(1);
  });

  it("prints the requests for a pipeline of envs/ with --dry-run, and refuses a pipeline without search", async () => {
    const io = memoryIo("");
    expect(await main(["search-access", "--env", "prod", "--pipeline", "blueprint", "--dry-run"], io)).toBe(0);
    const [role, mapping] = io.out().trim().split("\n").map((l) => JSON.parse(l));
    expect(role).toMatchObject({ method: "PUT", path: expect.stringMatching(/^\/_plugins\/_security\/api\/roles\/firehose_writer_/), body: { cluster_permissions: ["cluster_monitor", "indices:data/write/bulk"] } });
    expect(mapping.body.backend_roles).toEqual([expect.stringMatching(/^arn:aws:iam::\d{12}:role\/.*-search-firehose$/)]);
    const none = memoryIo("");
    expect(await main(["search-access", "--env", "dev", "--pipeline", "f5-logs", "--dry-run"], none)).toBe(2);
    expect(none.err()).toMatch(/has no search enabled/);
  });
});
