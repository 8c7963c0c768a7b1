import { Construct } from "constructs";
import type { AwsLocation } from "../shared/arn";
import type { Grantee, PolicyStatement } from "../shared/policy";
import { TableMetrics } from "./metrics";

/** Item reads, including through indexes. */
export const TABLE_READ_ACTIONS = [
  "dynamodb:BatchGetItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:DescribeTable",
  "dynamodb:GetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
] as const;

/** Item writes; DescribeTable lets SDK helpers check the key schema. */
export const TABLE_WRITE_ACTIONS = [
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:DeleteItem",
  "dynamodb:DescribeTable",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
] as const;

/** A DynamoDB table, created in this stack or another: what grants and metrics need. */
export interface IDynamoDbTable {
  readonly tableArn: string;
  readonly tableName: string;
  /** The customer key's ARN; undefined for the AWS-managed key. */
  readonly encryptionKeyArn?: string;
  /** The table's CloudWatch metrics. */
  readonly metrics: TableMetrics;
  /** Grants item reads on the table and its indexes. */
  grantReadData(grantee: Grantee): void;
  /** Grants item writes on the table. */
  grantWriteData(grantee: Grantee): void;
  /** Grants exactly these actions (and the KMS actions they need on a customer key). */
  grant(grantee: Grantee, ...actions: string[]): void;
  /** Grants item reads and writes. */
  grantReadWriteData(grantee: Grantee): void;
}

/** Grants and metrics shared by created and imported tables. */
export abstract class TableBase extends Construct implements IDynamoDbTable {
  abstract readonly tableArn: string;
  abstract readonly tableName: string;
  abstract readonly encryptionKeyArn?: string;
  protected abstract readonly location: AwsLocation;

  /** The table's CloudWatch metrics, by name. */
  get metrics(): TableMetrics {
    return new TableMetrics(this.tableName);
  }

  /**
   * Grants BatchGetItem, ConditionCheckItem, DescribeTable, GetItem, Query and Scan on the table and
   * `<tableArn>/index/*`, plus `kms:Decrypt` and `kms:DescribeKey` through DynamoDB on a customer key.
   */
  grantReadData(grantee: Grantee): void {
    this.add(grantee, TABLE_READ_ACTIONS, ["kms:Decrypt", "kms:DescribeKey"]);
  }

  /**
   * Grants BatchWriteItem, ConditionCheckItem, DeleteItem, DescribeTable, PutItem and UpdateItem on the
   * table, plus the KMS data-key actions through DynamoDB on a customer key.
   */
  grantWriteData(grantee: Grantee): void {
    this.add(grantee, TABLE_WRITE_ACTIONS, ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo"]);
  }

  /**
   * Grants exactly `actions` (e.g. `dynamodb:BatchGetItem`) on the table, and on `<tableArn>/index/*`
   * only when Query or Scan is among them; on a customer key, `kms:Decrypt` and `kms:DescribeKey`
   * through DynamoDB, plus the data-key actions when an action writes.
   */
  grant(grantee: Grantee, ...actions: string[]): void {
    if (actions.length === 0) throw new Error(`grant on table ${this.tableName} needs at least one action, got none`);
    const writes = actions.some((a) => (TABLE_WRITE_ACTIONS as readonly string[]).includes(a) && a !== "dynamodb:DescribeTable" && a !== "dynamodb:ConditionCheckItem");
    const keyActions = writes ? ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo"] : ["kms:Decrypt", "kms:DescribeKey"];
    const indexes = actions.includes("dynamodb:Query") || actions.includes("dynamodb:Scan");
    const [table, ...key] = this.statementsFor(actions, keyActions);
    grantee.addToPolicy(indexes ? table! : { ...table!, resources: [this.tableArn] });
    for (const statement of key) grantee.addToPolicy(statement);
  }

  /** {@link grantReadData} and {@link grantWriteData} in one statement each. */
  grantReadWriteData(grantee: Grantee): void {
    const actions = [...new Set([...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS])].sort();
    this.add(grantee, actions, ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo"]);
  }

  /** The statements a grant adds, for teams that write their own policies. */
  statementsFor(actions: readonly string[], keyActions: readonly string[]): PolicyStatement[] {
    // Indexes are separate resources in IAM: Query and Scan on a GSI need the index ARN.
    const statements: PolicyStatement[] = [{ actions: [...actions], resources: [this.tableArn, `${this.tableArn}/index/*`] }];
    if (this.encryptionKeyArn) {
      statements.push({
        actions: [...keyActions],
        resources: [this.encryptionKeyArn],
        conditions: { StringEquals: { "kms:ViaService": `dynamodb.${this.location.region}.amazonaws.com` } },
      });
    }
    return statements;
  }

  private add(grantee: Grantee, actions: readonly string[], keyActions: readonly string[]): void {
    for (const statement of this.statementsFor(actions, keyActions)) grantee.addToPolicy(statement);
  }
}
