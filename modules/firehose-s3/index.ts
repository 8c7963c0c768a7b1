export * from "./defaults";
export { type IDeliveryStream, DeliveryStreamBase } from "./delivery-stream-base";
export { type FirehoseCompression, type FirehoseS3Props, type FirehoseSourceStream, FirehoseS3 } from "./firehose-s3";
export { type DataFormatConversionProps, assertDataFormatConversion, conversionConfiguration, glueSchemaStatement } from "./format-conversion";
export { DeliveryStreamMetrics } from "./metrics";
export { type PrefixContext, type PrefixExpression, assertPrefixes, parseExpressions, staticPart } from "./prefixes";
export { type DynamicPartitioningProps, type ProcessorLambdaProps, assertProcessing, metadataExtractionQuery, processors, unqualifiedFunctionArn } from "./processing";
