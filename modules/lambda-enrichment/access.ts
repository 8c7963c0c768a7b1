import type { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { Label } from "../shared/label";
import type { Grantee } from "../shared/policy";
import { assertLogRetentionDays, assertMatches } from "../shared/validate";
import { EncryptedQueue } from "./encrypted-queue";
import { grantPublish, grantSendMessage } from "./grants";
import type { LookupTable, QueueReference, TopicReference, WritableStream, WritableTable } from "./refs";

/** The environment variable each access option sets, by default (the names the handlers read). */
export const ENRICHMENT_ENVIRONMENT = {
  lookupTableName: "LOOKUP_TABLE_NAME",
  outputTableName: "EVENTS_TABLE_NAME",
  outputStreamName: "OUTPUT_STREAM_NAME",
  alertTopicArn: "ALERT_TOPIC_ARN",
  deadLetterQueueUrl: "DEAD_LETTER_QUEUE_URL",
  outputLogGroupName: "LOG_GROUP_NAME",
} as const;

/** The only call the handlers make on a lookup table (enrichment's BatchGetCommand). */
export const LOOKUP_TABLE_ACTIONS = ["dynamodb:BatchGetItem"] as const;
/** The only call the handlers make on an output table (stream-processor's BatchWriteItemCommand). */
export const OUTPUT_TABLE_ACTIONS = ["dynamodb:BatchWriteItem"] as const;

/** Overrides of {@link ENRICHMENT_ENVIRONMENT}, for a handler that reads another name. */
export type EnvironmentNames = { readonly [K in keyof typeof ENRICHMENT_ENVIRONMENT]?: string };

/** The function's own store for records no retry can fix (kept with their data and reason). */
export interface DeadLetterStoreOptions {
  /**
   * @default - an encrypted queue is created, named `label.with("malformed").id("sqsQueue")`
   */
  readonly queue?: QueueReference;
}

/** A log group the function writes entries to (e.g. the log-filter's kept lines). */
export interface OutputLogGroupOptions {
  /**
   * @default - `/streaming/<label.id()>`
   */
  readonly logGroupName?: string;
  /**
   * @default 7
   */
  readonly retentionDays?: number;
}

/** What the function may reach besides its stream: each option grants access and sets one environment variable. */
export interface FunctionAccessOptions {
  /**
   * DynamoDB table the function reads with BatchGetItem, the one action granted (its name in `LOOKUP_TABLE_NAME`).
   * @default - no table read access
   */
  readonly lookupTable?: LookupTable;
  /**
   * DynamoDB table the function writes with BatchWriteItem, the one action granted (its name in `EVENTS_TABLE_NAME`).
   * @default - no table write access
   */
  readonly outputTable?: WritableTable;
  /**
   * Stream the function writes to (PutRecord, PutRecords; its name in `OUTPUT_STREAM_NAME`).
   * @default - no stream write access
   */
  readonly outputStream?: WritableStream;
  /**
   * SNS topic the function publishes alerts to (its ARN in `ALERT_TOPIC_ARN`).
   * @default - no publish access
   */
  readonly alertTopic?: TopicReference;
  /**
   * Queue where the function itself keeps malformed records with their data and reason (the
   * on-failure queue only receives shard and sequence numbers; its URL in `DEAD_LETTER_QUEUE_URL`).
   * `{}` creates an encrypted queue.
   * @default - no store
   */
  readonly deadLetterStore?: DeadLetterStoreOptions;
  /**
   * A log group created for the function to write entries to (its name in `LOG_GROUP_NAME`).
   * @default - none
   */
  readonly outputLogGroup?: OutputLogGroupOptions;
  /**
   * Names of the variables above, for handlers that read other names.
   * @default ENRICHMENT_ENVIRONMENT
   */
  readonly environmentNames?: EnvironmentNames;
}

/**
 * The resources and grants behind {@link FunctionAccessOptions}: creates the store queue and the
 * output log group (as children of `scope`), computes the variables, then grants once the role exists.
 */
export class FunctionAccess {
  /** Variables the module sets. */
  readonly environment: Record<string, string> = {};
  readonly deadLetterStore?: QueueReference;
  readonly outputLogGroupName?: string;
  private readonly outputLogGroupArn?: string;

  constructor(
    scope: Construct,
    label: Label,
    private readonly options: FunctionAccessOptions,
    tags?: Readonly<Record<string, string>>,
  ) {
    const names = { ...ENRICHMENT_ENVIRONMENT, ...options.environmentNames };
    if (options.deadLetterStore !== undefined) {
      this.deadLetterStore = options.deadLetterStore.queue ?? new EncryptedQueue(scope, "DeadLetterStore", { label: label.with("malformed"), tags });
      this.environment[names.deadLetterQueueUrl] = this.deadLetterStore.queueUrl;
    }
    if (options.outputLogGroup !== undefined) {
      const name = options.outputLogGroup.logGroupName ?? `/streaming/${label.id()}`;
      assertMatches("outputLogGroup.logGroupName", name, /^[.\-_/#A-Za-z0-9]{1,512}$/, "1 to 512 characters of [.-_/#A-Za-z0-9]");
      const retentionDays = options.outputLogGroup.retentionDays ?? 7;
      assertLogRetentionDays("outputLogGroup.retentionDays", retentionDays);
      const group = new CloudwatchLogGroup(scope, "OutputLogGroup", { name, retentionInDays: retentionDays, tags: tags ? { ...tags } : undefined });
      this.outputLogGroupName = name;
      this.outputLogGroupArn = group.arn;
      this.environment[names.outputLogGroupName] = name;
    }
    if (options.lookupTable) this.environment[names.lookupTableName] = options.lookupTable.tableName;
    if (options.outputTable) this.environment[names.outputTableName] = options.outputTable.tableName;
    if (options.outputStream) this.environment[names.outputStreamName] = options.outputStream.streamName;
    if (options.alertTopic) this.environment[names.alertTopicArn] = options.alertTopic.topicArn;
  }

  /** Grants the function what each option needs. */
  grantTo(grantee: Grantee): void {
    const { options } = this;
    if (options.lookupTable) options.lookupTable.grant(grantee, ...LOOKUP_TABLE_ACTIONS);
    if (options.outputTable) options.outputTable.grant(grantee, ...OUTPUT_TABLE_ACTIONS);
    if (options.outputStream) options.outputStream.grantWrite(grantee);
    if (options.alertTopic) grantPublish(grantee, options.alertTopic, "PublishAlerts");
    if (this.deadLetterStore) grantSendMessage(grantee, this.deadLetterStore, "KeepMalformedRecords");
    if (this.outputLogGroupArn) {
      grantee.addToPolicy({ sid: "WriteOutputLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${this.outputLogGroupArn}:*`] });
    }
  }
}
