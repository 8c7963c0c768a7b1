import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, Provider, SourceData } from "@smithy/types";
import type { DeliveryWriterRole } from "../../modules/firehose-opensearch/delivery-writer-role";

const bytes = (data: SourceData): string | Uint8Array => (typeof data === "string" ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data));

/** SHA-256 (and HMAC-SHA-256 with a secret) for the SigV4 signer, from node:crypto. */
class Sha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** An HTTP request to a domain's REST API, signed for service `es`. */
export interface DomainRequest {
  readonly method: "GET" | "PUT";
  readonly path: string;
  readonly body?: unknown;
}

/** Sends requests to an OpenSearch domain's REST API with SigV4 (service `es`), as the given credentials. */
export function domainClient(options: { endpoint: string; region: string; credentials: AwsCredentialIdentity | Provider<AwsCredentialIdentity> }) {
  const signer = new SignatureV4({ service: "es", region: options.region, credentials: options.credentials, sha256: Sha256 });
  const base = new URL(options.endpoint.includes("://") ? options.endpoint : `https://${options.endpoint}`);
  return async (request: DomainRequest): Promise<{ status: number; body: string }> => {
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const headers: Record<string, string> = { host: base.host, ...(body !== undefined ? { "content-type": "application/json" } : {}) };
    const signed = await signer.sign({ method: request.method, protocol: base.protocol, hostname: base.hostname, ...(base.port ? { port: Number(base.port) } : {}), path: request.path, headers, ...(body !== undefined ? { body } : {}) });
    const response = await fetch(new URL(request.path, base), { method: request.method, headers: signed.headers as Record<string, string>, ...(body !== undefined ? { body } : {}) });
    return { status: response.status, body: await response.text() };
  };
}

/** The two security plugin calls that give the delivery role its writer role, in order. */
export function writerRoleRequests(writer: DeliveryWriterRole): DomainRequest[] {
  const name = encodeURIComponent(writer.roleName);
  return [
    { method: "PUT", path: `/_plugins/_security/api/roles/${name}`, body: writer.role },
    { method: "PUT", path: `/_plugins/_security/api/rolesmapping/${name}`, body: writer.mapping },
  ];
}

/**
 * Creates (or replaces) the delivery role's OpenSearch role and maps the delivery role's ARN to it
 * as a backend role. Must be signed as the domain's master user (or a principal mapped to
 * `security_manager`); a refusal names the call and OpenSearch's answer.
 */
export async function applyWriterRole(send: (request: DomainRequest) => Promise<{ status: number; body: string }>, writer: DeliveryWriterRole): Promise<void> {
  for (const request of writerRoleRequests(writer)) {
    const response = await send(request);
    if (response.status < 200 || response.status >= 300) {
      const hint = response.status === 401 || response.status === 403 ? " (sign as the domain's master user: --assume-admin, or credentials of the role given as masterUserArn)" : "";
      throw new Error(`${request.method} ${request.path} answered ${response.status}${hint}: ${response.body.slice(0, 500)}`);
    }
  }
}
