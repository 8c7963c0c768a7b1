/**
 * What the delivery role may do inside a domain with fine-grained access control: a role of the
 * OpenSearch security plugin (`PUT _plugins/_security/api/roles/<name>`) and its mapping to the
 * delivery role's ARN as a backend role (`PUT _plugins/_security/api/rolesmapping/<name>`). The AWS
 * provider manages IAM and the domain, not the security plugin's roles inside it, so these are
 * applied after deploy (`npm run stream -- search-access`), signed as the domain's master user.
 */
export interface DeliveryWriterRole {
  /** The security plugin role name. */
  readonly roleName: string;
  /** Body of `PUT _plugins/_security/api/roles/<roleName>`. */
  readonly role: {
    readonly description: string;
    readonly cluster_permissions: readonly string[];
    readonly index_permissions: ReadonlyArray<{ readonly index_patterns: readonly string[]; readonly allowed_actions: readonly string[] }>;
  };
  /** Body of `PUT _plugins/_security/api/rolesmapping/<roleName>`. */
  readonly mapping: { readonly backend_roles: readonly string[]; readonly description: string };
}

/**
 * Bulk indexing into the delivery stream's index (and its rotations, `<index>-YYYY-MM-DD`), creating
 * it and its mapping, and reading cluster health: no delete, no index administration, no security.
 * `index` grants index and update of documents, bulk writes and mapping updates, not `delete`.
 */
export function deliveryWriterRole(indexName: string, deliveryRoleArn: string): DeliveryWriterRole {
  const roleName = `firehose_writer_${indexName.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  return {
    roleName,
    role: {
      description: `Firehose delivery into ${indexName}*: create the index and bulk-index documents`,
      cluster_permissions: ["cluster_monitor", "indices:data/write/bulk"],
      index_permissions: [{ index_patterns: [`${indexName}*`], allowed_actions: ["create_index", "index", "indices:admin/mapping/put"] }],
    },
    mapping: { backend_roles: [deliveryRoleArn], description: `The Firehose delivery role writing ${indexName}*` },
  };
}
