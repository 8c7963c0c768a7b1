import { GetPolicyCommand, GetPolicyVersionCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, type IAMClient } from "@aws-sdk/client-iam";
import type { PolicyDocument } from "./iam-policy";

/** IAM returns policy documents URL-encoded (RFC 3986). */
function decodeDocument(document: string): PolicyDocument {
  return JSON.parse(document.startsWith("%7B") || document.startsWith("%7b") ? decodeURIComponent(document) : document) as PolicyDocument;
}

/** Every identity-based policy of a role, as deployed: its inline policies and the default version of each attached managed policy. */
export async function rolePolicies(iam: IAMClient, roleArn: string): Promise<PolicyDocument[]> {
  const roleName = roleArn.slice(roleArn.lastIndexOf("/") + 1);
  const documents: PolicyDocument[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker: marker }));
    for (const policyName of page.PolicyNames ?? []) {
      const { PolicyDocument: document } = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
      if (document) documents.push(decodeDocument(document));
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  do {
    const page = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker: marker }));
    for (const attached of page.AttachedPolicies ?? []) {
      const { Policy: policy } = await iam.send(new GetPolicyCommand({ PolicyArn: attached.PolicyArn }));
      const { PolicyVersion: version } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: attached.PolicyArn, VersionId: policy?.DefaultVersionId }));
      if (version?.Document) documents.push(decodeDocument(version.Document));
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return documents;
}
