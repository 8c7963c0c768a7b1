import type { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Fails unless every address looks like an e-mail address (at most 254 characters) and none
 * repeats, ignoring case: SNS would subscribe a repeated address once, and its construct id twice.
 */
export function assertEmails(name: string, emails: readonly string[]): void {
  const seen = new Set<string>();
  for (const email of emails) {
    if (!EMAIL.test(email) || email.length > 254) throw new Error(`${name} must hold e-mail addresses (local@domain.tld), got "${email}"`);
    const key = email.toLowerCase();
    if (seen.has(key)) throw new Error(`${name} lists "${email}" twice`);
    seen.add(key);
  }
}

/**
 * One e-mail subscription per address, each a child of `scope` keyed by the address, so adding
 * one never replaces another. Each address stays "pending confirmation" until its owner confirms.
 */
export function subscribeEmails(scope: Construct, topicArn: string, emails: readonly string[], provider?: TerraformProvider): void {
  for (const email of emails) {
    new SnsTopicSubscription(scope, email, { ...(provider ? { provider } : {}), topicArn, protocol: "email", endpoint: email });
  }
}
