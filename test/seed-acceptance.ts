import { randomUUID } from "node:crypto";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import type { SmokeClients } from "./local-smoke";
import { eventually, messageContaining, subscribeQueue } from "./local-smoke";

/** Seed 001's documented test event, byte for byte: no `source`, so the session id keys it. */
export const SEED_001_TEST_EVENT = {
  event_type: "session_started",
  timestamp: "2024-11-06T12:00:00Z",
  payload: { session_id: "test-123", user_id: "user-456" },
  metrics: { iops: 50000, latency: 5.2, errorRate: 0.1 },
};

/** Seed 001's documented malformed event. */
export const SEED_001_MALFORMED_EVENT = { event_type: "invalid_type", payload: "not_an_object" };

/** A pipeline's HTTP API as `make up` serves it, and where its accepted events end up. */
export interface ServedApi {
  readonly pipeline: string;
  /** The runtime's base URL, stage included (`http://127.0.0.1:<port>/prod`). */
  readonly baseUrl: string;
  readonly eventsPath: string;
  /** The stream-processor's table, when the pipeline has one. */
  readonly tableName?: string;
  /** The ingest function's MALFORMED_TOPIC_ARN, when set. */
  readonly malformedTopicArn?: string;
}

/** POSTs `body` as JSON; the status and the parsed answer. */
async function post(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * Seed 001's curl steps against the served API: the test event is accepted (202) and stored under
 * its session id; the malformed event gets a 400 that lists every error, nothing is written, and
 * the malformed-data topic receives one notification with the errors (seen through an SQS
 * subscription, as an operator would wire one).
 */
export async function seed001CurlSteps(api: ServedApi, c: SmokeClients): Promise<string> {
  const url = `${api.baseUrl}${api.eventsPath}`;
  const accepted = await post(url, SEED_001_TEST_EVENT);
  if (accepted.status !== 202) throw new Error(`POST ${url} with seed 001's test event: expected 202, got ${accepted.status} ${JSON.stringify(accepted.body)}`);
  if (api.tableName) {
    await eventually(async () => {
      const items = (await c.dynamodb.send(new ScanCommand({ TableName: api.tableName }))).Items ?? [];
      if (!items.some((item) => JSON.stringify(item).includes('"test-123"') && JSON.stringify(item).includes("session_started"))) {
        throw new Error(`seed 001's test event (session test-123) is not in ${api.tableName}`);
      }
    });
  }

  const subscription = api.malformedTopicArn ? await subscribeQueue(c, api.malformedTopicArn, `seed-malformed-${randomUUID().slice(0, 8)}`) : undefined;
  try {
    const refused = await post(url, SEED_001_MALFORMED_EVENT);
    const errors = (refused.body.errors ?? []) as Array<{ path: string }>;
    const paths = errors.map((e) => e.path).sort();
    if (refused.status !== 400 || JSON.stringify(paths) !== JSON.stringify(["event_type", "payload", "timestamp"])) {
      throw new Error(`POST ${url} with seed 001's malformed event: expected 400 listing event_type, payload and timestamp, got ${refused.status} ${JSON.stringify(refused.body)}`);
    }
    // The report lists the errors by path, not the values sent: its error count finds it.
    if (subscription) await eventually(() => messageContaining(c, subscription.queueUrl, '"errorCount": 3'), 30_000);
  } finally {
    await subscription?.remove();
  }
  return `${api.pipeline}: POST ${api.eventsPath} → 202 and the item in ${api.tableName ?? "(no table)"}; the malformed event → 400 with its 3 errors${api.malformedTopicArn ? " and a notification on the malformed-data topic" : ""}`;
}
