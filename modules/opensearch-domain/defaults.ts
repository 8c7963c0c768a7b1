/** OpenSearch engine version a new domain runs. */
export const DEFAULT_ENGINE_VERSION = "OpenSearch_2.19";
/** Data node type: memory-optimized Graviton, the smallest type AWS recommends for production. */
export const DEFAULT_INSTANCE_TYPE = "r6g.large.search";
/** Two data nodes, one per Availability Zone, so losing a zone keeps the domain writable. */
export const DEFAULT_INSTANCE_COUNT = 2;
/** Dedicated master nodes when a master type is given: an odd number keeps a quorum. */
export const DEFAULT_DEDICATED_MASTER_COUNT = 3;
/** gp3 volume per data node (GiB). */
export const DEFAULT_EBS_VOLUME_SIZE_GIB = 20;
/** OpenSearch refuses EBS volumes smaller than this (GiB) for every instance type. */
export const MIN_EBS_VOLUME_SIZE_GIB = 10;
/** Retention of the domain's slow, application and audit logs (days). */
export const DEFAULT_DOMAIN_LOG_RETENTION_DAYS = 30;
/** TLS 1.2 minimum with perfect-forward-secrecy ciphers only: the most restrictive policy OpenSearch offers. */
export const TLS_SECURITY_POLICY = "Policy-Min-TLS-1-2-PFS-2023-10";
/** Data-plane actions of a domain's administrators. */
export const ADMIN_HTTP_ACTIONS = [
  "es:ESHttpGet",
  "es:ESHttpHead",
  "es:ESHttpPost",
  "es:ESHttpPut",
  "es:ESHttpPatch",
  "es:ESHttpDelete",
] as const;
/** Data-plane actions a writer (e.g. Firehose) needs: bulk index and read mappings and settings. */
export const WRITER_HTTP_ACTIONS = ["es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut"] as const;
/** Control-plane actions Firehose calls to find the domain's endpoint and settings. */
export const WRITER_DESCRIBE_ACTIONS = ["es:DescribeDomain", "es:DescribeDomains", "es:DescribeDomainConfig"] as const;
