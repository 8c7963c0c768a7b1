import { patch, type Resources, type RuleCase, stackOf } from "../fixtures";
import {
  domainAuditLogs,
  domainEncryptedAtRest,
  domainEnforceHttps,
  domainFineGrainedAccess,
  domainLogging,
  domainNodeToNode,
  domainTlsPolicy,
} from "./opensearch";

const DOMAIN = "unit:aws_opensearch_domain.search_domain";
const logTo = (type: string) => ({ log_type: type, enabled: true, cloudwatch_log_group_arn: `\${aws_cloudwatch_log_group.${type.toLowerCase()}.arn}` });

/** A domain as the firehose-opensearch module creates it. */
const domain: Resources = {
  aws_opensearch_domain: {
    search_domain: {
      domain_name: "acme-dev-search",
      encrypt_at_rest: { enabled: true },
      node_to_node_encryption: { enabled: true },
      domain_endpoint_options: { enforce_https: true, tls_security_policy: "Policy-Min-TLS-1-2-PFS-2023-10" },
      advanced_security_options: { enabled: true, anonymous_auth_enabled: false, internal_user_database_enabled: false },
      log_publishing_options: [logTo("ES_APPLICATION_LOGS"), logTo("AUDIT_LOGS")],
    },
  },
};

const changed = (changes: Record<string, unknown>) => stackOf(patch(domain, "aws_opensearch_domain", "search_domain", changes));

/** Cases of the OpenSearch domain rules. */
export const openSearchCases: readonly RuleCase[] = [
  {
    rule: domainEncryptedAtRest,
    passing: stackOf(domain),
    failing: [{ title: "unencrypted at rest", stack: changed({ encrypt_at_rest: undefined }), address: DOMAIN, reason: /encrypt_at_rest.enabled must be true/ }],
  },
  {
    rule: domainNodeToNode,
    passing: stackOf(domain),
    failing: [{ title: "without node-to-node encryption", stack: changed({ node_to_node_encryption: { enabled: false } }), address: DOMAIN, reason: /node_to_node_encryption.enabled must be true/ }],
  },
  {
    rule: domainEnforceHttps,
    passing: stackOf(domain),
    failing: [{ title: "accepting HTTP", stack: changed({ domain_endpoint_options: { enforce_https: false, tls_security_policy: "Policy-Min-TLS-1-2-2019-07" } }), address: DOMAIN, reason: /enforce_https must be true/ }],
  },
  {
    rule: domainTlsPolicy,
    passing: stackOf(domain),
    failing: [{ title: "accepting TLS 1.0", stack: changed({ domain_endpoint_options: { enforce_https: true, tls_security_policy: "Policy-Min-TLS-1-0-2019-07" } }), address: DOMAIN, reason: /must start with Policy-Min-TLS-1-2, got "Policy-Min-TLS-1-0-2019-07"/ }],
  },
  {
    rule: domainLogging,
    passing: stackOf(domain),
    failing: [
      { title: "without log publishing", stack: changed({ log_publishing_options: undefined }), address: DOMAIN, reason: /no enabled log_publishing_options/ },
      { title: "with logging disabled", stack: changed({ log_publishing_options: [{ ...logTo("ES_APPLICATION_LOGS"), enabled: false }] }), address: DOMAIN, reason: /no enabled log_publishing_options/ },
    ],
  },
  {
    rule: domainAuditLogs,
    passing: stackOf(domain),
    failing: [{ title: "without audit logs", stack: changed({ log_publishing_options: [logTo("ES_APPLICATION_LOGS")] }), address: DOMAIN, reason: /AUDIT_LOGS are not published \(enabled log types: ES_APPLICATION_LOGS\)/ }],
  },
  {
    rule: domainFineGrainedAccess,
    passing: stackOf(domain),
    failing: [
      { title: "without fine-grained access control", stack: changed({ advanced_security_options: undefined }), address: DOMAIN, reason: /advanced_security_options.enabled must be true/ },
      { title: "with anonymous access", stack: changed({ advanced_security_options: { enabled: true, anonymous_auth_enabled: true } }), address: DOMAIN, reason: /anonymous_auth_enabled must not be true/ },
    ],
  },
];
