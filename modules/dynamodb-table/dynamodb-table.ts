import type { Construct } from "constructs";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { type AwsLocation, arnOf } from "../shared/arn";
import type { Label } from "../shared/label";
import { assertIntegerInRange, assertMatches, assertOneOf } from "../shared/validate";
import { TableBase, type IDynamoDbTable } from "./table-base";

/** DynamoDB key attribute types: string, number, binary. */
export type AttributeType = "S" | "N" | "B";

/** A key attribute. */
export interface TableKey {
  /** 1 to 255 bytes. */
  readonly name: string;
  readonly type: AttributeType;
}

/** What a DynamoDB stream record carries. */
export type TableStreamViewType = "KEYS_ONLY" | "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES";

/** How capacity is billed. */
export type TableBillingMode = "PAY_PER_REQUEST" | "PROVISIONED";

/** Props for {@link DynamoDbTable}. */
export interface DynamoDbTableProps {
  /** Naming context; the table is named `label.id("dynamoDbTable")`. */
  readonly label: Label;
  /** Where the table lives: the region names the DynamoDB endpoint in KMS conditions. */
  readonly location: AwsLocation;
  readonly partitionKey: TableKey;
  /**
   * @default - no sort key
   */
  readonly sortKey?: TableKey;
  /**
   * @default "PAY_PER_REQUEST"
   */
  readonly billingMode?: TableBillingMode;
  /**
   * Read capacity units; required for PROVISIONED, refused for PAY_PER_REQUEST. 1 to 40,000 (the default per-table quota).
   * @default - none (PAY_PER_REQUEST)
   */
  readonly readCapacity?: number;
  /**
   * Write capacity units; required for PROVISIONED, refused for PAY_PER_REQUEST. 1 to 40,000.
   * @default - none (PAY_PER_REQUEST)
   */
  readonly writeCapacity?: number;
  /**
   * A customer-managed key for encryption at rest. Encryption is always on.
   * @default - the AWS-managed key `alias/aws/dynamodb`: its use is logged in CloudTrail and it needs no
   *   key policy; preferred over the AWS-owned key, which leaves no audit trail in the account
   */
  readonly encryptionKey?: { readonly keyArn: string };
  /**
   * Continuous backups, restorable to any second of the recovery period.
   * @default true
   */
  readonly pointInTimeRecovery?: boolean;
  /**
   * Days of point-in-time recovery, 1 to 35.
   * @default 35
   */
  readonly pointInTimeRecoveryDays?: number;
  /**
   * A top-level Number attribute holding an epoch-seconds expiry; expired items are deleted by DynamoDB.
   * @default - items never expire
   */
  readonly ttlAttribute?: string;
  /**
   * Refuses `DeleteTable` (including `terraform destroy`) until turned off.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Turns on a DynamoDB stream with this view.
   * @default - no stream
   */
  readonly stream?: TableStreamViewType;
  /**
   * Tags merged over the provider's default tags.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Attributes a stack needs to use a table created in another Terraform stack. */
export interface DynamoDbTableAttributes {
  /** Derive it with `DynamoDbTable.tableNameOf(label)`. */
  readonly tableName: string;
  readonly location: AwsLocation;
  /**
   * @default - the AWS-managed key: grants add no KMS permission
   */
  readonly encryptionKeyArn?: string;
}

const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[a-zA-Z0-9-]+$/;
const MAX_CAPACITY_UNITS = 40_000;

/**
 * A DynamoDB table for lookups and results: on-demand, always encrypted, point-in-time recovery and
 * deletion protection on unless turned off, optional TTL and stream.
 */
export class DynamoDbTable extends TableBase {
  /** The table name a label gives: `label.id("dynamoDbTable")`. */
  static tableNameOf(label: Label): string {
    return label.id("dynamoDbTable");
  }

  /** The table ARN a label gives, for a stack that refers to it by name. */
  static tableArnOf(label: Label, location: AwsLocation): string {
    return tableArn(location, DynamoDbTable.tableNameOf(label));
  }

  /** A table created in another Terraform stack, with the same grants and metrics. */
  static fromAttributes(scope: Construct, id: string, attributes: DynamoDbTableAttributes): IDynamoDbTable {
    return new ImportedDynamoDbTable(scope, id, attributes);
  }

  readonly tableArn: string;
  /** `label.id("dynamoDbTable")`. */
  readonly tableName: string;
  readonly encryptionKeyArn?: string;
  /** The stream's ARN when `stream` is set. */
  readonly tableStreamArn?: string;
  /** The underlying `aws_dynamodb_table`. */
  readonly resource: DynamodbTable;
  protected readonly location: AwsLocation;

  constructor(scope: Construct, id: string, props: DynamoDbTableProps) {
    super(scope, id);
    this.tableName = DynamoDbTable.tableNameOf(props.label);
    validate(props, this.tableName);
    const billingMode = props.billingMode ?? "PAY_PER_REQUEST";
    const pointInTimeRecovery = props.pointInTimeRecovery ?? true;
    const keys = [props.partitionKey, ...(props.sortKey ? [props.sortKey] : [])];
    this.location = props.location;
    this.encryptionKeyArn = props.encryptionKey?.keyArn;

    this.resource = new DynamodbTable(this, "Resource", {
      name: this.tableName,
      billingMode,
      hashKey: props.partitionKey.name,
      rangeKey: props.sortKey?.name,
      attribute: keys.map((key) => ({ name: key.name, type: key.type })),
      readCapacity: props.readCapacity,
      writeCapacity: props.writeCapacity,
      serverSideEncryption: { enabled: true, kmsKeyArn: this.encryptionKeyArn },
      pointInTimeRecovery: pointInTimeRecovery
        ? { enabled: true, recoveryPeriodInDays: props.pointInTimeRecoveryDays ?? 35 }
        : { enabled: false },
      ttl: props.ttlAttribute ? { enabled: true, attributeName: props.ttlAttribute } : undefined,
      deletionProtectionEnabled: props.deletionProtection ?? true,
      streamEnabled: props.stream ? true : undefined,
      streamViewType: props.stream,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.tableArn = this.resource.arn;
    if (props.stream) this.tableStreamArn = this.resource.streamArn;
  }
}

/** A table created in another Terraform stack, referred to by name. */
export class ImportedDynamoDbTable extends TableBase {
  readonly tableArn: string;
  readonly tableName: string;
  readonly encryptionKeyArn?: string;
  protected readonly location: AwsLocation;

  constructor(scope: Construct, id: string, attributes: DynamoDbTableAttributes) {
    super(scope, id);
    assertMatches("tableName", attributes.tableName, TABLE_NAME, "3 to 255 characters of [a-zA-Z0-9_.-]");
    assertMatches("encryptionKeyArn", attributes.encryptionKeyArn, KEY_ARN, "a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)");
    this.tableName = attributes.tableName;
    this.location = attributes.location;
    this.encryptionKeyArn = attributes.encryptionKeyArn;
    this.tableArn = tableArn(attributes.location, attributes.tableName);
  }
}

/** `arn:<partition>:dynamodb:<region>:<account>:table/<name>`. */
function tableArn(location: AwsLocation, tableName: string): string {
  return arnOf(location, "dynamodb", `table/${tableName}`);
}

/** Checks the rules DynamoDB enforces only at apply. */
function validate(props: DynamoDbTableProps, tableName: string): void {
  assertMatches("tableName", tableName, TABLE_NAME, "3 to 255 characters of [a-zA-Z0-9_.-] (from the label)");
  const billingMode = props.billingMode ?? "PAY_PER_REQUEST";
  assertOneOf("billingMode", billingMode, ["PAY_PER_REQUEST", "PROVISIONED"]);
  for (const [name, value] of [
    ["readCapacity", props.readCapacity],
    ["writeCapacity", props.writeCapacity],
  ] as const) {
    if (billingMode === "PAY_PER_REQUEST" && value !== undefined) {
      throw new Error(`${name} must not be set when billingMode is PAY_PER_REQUEST, got ${value}`);
    }
    if (billingMode === "PROVISIONED") {
      if (value === undefined) throw new Error(`${name} is required when billingMode is PROVISIONED, got undefined`);
      assertIntegerInRange(name, value, 1, MAX_CAPACITY_UNITS);
    }
  }
  const keys: [string, TableKey | undefined][] = [
    ["partitionKey", props.partitionKey],
    ["sortKey", props.sortKey],
  ];
  for (const [name, key] of keys) {
    if (!key) continue;
    assertKeyName(`${name}.name`, key.name);
    assertOneOf(`${name}.type`, key.type, ["S", "N", "B"]);
  }
  if (props.sortKey && props.sortKey.name === props.partitionKey.name) {
    throw new Error(`sortKey.name must differ from partitionKey.name, got ${props.sortKey.name} for both`);
  }
  if (props.ttlAttribute !== undefined) assertKeyName("ttlAttribute", props.ttlAttribute);
  if (props.pointInTimeRecovery === false && props.pointInTimeRecoveryDays !== undefined) {
    throw new Error(`pointInTimeRecoveryDays must not be set when pointInTimeRecovery is false, got ${props.pointInTimeRecoveryDays}`);
  }
  assertIntegerInRange("pointInTimeRecoveryDays", props.pointInTimeRecoveryDays, 1, 35);
  assertOneOf("stream", props.stream, ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"]);
  assertMatches("encryptionKey.keyArn", props.encryptionKey?.keyArn, KEY_ARN, "a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)");
}

/** Attribute names are 1 to 255 bytes (UTF-8). */
function assertKeyName(name: string, value: string): void {
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes < 1 || bytes > 255) throw new Error(`${name} must be 1 to 255 bytes long, got ${bytes} ("${value.slice(0, 40)}")`);
}
