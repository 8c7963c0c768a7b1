export { assertBucketName } from "./bucket-name";
export { type BucketPolicyPrincipal, type BucketPolicyStatement, denyInsecureTransport, renderBucketPolicy } from "./bucket-policy";
export * from "./defaults";
export { type BucketGrantOptions, type BucketGrantTarget, READ_GRANT, WRITE_GRANT, bucketGrantStatements, keyPattern } from "./grants";
export { type SecureBucketLifecycleProps, lifecycleRules } from "./lifecycle";
export { type BucketEncryption, type ISecureBucket, SecureBucket, type SecureBucketProps } from "./secure-bucket";
