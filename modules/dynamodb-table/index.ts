export * from "./dynamodb-table";
export * from "./metrics";
export * from "./table-base";
