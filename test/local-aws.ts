import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { NodeHttpHandler } from "@smithy/node-http-handler";

const require = createRequire(import.meta.url);

/** A real AWS-compatible server from npm, listening on loopback for the duration of a test file. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>`: give it to clients, or export it as `AWS_ENDPOINT_URL_<SERVICE>`. */
  readonly endpoint: string;
  /** Stops the server and frees its port. */
  close(): Promise<void>;
}

async function listen(server: Server): Promise<LocalServer> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/**
 * Starts kinesalite (in memory) on a free loopback port.
 * Streams become ACTIVE at once so tests never wait on CREATING.
 */
export function startLocalKinesis(): Promise<LocalServer> {
  const kinesalite = require("kinesalite") as (options: object) => Server;
  return listen(kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 1000 }));
}

/** Starts dynalite (in memory) on a free loopback port; tables become ACTIVE at once. */
export function startLocalDynamoDb(): Promise<LocalServer> {
  const dynalite = require("dynalite") as (options: object) => Server;
  return listen(dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }));
}

/**
 * Client settings for a local server: static dummy credentials, a fixed region and HTTP/1.1
 * (the SDK's Kinesis client defaults to HTTP/2, which these servers do not speak).
 */
export function localClientConfig(server: LocalServer) {
  return {
    endpoint: server.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    requestHandler: new NodeHttpHandler(),
  };
}
