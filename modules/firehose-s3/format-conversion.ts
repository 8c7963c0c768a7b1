import type { KinesisFirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfiguration as ConversionConfiguration } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { type AwsLocation, arnOf } from "../shared/arn";
import type { PolicyStatement } from "../shared/policy";
import { assertMatches } from "../shared/validate";

/** JSON records converted to Parquet (or ORC) with the schema of a Glue table. */
export interface DataFormatConversionProps {
  /** The Glue database holding the table. */
  readonly glueDatabaseName: string;
  /** The Glue table whose columns define the schema. */
  readonly glueTableName: string;
  /**
   * The table version to use.
   * @default "LATEST"
   */
  readonly glueTableVersion?: string;
  /**
   * The columnar format written to S3 (compressed with Snappy by the serializer).
   * @default "PARQUET"
   */
  readonly outputFormat?: "PARQUET" | "ORC";
  /**
   * The JSON deserializer: OpenX (lenient, handles dotted keys) or Hive.
   * @default "OPENX_JSON"
   */
  readonly inputFormat?: "OPENX_JSON" | "HIVE_JSON";
}

const GLUE_NAME = /^[a-z0-9_]{1,255}$/;
const GLUE_NAME_RULE = "1-255 lower-case letters, digits and underscores (what Athena can query)";

/** Fails on Glue names Athena could not query. */
export function assertDataFormatConversion(props: DataFormatConversionProps): void {
  assertMatches("dataFormatConversion.glueDatabaseName", props.glueDatabaseName, GLUE_NAME, GLUE_NAME_RULE);
  assertMatches("dataFormatConversion.glueTableName", props.glueTableName, GLUE_NAME, GLUE_NAME_RULE);
}

/** The delivery stream's conversion block, reading the schema with the delivery stream's role. */
export function conversionConfiguration(props: DataFormatConversionProps, location: AwsLocation, roleArn: string): ConversionConfiguration {
  return {
    enabled: true,
    inputFormatConfiguration: {
      deserializer: props.inputFormat === "HIVE_JSON" ? { hiveJsonSerDe: {} } : { openXJsonSerDe: {} },
    },
    outputFormatConfiguration: {
      serializer: props.outputFormat === "ORC" ? { orcSerDe: {} } : { parquetSerDe: {} },
    },
    schemaConfiguration: {
      catalogId: location.accountId,
      region: location.region,
      databaseName: props.glueDatabaseName,
      tableName: props.glueTableName,
      versionId: props.glueTableVersion ?? "LATEST",
      roleArn,
    },
  };
}

/** Read access to the table's schema: Glue checks the catalog, the database and the table ARNs. */
export function glueSchemaStatement(props: DataFormatConversionProps, location: AwsLocation): PolicyStatement {
  return {
    actions: ["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"],
    resources: [
      arnOf(location, "glue", "catalog"),
      arnOf(location, "glue", `database/${props.glueDatabaseName}`),
      arnOf(location, "glue", `table/${props.glueDatabaseName}/${props.glueTableName}`),
    ],
  };
}
