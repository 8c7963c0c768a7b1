import { block, blocks, type Rule, type TfResource } from "../engine";

const DOMAIN_TYPES = ["aws_opensearch_domain", "aws_elasticsearch_domain"];

function domainRule(id: string, title: string, check: (domain: TfResource) => string | undefined): Rule {
  return { id, title, resourceTypes: DOMAIN_TYPES, check: (domain) => check(domain) };
}

const enabledLogTypes = (domain: TfResource): string[] =>
  blocks(domain.log_publishing_options)
    .filter((option) => option.enabled !== false && typeof option.cloudwatch_log_group_arn === "string")
    .map((option) => String(option.log_type));

/** CKV_AWS_5: the domain's indices and snapshots are encrypted at rest. */
export const domainEncryptedAtRest = domainRule("CKV_AWS_5", "OpenSearch domain is encrypted at rest", (domain) =>
  block(domain.encrypt_at_rest)?.enabled === true ? undefined : "encrypt_at_rest.enabled must be true",
);

/** CKV_AWS_6: traffic between the domain's nodes is encrypted. */
export const domainNodeToNode = domainRule("CKV_AWS_6", "OpenSearch domain has node-to-node encryption", (domain) =>
  block(domain.node_to_node_encryption)?.enabled === true ? undefined : "node_to_node_encryption.enabled must be true",
);

/** CKV_AWS_83: the endpoint refuses plain HTTP. */
export const domainEnforceHttps = domainRule("CKV_AWS_83", "OpenSearch domain enforces HTTPS", (domain) =>
  block(domain.domain_endpoint_options)?.enforce_https === true ? undefined : "domain_endpoint_options.enforce_https must be true",
);

/** CKV_AWS_228: the endpoint accepts TLS 1.2 or newer only. */
export const domainTlsPolicy = domainRule("CKV_AWS_228", "OpenSearch domain uses a TLS policy of at least TLS 1.2 (Policy-Min-TLS-1-2*)", (domain) => {
  const policy = block(domain.domain_endpoint_options)?.tls_security_policy;
  return typeof policy === "string" && policy.startsWith("Policy-Min-TLS-1-2") ? undefined : `tls_security_policy must start with Policy-Min-TLS-1-2, got ${JSON.stringify(policy)}`;
});

/** CKV_AWS_84: the domain publishes logs to CloudWatch. */
export const domainLogging = domainRule("CKV_AWS_84", "OpenSearch domain publishes logs to CloudWatch", (domain) =>
  enabledLogTypes(domain).length > 0 ? undefined : "no enabled log_publishing_options with a cloudwatch_log_group_arn",
);

/** CKV_AWS_317: who did what on the domain is recorded (audit logs need fine-grained access control). */
export const domainAuditLogs = domainRule("CKV_AWS_317", "OpenSearch domain publishes audit logs", (domain) =>
  enabledLogTypes(domain).includes("AUDIT_LOGS") ? undefined : `AUDIT_LOGS are not published (enabled log types: ${enabledLogTypes(domain).join(", ") || "none"})`,
);

/** CKV2_AWS_52: fine-grained access control is on and anonymous access is off. */
export const domainFineGrainedAccess = domainRule("CKV2_AWS_52", "OpenSearch domain has fine-grained access control without anonymous access", (domain) => {
  const security = block(domain.advanced_security_options);
  if (security?.enabled !== true) return "advanced_security_options.enabled must be true";
  return security.anonymous_auth_enabled === true ? "advanced_security_options.anonymous_auth_enabled must not be true" : undefined;
});

/** The OpenSearch domain rules. */
export const openSearchRules: readonly Rule[] = [
  domainEncryptedAtRest,
  domainNodeToNode,
  domainEnforceHttps,
  domainTlsPolicy,
  domainLogging,
  domainAuditLogs,
  domainFineGrainedAccess,
];
