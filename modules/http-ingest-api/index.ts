export * from "./authorization";
export * from "./defaults";
export * from "./metrics";
export * from "./http-ingest-api";
