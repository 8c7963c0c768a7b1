import type { Construct } from "constructs";
import { Token } from "cdktf";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import type { AwsLocation } from "../shared/arn";
import type { Label } from "../shared/label";
import { assertIntegerInRange, assertMatches, assertOneOf } from "../shared/validate";
import { type ExpectedPeakWrite, assertEnoughShards, shardRequirement } from "./capacity";
import { StreamConsumers, assertConsumerNames } from "./consumers";
import {
  AWS_MANAGED_KINESIS_KEY,
  DEFAULT_RETENTION_HOURS,
  DEFAULT_SHARD_QUOTA,
  MAX_RETENTION_HOURS,
  MIN_RETENTION_HOURS,
  SHARD_LEVEL_METRICS,
  type ShardLevelMetric,
} from "./defaults";
import type { StreamEncryptionReference } from "./grants";
import { ImportedKinesisStream, type KinesisStreamAttributes, streamArn } from "./imported-stream";
import { StreamBase, type IKinesisStream } from "./stream-base";
import { StreamKey } from "./stream-key";
import { StreamVpcEndpoints, type StreamVpcEndpointsOptions } from "./vpc-endpoints";

/** How the stream's capacity is managed. */
export type StreamMode = "ON_DEMAND" | "PROVISIONED";
/** Which key encrypts the records at rest. Encryption cannot be turned off. */
export type StreamEncryption = "AWS_MANAGED" | "CUSTOMER_MANAGED";

/** A customer-managed key made elsewhere. */
export interface StreamEncryptionKey {
  /** `arn:<partition>:kms:<region>:<account>:key/<id>` (a key ARN, not an alias). */
  readonly keyArn: string;
  /**
   * The key's alias, for consumers in other stacks (`fromAttributes`).
   * @default - no alias is reported
   */
  readonly aliasName?: string;
}

/** Props for {@link KinesisIngest}. */
export interface KinesisIngestProps {
  /** Naming context; the stream is named `label.id("kinesisStream")`. */
  readonly label: Label;
  /** Where the stream lives: names the account root in a created key's policy and the region in endpoint service names. */
  readonly location: AwsLocation;
  /**
   * ON_DEMAND scales shards by itself; PROVISIONED needs `shardCount`. Switching is an in-place update,
   * and safe here: in ON_DEMAND mode the module leaves `shard_count` out of the configuration (the
   * provider reads it back as null), so no plan fights the shards AWS adds; `lifecycle.ignore_changes`
   * is not used because it would keep the old count in the plan, which provider 5.100 refuses in both
   * directions ("shard_count must not be set when stream_mode is ON_DEMAND" / "must be at least 1 when
   * PROVISIONED"); `mode-switch.integration.test.ts` applies both switches with that provider.
   * AWS allows only two mode switches per stream in any rolling 24 hours: plan a switch, do not toggle.
   * @default "ON_DEMAND"
   */
  readonly streamMode?: StreamMode;
  /**
   * Open shards of a PROVISIONED stream (each 1 MiB/s or 1,000 records/s of writes, 2 MiB/s of reads).
   * Required for PROVISIONED, refused for ON_DEMAND. A change is applied with UpdateShardCount, which
   * AWS limits to between half and double the current count per call (and a few calls a day), so
   * resize in steps.
   * @default - none (ON_DEMAND)
   */
  readonly shardCount?: number;
  /**
   * The account's open-shard quota, the upper bound of `shardCount`.
   * @default 1000 - the smallest default quota of any region (20,000 in us-east-1, us-west-2, eu-west-1)
   */
  readonly shardQuota?: number;
  /**
   * Hours records stay readable, 24 to 8760. Beyond 24 h AWS bills extended retention.
   * @default 24
   */
  readonly retentionHours?: number;
  /**
   * @default "AWS_MANAGED" - `alias/aws/kinesis`, or "CUSTOMER_MANAGED" when `encryptionKey` is given
   */
  readonly encryption?: StreamEncryption;
  /**
   * A customer-managed key to use when `encryption` is CUSTOMER_MANAGED.
   * @default - a key is created with rotation on when encryption is CUSTOMER_MANAGED
   */
  readonly encryptionKey?: StreamEncryptionKey;
  /**
   * Shard-level (enhanced, billed) metrics to enable.
   * @default - none
   */
  readonly shardLevelMetrics?: readonly ShardLevelMetric[];
  /**
   * Enhanced fan-out consumers to register, by name (at most 20 per stream); each gets a dedicated
   * 2 MiB/s per shard.
   * @default - none
   */
  readonly consumers?: readonly string[];
  /**
   * Expected peak load; a PROVISIONED stream with fewer shards than it needs fails at synth.
   * @default - no capacity check
   */
  readonly expectedPeakWrite?: ExpectedPeakWrite;
  /**
   * Interface VPC endpoints for producers inside a VPC.
   * @default - none; producers reach Kinesis's public endpoint over TLS
   */
  readonly vpcEndpoints?: StreamVpcEndpointsOptions;
  /**
   * Tags merged over the provider's default tags.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[a-zA-Z0-9-]+$/;

/**
 * A Kinesis data stream, always encrypted at rest, with grants, policy documents and metrics;
 * optionally a customer key, enhanced fan-out consumers and interface VPC endpoints.
 */
export class KinesisIngest extends StreamBase {
  /** The name of the stream a label gives: `label.id("kinesisStream")`. */
  static streamNameOf(label: Label): string {
    return label.id("kinesisStream");
  }

  /** The ARN of the stream a label gives, for a stack that refers to it by name. */
  static streamArnOf(label: Label, location: AwsLocation): string {
    return streamArn(location, KinesisIngest.streamNameOf(label));
  }

  /** The alias of the key the module creates for a label: `alias/` + `label.with("stream").id("kmsAlias")`. */
  static encryptionKeyAliasNameOf(label: Label): string {
    return `alias/${label.with("stream").id("kmsAlias")}`;
  }

  /** A stream created in another Terraform stack, with the same grants and metrics. */
  static fromAttributes(scope: Construct, id: string, attributes: KinesisStreamAttributes): IKinesisStream {
    return new ImportedKinesisStream(scope, id, attributes);
  }

  /** The stream's ARN. */
  readonly streamArn: string;
  /** `label.id("kinesisStream")`. */
  readonly streamName: string;
  readonly streamMode: StreamMode;
  /** The customer key's ARN; undefined for the AWS-managed key. */
  readonly encryptionKeyArn?: string;
  /** The customer key's alias: `KinesisIngest.encryptionKeyAliasNameOf(label)` for a created key. */
  readonly encryptionKeyAliasName?: string;
  /** Enhanced fan-out consumer ARNs by name. */
  readonly consumerArns: Readonly<Record<string, string>>;
  /** The interface endpoints, when `vpcEndpoints` is given. */
  readonly vpcEndpoints?: StreamVpcEndpoints;
  /** The underlying `aws_kinesis_stream`. */
  readonly resource: KinesisStream;

  constructor(scope: Construct, id: string, props: KinesisIngestProps) {
    super(scope, id);
    const streamMode = props.streamMode ?? "ON_DEMAND";
    const encryption = validate(props, streamMode);
    this.streamMode = streamMode;
    this.streamName = KinesisIngest.streamNameOf(props.label);
    const tags = props.tags ? { ...props.tags } : undefined;

    let kmsKeyId = AWS_MANAGED_KINESIS_KEY;
    if (encryption === "CUSTOMER_MANAGED") {
      if (props.encryptionKey) {
        this.encryptionKeyArn = props.encryptionKey.keyArn;
        this.encryptionKeyAliasName = props.encryptionKey.aliasName;
      } else {
        const key = new StreamKey(this, "Key", {
          aliasName: KinesisIngest.encryptionKeyAliasNameOf(props.label),
          location: props.location,
          streamName: this.streamName,
          tags,
        });
        this.encryptionKeyArn = key.keyArn;
        this.encryptionKeyAliasName = key.aliasName;
      }
      kmsKeyId = this.encryptionKeyArn;
    }

    this.resource = new KinesisStream(this, "Resource", {
      name: this.streamName,
      streamModeDetails: { streamMode },
      // Left out in ON_DEMAND mode: see the streamMode prop for why this makes switching safe.
      shardCount: streamMode === "PROVISIONED" ? props.shardCount : undefined,
      retentionPeriod: props.retentionHours ?? DEFAULT_RETENTION_HOURS,
      encryptionType: "KMS",
      kmsKeyId,
      shardLevelMetrics: props.shardLevelMetrics?.length ? [...props.shardLevelMetrics] : undefined,
      tags,
    });
    this.streamArn = this.resource.arn;

    const consumers = new StreamConsumers(this, "Consumers", { streamArn: this.streamArn, names: props.consumers ?? [] });
    this.consumerArns = consumers.consumerArns;

    if (props.vpcEndpoints) {
      this.vpcEndpoints = new StreamVpcEndpoints(this, "VpcEndpoints", {
        ...props.vpcEndpoints,
        label: props.label,
        location: props.location,
        tags,
      });
    }
  }

  /** The ARN of a consumer declared in `consumers`; fails for any other name. */
  consumerArn(consumerName: string): string {
    const arn = this.consumerArns[consumerName];
    if (arn === undefined) {
      const declared = Object.keys(this.consumerArns);
      throw new Error(
        `consumer "${consumerName}" is not declared on stream ${this.streamName}; declared: ${declared.length ? declared.join(", ") : "none"}`,
      );
    }
    return arn;
  }

  protected encryptionReference(): StreamEncryptionReference {
    return this.encryptionKeyArn ? { kind: "key", keyArn: this.encryptionKeyArn } : { kind: "aws-managed" };
  }
}

/** Checks every AWS rule `apply` would enforce; returns the effective encryption. */
function validate(props: KinesisIngestProps, streamMode: StreamMode): StreamEncryption {
  assertOneOf("streamMode", streamMode, ["ON_DEMAND", "PROVISIONED"]);
  const shardQuota = props.shardQuota ?? DEFAULT_SHARD_QUOTA;
  assertIntegerInRange("shardQuota", shardQuota, 1, Number.MAX_SAFE_INTEGER);
  if (streamMode === "ON_DEMAND" && props.shardCount !== undefined) {
    throw new Error(`shardCount must not be set when streamMode is ON_DEMAND (AWS scales on-demand shards), got ${props.shardCount}`);
  }
  if (streamMode === "PROVISIONED") {
    if (props.shardCount === undefined) throw new Error("shardCount is required when streamMode is PROVISIONED, got undefined");
    assertIntegerInRange("shardCount", props.shardCount, 1, shardQuota);
  }
  assertIntegerInRange("retentionHours", props.retentionHours, MIN_RETENTION_HOURS, MAX_RETENTION_HOURS);

  const encryption = props.encryption ?? (props.encryptionKey ? "CUSTOMER_MANAGED" : "AWS_MANAGED");
  assertOneOf("encryption", encryption, ["AWS_MANAGED", "CUSTOMER_MANAGED"]);
  if (encryption === "AWS_MANAGED" && props.encryptionKey) {
    throw new Error(`encryptionKey must not be set when encryption is AWS_MANAGED, got ${props.encryptionKey.keyArn}`);
  }
  if (props.encryptionKey) {
    assertMatches("encryptionKey.keyArn", props.encryptionKey.keyArn, KEY_ARN, "a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)");
    assertMatches("encryptionKey.aliasName", props.encryptionKey.aliasName, /^alias\/[a-zA-Z0-9/_-]+$/, "alias/ followed by [a-zA-Z0-9/_-]");
  }

  const metrics = props.shardLevelMetrics ?? [];
  for (const metric of metrics) assertOneOf("shardLevelMetrics[]", metric, SHARD_LEVEL_METRICS);
  if (new Set(metrics).size !== metrics.length) {
    throw new Error(`shardLevelMetrics must not repeat a metric, got ${metrics.join(", ")}`);
  }
  assertConsumerNames(props.consumers ?? []);

  if (props.expectedPeakWrite) {
    const knownShards = props.shardCount !== undefined && !Token.isUnresolved(props.shardCount);
    if (streamMode === "PROVISIONED" && knownShards) assertEnoughShards(props.shardCount!, props.expectedPeakWrite);
    else shardRequirement(props.expectedPeakWrite);
  }
  return encryption;
}
