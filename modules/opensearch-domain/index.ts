export * from "./defaults";
export * from "./domain-logs";
export * from "./domain-rules";
export * from "./metrics";
export * from "./opensearch-domain";
