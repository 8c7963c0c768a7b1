export * from "./defaults";
export * from "./delivery-rules";
export * from "./destination";
export * from "./firehose-opensearch";
export * from "./metrics";
export * from "./serverless-collection";
export * from "./source";
export * from "./vpc-delivery";
