import type { Construct } from "constructs";
import { DynamoDbTable } from "../../modules/dynamodb-table";
import { ComponentStack, type ComponentStackProps } from "../component-stack";
import { tableLabel } from "../naming";

/** The pipeline's DynamoDB tables (lookups and results), kept apart so redeploying a function never risks data. */
export class TablesStack extends ComponentStack {
  readonly tables: Readonly<Record<string, DynamoDbTable>>;

  constructor(scope: Construct, props: ComponentStackProps) {
    super(scope, props);
    const tables: Record<string, DynamoDbTable> = {};
    for (const [name, config] of Object.entries(props.pipelineConfig.tables!.tables)) {
      // The table's own name is its construct id: stable, and readable in the plan.
      tables[name] = new DynamoDbTable(this, name, {
        label: tableLabel(this.label, name),
        location: this.location,
        partitionKey: { name: config.partitionKey, type: config.partitionKeyType },
        sortKey: config.sortKey ? { name: config.sortKey, type: config.sortKeyType } : undefined,
        ttlAttribute: config.ttlAttribute,
        deletionProtection: config.deletionProtection,
      });
      this.output(`dynamodb_table_${name.replaceAll("-", "_")}_name`, tables[name].tableName, `Name of the ${name} table`);
    }
    this.tables = tables;
  }
}
