import { randomUUID } from "node:crypto";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { KinesisClient, PutRecordsCommand, GetShardIteratorCommand, GetRecordsCommand, ListShardsCommand } from "@aws-sdk/client-kinesis";
import { SQSClient, ReceiveMessageCommand, CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { SNSClient, SubscribeCommand, UnsubscribeCommand } from "@aws-sdk/client-sns";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { type FieldMapping, toProducerShape } from "../functions/fraud-detector/field-mapping";

/** Clients for the local AWS API at `endpoint`, over HTTP/1.1. */
export function smokeClients(endpoint: string, region: string) {
  const config = { endpoint, region, credentials: { accessKeyId: "test", secretAccessKey: "test" }, requestHandler: new NodeHttpHandler() };
  return {
    kinesis: new KinesisClient(config),
    dynamodb: new DynamoDBClient(config),
    sqs: new SQSClient(config),
    logs: new CloudWatchLogsClient(config),
    sns: new SNSClient(config),
  };
}
export type SmokeClients = ReturnType<typeof smokeClients>;

/** A deployed processor as the smoke test sees it: its source stream and its function's environment. */
export interface DeployedProcessor {
  readonly handler: string;
  readonly functionName: string;
  readonly sourceStreamName: string;
  readonly variables: Readonly<Record<string, string>>;
}

/** The deployed function's FIELD_MAPPING: producer field names by transaction field (none: the English shape). */
function fieldMappingOf(p: DeployedProcessor): FieldMapping {
  return p.variables.FIELD_MAPPING ? (JSON.parse(p.variables.FIELD_MAPPING) as FieldMapping) : {};
}

/** What a probe checks once its records are in: resolves with a description of what arrived, throws until then. */
type Check = () => Promise<string>;

/** A handler's probe: what it sets up, the records it puts, what it checks, and what it removes afterwards, passed or failed. */
interface Probe {
  readonly records: unknown[];
  readonly check: Check;
  readonly before?: () => Promise<void>;
  readonly after?: () => Promise<void>;
}

/**
 * One probe per handler: the records it is fed, and where they must arrive. A handler with no probe
 * fails the suite, so a new handler cannot go untested.
 */
export const SMOKE_PROBES: Readonly<Record<string, (p: DeployedProcessor, c: SmokeClients, tag: string) => Probe>> = {
  "stream-processor": (p, c, tag) => ({
    records: [
      { event_type: "iops_sample", event_id: `smoke-${tag}`, timestamp: new Date().toISOString(), source: "smoke", payload: { volume_id: "vol-smoke" }, metrics: { iops: 1200, latency: 1.8, errorRate: 0.2 } },
      { event_type: "invalid_type", payload: "not_an_object", smoke: tag },
    ],
    check: async () => {
      const table = p.variables.EVENTS_TABLE_NAME!;
      const items = (await c.dynamodb.send(new ScanCommand({ TableName: table }))).Items ?? [];
      if (!items.some((item) => JSON.stringify(item).includes(`smoke-${tag}`))) throw new Error(`no item for smoke-${tag} in ${table}`);
      await messageContaining(c, p.variables.DEAD_LETTER_QUEUE_URL!, tag);
      return `an item in ${table} and the malformed event on the dead-letter queue`;
    },
  }),
  "log-filter": (p, c, tag) => ({
    // Seed 000's F5 lines: the filter keeps ERROR and WARN, and drops the rest.
    records: [
      [
        `<131>Jan 10 12:00:01 bigip1 err tmm[1]: 01010028:3: No members available for pool /Common/web_pool ${tag}`,
        `<132>Jan 10 12:00:02 bigip1 warning mcpd[5]: 01070638:4: Pool /Common/web_pool member /Common/10.0.0.5:80 monitor status down ${tag}`,
        `<134>Jan 10 12:00:03 bigip1 info tmm[1]: fine ${tag}`,
      ].join("\n"),
    ],
    check: async () => {
      const group = p.variables.LOG_GROUP_NAME!;
      const events = (await c.logs.send(new FilterLogEventsCommand({ logGroupName: group }))).events ?? [];
      const mine = events.filter((e) => e.message?.includes(tag));
      if (!mine.some((e) => e.message!.includes("No members available"))) throw new Error(`no ERROR line of ${tag} in ${group}`);
      if (!mine.some((e) => e.message!.includes("monitor status down"))) throw new Error(`no WARN line of ${tag} in ${group}`);
      if (mine.some((e) => e.message!.includes(`fine ${tag}`))) throw new Error(`the info line of ${tag} reached ${group}`);
      return `the ERROR and WARN lines (and not the info line) in ${group}`;
    },
  }),
  "fraud-detector": (p, c, tag) => {
    const queue = subscribeQueue(c, p.variables.ALERT_TOPIC_ARN!, `smoke-alerts-${tag}`);
    return {
      before: () => queue.then(() => undefined),
      // The destroy check finds anything the smoke leaves behind.
      after: () => queue.then((subscription) => subscription.remove()),
      // In the producer's shape when the pipeline maps one (seed 002's Spanish field names).
      records: [toProducerShape({ transaction_id: `smoke-${tag}`, account_id: `a-${tag}`, amount: 75000, currency: "EUR", country: "BR", account_country: "ES", timestamp: "2024-11-06T23:30:00+01:00" }, fieldMappingOf(p))],
      check: async () => {
        await messageContaining(c, (await queue).queueUrl, `smoke-${tag}`);
        return `an alert for smoke-${tag} on ${p.variables.ALERT_TOPIC_ARN}, seen through an SQS subscription`;
      },
    };
  },
  enrichment: (p, c, tag) => ({
    records: [{ transaction_id: `smoke-${tag}`, [p.variables.LOOKUP_KEY_FIELD ?? "customer_id"]: `c-${tag}`, amount: 10, currency: "EUR", country: "ES", timestamp: new Date().toISOString() }],
    check: async () => {
      const found = await streamRecordContaining(c, p.variables.OUTPUT_STREAM_NAME!, `smoke-${tag}`);
      return `the record (${found.length} bytes) on ${p.variables.OUTPUT_STREAM_NAME}`;
    },
  }),
};

/**
 * A queue subscribed to `topicArn` (raw delivery): topic messages seen as an operator would wire
 * them. `remove()` unsubscribes and deletes the queue; the destroy check finds one left behind.
 */
export async function subscribeQueue(c: SmokeClients, topicArn: string, queueName: string): Promise<{ queueUrl: string; remove: () => Promise<void> }> {
  const { QueueUrl } = await c.sqs.send(new CreateQueueCommand({ QueueName: queueName }));
  const { Attributes } = await c.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  const { SubscriptionArn } = await c.sns.send(
    new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: Attributes!.QueueArn!, Attributes: { RawMessageDelivery: "true" }, ReturnSubscriptionArn: true }),
  );
  return {
    queueUrl: QueueUrl!,
    remove: async () => {
      await c.sns.send(new UnsubscribeCommand({ SubscriptionArn }));
      await c.sqs.send(new DeleteQueueCommand({ QueueUrl }));
    },
  };
}

/** Throws unless a message on the queue contains `text` (in its body, or its base64-decoded body). */
export async function messageContaining(c: SmokeClients, queueUrl: string, text: string): Promise<void> {
  const messages = (await c.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }))).Messages ?? [];
  if (!messages.some((m) => m.Body?.includes(text) || Buffer.from(m.Body ?? "", "base64").toString("utf8").includes(text))) {
    throw new Error(`no message with ${text} on ${queueUrl}`);
  }
}

async function streamRecordContaining(c: SmokeClients, streamName: string, text: string): Promise<string> {
  const shards = (await c.kinesis.send(new ListShardsCommand({ StreamName: streamName }))).Shards ?? [];
  for (const shard of shards) {
    const { ShardIterator } = await c.kinesis.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shard.ShardId!, ShardIteratorType: "TRIM_HORIZON" }));
    const records = (await c.kinesis.send(new GetRecordsCommand({ ShardIterator }))).Records ?? [];
    const hit = records.map((r) => Buffer.from(r.Data!).toString("utf8")).find((data) => data.includes(text));
    if (hit) return hit;
  }
  throw new Error(`no record with ${text} on ${streamName}`);
}

/** Puts the probe's records on the processor's source stream and waits (bounded) until they arrive. */
export async function smoke(processor: DeployedProcessor, clients: SmokeClients, timeoutMs = 60_000): Promise<string> {
  const probe = SMOKE_PROBES[processor.handler];
  if (!probe) throw new Error(`no smoke probe for the ${processor.handler} handler: add one to test/local-smoke.ts`);
  const tag = randomUUID().slice(0, 8);
  const { records, check, before, after } = probe(processor, clients, tag);
  try {
    await before?.();
    return await putAndCheck(processor, clients, tag, records, check, timeoutMs);
  } finally {
    await after?.();
  }
}

async function putAndCheck(processor: DeployedProcessor, clients: SmokeClients, tag: string, records: unknown[], check: Check, timeoutMs: number): Promise<string> {
  await clients.kinesis.send(
    new PutRecordsCommand({
      StreamName: processor.sourceStreamName,
      Records: records.map((r, i) => ({ Data: Buffer.from(typeof r === "string" ? r : JSON.stringify(r)), PartitionKey: `${tag}-${i}` })),
    }),
  );
  try {
    return await eventually(check, timeoutMs);
  } catch (error) {
    throw new Error(`${processor.functionName}: ${(error as Error).message}`);
  }
}

/** Retries `check` each second until it resolves or `timeoutMs` passes, then throws its last error. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
