import { alertSeverity, type AlertSeverity, type FraudReason } from "./rules";
import type { Transaction } from "./transaction";

/** The alert published for one flagged transaction, with every reason it was flagged for. */
export interface FraudAlert {
  /** Derived from the transaction id: the same transaction always gives the same alert id. */
  readonly alert_id: string;
  readonly severity: AlertSeverity;
  readonly reasons: readonly FraudReason[];
  readonly transaction: Transaction;
  /** Where the transaction was read from. */
  readonly source: { readonly sequenceNumber: string; readonly subSequenceNumber: number };
  readonly detected_at: string;
}

/** The alert of a transaction that broke at least one rule. */
export function buildAlert(
  transaction: Transaction,
  reasons: readonly FraudReason[],
  source: FraudAlert["source"],
  now: Date = new Date(),
): FraudAlert {
  return {
    alert_id: `fraud-${transaction.transaction_id}`,
    severity: alertSeverity(reasons),
    reasons,
    transaction,
    source,
    detected_at: now.toISOString(),
  };
}
