export * from "./defaults";
export * from "./kinesis-analytics";
export * from "./metrics";
export * from "./property-groups";
export * from "./streams";
export * from "./vpc";
