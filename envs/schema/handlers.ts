import { PROCESSOR_CONTRACTS } from "../../functions/contracts";
import { type HandlerAccess, type HandlerContract, settingsSchema } from "../../functions/shared/contract";
import { closest } from "../did-you-mean";
import { describeFound } from "../errors";

/** One of the functions shipped in `functions/` that a processor can run. */
export type HandlerName = keyof typeof PROCESSOR_CONTRACTS;

/** Functions shipped in `functions/` that a processor can run. */
export const HANDLERS = Object.keys(PROCESSOR_CONTRACTS) as [HandlerName, ...HandlerName[]];

/** The contract of a handler (its `functions/<handler>/contract.ts`). */
export function contractOf(handler: HandlerName): HandlerContract {
  return PROCESSOR_CONTRACTS[handler];
}

/** What a handler cannot run without, besides its source stream: each becomes a required processor field. */
export interface HandlerNeeds {
  /** A table of the pipeline (`table:`), and why. */
  readonly table?: string;
  /** The key attributes the handler writes, when it owns the table's items. */
  readonly tableKey?: { readonly partitionKey: string; readonly sortKey: string };
  /** The expiry attribute the handler writes on its items: the table's `ttlAttribute` must be it when set. */
  readonly ttlAttribute?: string;
  /** An alert topic (`alertTopic: true`), and why. */
  readonly alertTopic?: string;
  /** The pipeline's output stream (`writesToOutputStream: true`), and why. */
  readonly outputStream?: string;
  /** A JSON Schema file (`schemaFile:`), and why. */
  readonly schemaFile?: string;
}

const why = (access: HandlerAccess[keyof HandlerAccess]) => (access?.why ? `${access.why} ${access.variable}` : undefined);

/**
 * A handler's needs, from the access its contract requires: a processor without them would deploy
 * a function whose every invocation fails on its configuration.
 */
export function handlerNeeds(handler: HandlerName): HandlerNeeds {
  const { access } = contractOf(handler);
  const table = access.lookupTable ?? access.outputTable;
  return {
    table: why(table),
    tableKey: table?.key,
    ttlAttribute: table?.ttlAttribute,
    alertTopic: why(access.alertTopic),
    outputStream: why(access.outputStream),
    schemaFile: why(access.recordSchema),
  };
}

/**
 * The record fields a pipeline may map to its producer's names (`fieldMapping:`), by handler; a
 * handler not listed reads its records in its own shape only.
 */
export const HANDLER_RECORD_FIELDS: Readonly<Partial<Record<HandlerName, readonly string[]>>> = Object.fromEntries(
  HANDLERS.flatMap((handler) => {
    const mapping = contractOf(handler).fields?.fieldMapping;
    return mapping ? [[handler, mapping.recordFields]] : [];
  }),
);

/** A problem with one of a processor's `settings`, relative to `settings`. */
export interface SettingProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * The problems of a processor's `settings`, checked by its handler's strict settings schema as the
 * handler will read them (as text): an unknown key (a typo like `AMOUNT_TRESHOLD` would otherwise
 * leave the default in force) or a value the handler refuses.
 */
export function settingsProblems(handler: HandlerName, settings: Readonly<Record<string, unknown>>): SettingProblem[] {
  const contract = contractOf(handler);
  const text = Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, String(value)]));
  const result = settingsSchema(contract).safeParse(text);
  if (result.success) return [];
  const known = Object.keys(contract.settings);
  return result.error.issues.flatMap((issue): SettingProblem[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => {
        const suggestion = closest(key, known);
        const expected = suggestion ? `did you mean "${suggestion}"?` : known.length > 0 ? `expected one of ${known.join(", ")}` : "it takes none";
        return { path: [key], message: `unknown setting of handler ${handler} (${expected})` };
      });
    }
    const path = issue.path.map((part) => (typeof part === "number" ? part : String(part)));
    return [{ path, message: `${issue.message}, found ${describeFound(settings[String(path[0])])}` }];
  });
}
