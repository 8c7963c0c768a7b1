import * as z from "zod/mini";
import { en } from "zod/locales";

// zod/mini, as the handlers: the contracts are imported at synth too, and must stay free of the
// AWS SDK and Powertools (only this file, zod and the handler's own contract.ts).
z.config(en());

/** Namespace of the metrics every handler publishes in EMF; the alarms read them there. */
export const METRICS_NAMESPACE = "StreamingPlatform";

/** A resource the stack gives the handler, and the variable it names it in. */
export interface AccessVariable {
  /** The environment variable holding the resource's name, ARN or URL. */
  readonly variable: string;
  /** Why the handler needs it, completed by the variable: `it writes valid events to` (EVENTS_TABLE_NAME). */
  readonly why?: string;
}

/** A table the handler reads or writes. */
export interface TableAccess extends AccessVariable {
  /** The key attributes the handler writes, when it owns the table's items (both strings). */
  readonly key?: { readonly partitionKey: string; readonly sortKey: string };
  /** The expiry attribute the handler writes on its items: the table's `ttlAttribute` must be it when set. */
  readonly ttlAttribute?: string;
}

/**
 * What a handler reaches besides its source stream: the stack grants each entry and sets its
 * variable; an entry with `why` is required, so a processor without it is refused at synth.
 */
export interface HandlerAccess {
  /** A table of the pipeline it reads with BatchGetItem. */
  readonly lookupTable?: TableAccess;
  /** A table of the pipeline it writes with BatchWriteItem. */
  readonly outputTable?: TableAccess;
  /** The pipeline's output stream, written with PutRecords. */
  readonly outputStream?: AccessVariable;
  /** An SNS topic the processor's stack creates, published to. */
  readonly alertTopic?: AccessVariable;
  /** The function's own queue for records no retry can fix (dead-letter/1). */
  readonly deadLetterStore?: AccessVariable;
  /** A log group the stack creates for the function's output entries. */
  readonly outputLogGroup?: AccessVariable;
  /** The pipeline's JSON Schema file (`schemaFile`), minified into the variable. */
  readonly recordSchema?: AccessVariable;
}

/**
 * Processor fields of the handler's own, beyond `settings`, that the stack passes in a variable;
 * the envs schema refuses them on a handler whose contract does not name them.
 */
export interface HandlerFields {
  /** `fieldMapping:`, producer field names by record field, as JSON (unset: the records' own names). */
  readonly fieldMapping?: { readonly variable: string; readonly recordFields: readonly string[] };
  /** `eventRetentionDays:`, days each item stays before its expiry; always set, `default` when the field is unset. */
  readonly eventRetentionDays?: { readonly variable: string; readonly default: number; readonly max: number };
}

/** A metric pair the alarms turn into a rate (`errors` of `total`, both Count metrics the handler publishes). */
export interface RateMetrics {
  readonly errors: string;
  readonly total: string;
}

/** Variables a handler reads, each a zod/mini schema of the variable's text. */
export type VariableShape = Readonly<Record<string, z.core.$ZodType>>;

/** Everything the stacks, the monitoring and the handler agree on, in the handler's `contract.ts`. */
export interface HandlerContract<S extends VariableShape = VariableShape> {
  /** The folder under `functions/`, the default service name and the prefix of its config errors. */
  readonly handler: string;
  readonly access: HandlerAccess;
  /**
   * What a pipeline may set in a processor's `settings` (passed as variables of the same names),
   * each with its default. Checked strictly at synth, so a misspelt key is refused there.
   */
  readonly settings: S;
  readonly fields?: HandlerFields;
  /** Metrics the alarms watch by name. */
  readonly metrics?: { readonly malformedRate?: RateMetrics };
}

/** Declares a handler's contract (a typed identity: the type keeps the settings' keys). */
export function defineContract<const S extends VariableShape, const C extends HandlerContract<S>>(contract: C & { readonly settings: S }): C {
  return contract;
}

/** The variable names the handler reads: its access variables, its fields' and its settings. */
export function contractVariables(contract: HandlerContract): string[] {
  const fields: { readonly variable: string }[] = Object.values(contract.fields ?? {});
  return [...[...Object.values(contract.access), ...fields].map((entry) => entry.variable), ...Object.keys(contract.settings)];
}

/**
 * The strict schema of a processor's `settings`: unknown keys are refused, values are checked as
 * the handler will read them (as text).
 */
export function settingsSchema(contract: HandlerContract) {
  return z.strictObject(contract.settings);
}

/**
 * The schema of a handler's environment: the given variables (which the contract's access names)
 * and the contract's settings. Not strict: Lambda's environment holds the runtime's variables too,
 * so misspelt settings are refused at synth, by {@link settingsSchema}.
 */
export function environmentSchema<const R extends VariableShape, S extends VariableShape>(contract: HandlerContract<S>, variables: R) {
  return z.object({ ...variables, ...contract.settings } as R & S);
}

/**
 * Logger and Metrics options: the service is the function's name, which the stack sets in
 * POWERTOOLS_SERVICE_NAME and the alarms use as the `service` dimension, so two processors of one
 * handler publish apart; the handler's name only when run outside Lambda (tests, benches).
 */
export function telemetryOptions(contract: HandlerContract, env: Readonly<Record<string, string | undefined>> = process.env) {
  return {
    serviceName: env.POWERTOOLS_SERVICE_NAME || contract.handler,
    namespace: env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE,
  };
}
