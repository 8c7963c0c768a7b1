import * as z from "zod/mini";
import { en } from "zod/locales";

z.config(en());

const CountrySchema = z.string().check(z.regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 country code (e.g. FR)"));
const IdSchema = z.string().check(z.minLength(1), z.maxLength(128));

/**
 * A card transaction. `timestamp` is ISO 8601 with its UTC offset (`Z` or `+02:00`): the night
 * rule reads the hour in that offset, the local time where the card was used.
 */
export const TransactionSchema = z.object({
  transaction_id: IdSchema,
  account_id: IdSchema,
  amount: z.number().check(z.nonnegative()),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, "expected an ISO 4217 currency code (e.g. EUR)")),
  /** Where the transaction took place. */
  country: CountrySchema,
  /** The account's home country. */
  account_country: CountrySchema,
  timestamp: z.iso.datetime({ offset: true }),
  merchant: z.optional(z.string().check(z.maxLength(256))),
});

/** A validated transaction. */
export type Transaction = z.infer<typeof TransactionSchema>;

/** One line per problem: `amount: Too small: expected number to be >=0`. */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(record)"}: ${issue.message}`).join("; ");
}
