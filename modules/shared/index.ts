export * from "./arn";
export * from "./label";
export * from "./metric";
export * from "./policy";
export * from "./service-role";
export * from "./validate";
