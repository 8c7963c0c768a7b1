import { ListShardsCommand, type Shard } from "@aws-sdk/client-kinesis";
import type { EventSourceMappingConfiguration } from "@aws-sdk/client-lambda";
import type { RoleClients } from "./clients";
import type { LocalFunction } from "./function-process";
import { streamArnOf } from "./kinesis-event";
import { ShardConsumer, streamBatchSettings } from "./shard-consumer";

/** How often new shards (after a reshard) are looked for. */
const SHARD_DISCOVERY_MS = 10_000;

/** What a mapping needs around it. */
export interface StreamMappingProps {
  readonly mapping: EventSourceMappingConfiguration;
  readonly fn: LocalFunction;
  readonly roleArn: string;
  readonly region: string;
  readonly clients: RoleClients;
  readonly sqsEndpoint: string;
  readonly log: (message: string) => void;
}

/**
 * A Kinesis event source mapping: one {@link ShardConsumer} per shard, children started only once
 * their parents are read to the end (Lambda keeps a key's records in order across a reshard).
 * An enhanced fan-out consumer's mapping reads the stream with GetRecords (docs/local-aws-gaps.md).
 */
export class StreamMapping {
  private readonly consumers = new Map<string, ShardConsumer>();
  private timer?: NodeJS.Timeout;
  readonly streamArn: string;

  constructor(private readonly props: StreamMappingProps) {
    this.streamArn = streamArnOf(props.mapping.EventSourceArn!);
  }

  /** The consumer of each shard started so far. */
  get shards(): ReadonlyMap<string, ShardConsumer> {
    return this.consumers;
  }

  /** Starts a consumer per shard and resolves once each has its iterator open. */
  async start(): Promise<void> {
    await this.discoverShards();
    await Promise.all([...this.consumers.values()].map((consumer) => consumer.ready));
    this.timer = setInterval(() => this.discoverShards().catch((error: Error) => this.props.log(`listing shards of ${this.streamArn} failed: ${error.message}`)), SHARD_DISCOVERY_MS);
    this.timer.unref();
  }

  private async discoverShards(): Promise<void> {
    const shards: Shard[] = [];
    let next: string | undefined;
    do {
      const page = await this.props.clients.kinesis.send(next ? new ListShardsCommand({ NextToken: next }) : new ListShardsCommand({ StreamARN: this.streamArn }));
      shards.push(...(page.Shards ?? []));
      next = page.NextToken;
    } while (next);
    const settings = streamBatchSettings(this.props.mapping);
    for (const shard of shards) {
      const shardId = shard.ShardId!;
      if (this.consumers.has(shardId)) continue;
      const parents = [shard.ParentShardId, shard.AdjacentParentShardId].flatMap((id) => {
        const consumer = id ? this.consumers.get(id) : undefined;
        return consumer ? [consumer.done] : [];
      });
      this.consumers.set(
        shardId,
        new ShardConsumer({
          settings,
          source: { streamArn: this.streamArn, shardId, region: this.props.region, roleArn: this.props.roleArn },
          mappingUuid: this.props.mapping.UUID!,
          functionArn: this.props.mapping.FunctionArn!,
          fn: this.props.fn,
          clients: this.props.clients,
          sqsEndpoint: this.props.sqsEndpoint,
          log: this.props.log,
          after: parents.length > 0 ? Promise.all(parents).then(() => undefined) : undefined,
        }),
      );
    }
  }

  /** Stops reading; resolves once every shard's current batch is done. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (const consumer of this.consumers.values()) consumer.stop();
    await Promise.all([...this.consumers.values()].map((consumer) => consumer.done));
  }
}
