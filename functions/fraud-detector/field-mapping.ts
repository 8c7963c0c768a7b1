/**
 * The fields of a transaction, as the rules read them; a pipeline's field mapping names, for any
 * of them, the producer's field that holds it.
 */
export const TRANSACTION_FIELDS = [
  "transaction_id", "account_id", "amount", "currency", "country", "account_country", "timestamp", "hour", "merchant",
] as const;

/** One of {@link TRANSACTION_FIELDS}. */
export type TransactionField = (typeof TRANSACTION_FIELDS)[number];

/** Producer field name by transaction field, e.g. `{ amount: "monto" }`; unmapped fields keep their own name. */
export type FieldMapping = Readonly<Partial<Record<TransactionField, string>>>;

/** Seed 002's producer shape, for documentation and tests. */
export const SEED_002_FIELD_MAPPING: FieldMapping = {
  transaction_id: "txn_id",
  account_id: "cliente_id",
  amount: "monto",
  country: "pais",
  account_country: "pais_cuenta",
  hour: "hora",
};

/**
 * The record in the transaction shape: each transaction field read from its mapped producer field
 * (or its own name). Other producer fields are dropped; a value that is not an object is returned
 * unchanged, for the schema to refuse.
 */
export function applyFieldMapping(value: unknown, mapping: FieldMapping): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  const mapped: Record<string, unknown> = {};
  for (const field of TRANSACTION_FIELDS) {
    const source = mapping[field] ?? field;
    if (Object.prototype.hasOwnProperty.call(record, source)) mapped[field] = record[source];
  }
  return mapped;
}

/** How a problem names a field: the producer's name, with the transaction field when they differ (`monto (amount)`). */
export function producerFieldName(field: string, mapping: FieldMapping): string {
  const source = mapping[field as TransactionField];
  return source === undefined || source === field ? field : `${source} (${field})`;
}

/**
 * A transaction as the producer names its fields: the inverse of {@link applyFieldMapping}, for test
 * records sent to a deployed pipeline.
 */
export function toProducerShape(transaction: Readonly<Partial<Record<TransactionField, unknown>>>, mapping: FieldMapping): Record<string, unknown> {
  return Object.fromEntries(Object.entries(transaction).map(([field, value]) => [mapping[field as TransactionField] ?? field, value]));
}
