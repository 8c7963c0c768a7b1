import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { type AddressInfo, connect, createServer } from "node:net";
import { dirname } from "node:path";
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

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits until a child process's server accepts connections on `port`, then hands it over. */
async function childServer(name: string, child: ChildProcess, port: number): Promise<LocalServer> {
  for (let attempt = 0; ; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => resolve(socket.end() !== undefined)).on("error", () => resolve(false));
    });
    if (open) break;
    if (attempt === 200) throw (child.kill(), new Error(`${name} did not listen on ${port}`));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill()))),
  };
}

/**
 * kinesalite as {@link startLocalKinesis} starts it, in a process of its own: the client under
 * measurement then does not share a thread with the server's work, as with any real server.
 */
export async function startLocalKinesisProcess(): Promise<LocalServer> {
  const port = await freePort();
  const cli = require.resolve("kinesalite/cli.js");
  const options = ["--port", String(port), "--createStreamMs", "0", "--deleteStreamMs", "0", "--updateStreamMs", "0", "--shardLimit", "1000"];
  return childServer("kinesalite", spawn(process.execPath, [cli, ...options], { stdio: "ignore" }), port);
}

/**
 * Starts kinesis-mock (npm kinesis-local) in a child process on a free loopback port: unlike
 * kinesalite it knows stream modes, encryption and enhanced monitoring. Its state changes
 * (CREATING, UPDATING, DELETING) last `durationMs`.
 */
export async function startKinesisMock(options: { durationMs?: number } = {}): Promise<LocalServer> {
  const [plain, tls] = [await freePort(), await freePort()];
  const duration = `${options.durationMs ?? 0}ms`;
  const child = spawn(process.execPath, ["main.js"], {
    cwd: dirname(require.resolve("kinesis-local/package.json")),
    env: {
      ...process.env,
      KINESIS_MOCK_PLAIN_PORT: String(plain),
      KINESIS_MOCK_TLS_PORT: String(tls),
      LOG_LEVEL: "ERROR",
      ...Object.fromEntries(["CREATE_STREAM", "DELETE_STREAM", "UPDATE_STREAM_MODE", "UPDATE_SHARD_COUNT", "START_STREAM_ENCRYPTION", "STOP_STREAM_ENCRYPTION"].map((k) => [`${k}_DURATION`, duration])),
    },
    stdio: "ignore",
  });
  return childServer("kinesis-mock", child, plain);
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
