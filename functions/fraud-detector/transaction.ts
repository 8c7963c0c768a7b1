import * as z from "zod/mini";
import { en } from "zod/locales";
import { producerFieldName, type FieldMapping } from "./field-mapping";

z.config(en());

const CountrySchema = z.string().check(z.regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 country code (e.g. FR)"));
const IdSchema = z.string().check(z.minLength(1), z.maxLength(128));

/**
 * A card transaction, after the pipeline's field mapping. `timestamp` is ISO 8601 with its UTC
 * offset (`Z` or `+02:00`): the night rule reads the hour in that offset, the local time where the
 * card was used, unless the record carries that local `hour` itself (seed 002's `hora`). One of
 * the two is required.
 */
export const TransactionSchema = z
  .object({
    transaction_id: IdSchema,
    account_id: IdSchema,
    amount: z.number().check(z.nonnegative()),
    /** Optional: seed 002's producer sends none. */
    currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/, "expected an ISO 4217 currency code (e.g. EUR)"))),
    /** Where the transaction took place. */
    country: CountrySchema,
    /** The account's home country. */
    account_country: CountrySchema,
    timestamp: z.optional(z.iso.datetime({ offset: true })),
    /** The local hour (0-23) of the transaction; when present, the night rule reads it instead of the timestamp. */
    hour: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(23))),
    merchant: z.optional(z.string().check(z.maxLength(256))),
  })
  .check(
    z.refine((t) => t.timestamp !== undefined || t.hour !== undefined, {
      message: "expected a timestamp with its UTC offset or a local hour, found neither",
      path: ["timestamp"],
      // `when` runs the check on records whose other fields failed, so every problem is listed.
      when: (payload) => typeof payload.value === "object" && payload.value !== null,
    }),
  );

/** A validated transaction. */
export type Transaction = z.infer<typeof TransactionSchema>;

/**
 * One line per problem, naming the producer's field: `monto (amount): Too small: expected number
 * to be >=0`.
 */
export function describeIssues(error: z.core.$ZodError, mapping: FieldMapping = {}): string {
  return error.issues
    .map((issue) => {
      const [head, ...rest] = issue.path.map(String);
      const field = head === undefined ? "(record)" : [producerFieldName(head, mapping), ...rest].join(".");
      return `${field}: ${issue.message}`;
    })
    .join("; ");
}
