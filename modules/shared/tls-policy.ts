/** The condition that matches a request made without TLS. */
export const INSECURE_TRANSPORT = { Bool: { "aws:SecureTransport": "false" } } as const;

/**
 * The resource-policy statement (IAM JSON) that denies, to anyone, every request made without TLS:
 * the one TLS-only guard of the topics, queues and buckets. `actions` and `resources` are written
 * as given, a string or a list, so each policy keeps the document it always had.
 */
export function denyInsecureTransport<A extends string | readonly string[], R extends string | readonly string[]>(actions: A, resources: R) {
  return { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: actions, Resource: resources, Condition: INSECURE_TRANSPORT } as const;
}
