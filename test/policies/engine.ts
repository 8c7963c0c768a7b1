/** One resource block of a synthesized `cdk.tf.json`: the attributes exactly as Terraform reads them. */
export type TfResource = Readonly<Record<string, unknown>>;

/** The parts of a synthesized `cdk.tf.json` the policies read. */
export interface StackJson {
  readonly "//"?: { readonly metadata?: { readonly stackName?: string } };
  readonly resource?: Readonly<Record<string, Readonly<Record<string, TfResource>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, TfResource>>>>;
}

/** A resource (or data source) of a stack with its Terraform address. */
export interface StackEntry {
  readonly type: string;
  readonly name: string;
  /** `<stack>:<type>.<name>`, or `<stack>:data.<type>.<name>` for a data source. */
  readonly address: string;
  readonly resource: TfResource;
}

/** What a rule sees beside the resource it checks: the whole stack, to find related resources. */
export interface RuleContext {
  readonly stackName: string;
  /** The checked resource itself. */
  readonly self: StackEntry;
  readonly stack: StackJson;
  /** Every resource of `type` in the stack. */
  resources(type: string): StackEntry[];
  /** The resource or data source a `${type.name.attribute}` reference points to, if it is in this stack. */
  resolve(value: unknown): StackEntry | undefined;
  /**
   * Resources of `type` whose `attribute` designates the checked resource: a reference to any of its
   * attributes (`${aws_s3_bucket.archive.id}`, `.bucket`, `.arn`), or the literal `identity` (its name).
   */
  related(type: string, attribute: string, identity?: unknown): StackEntry[];
}

/** A named check over one or more resource types, in the style of a checkov policy. */
export interface Rule {
  /** The checkov id where checkov has the same check (`CKV_AWS_43`), else a `PLATFORM_*` id. */
  readonly id: string;
  readonly title: string;
  readonly resourceTypes: readonly string[];
  /** `undefined` when the resource complies, else why it does not. */
  check(resource: TfResource, context: RuleContext): string | undefined;
}

/** One resource that breaks one rule. */
export interface Finding {
  readonly ruleId: string;
  readonly address: string;
  readonly reason: string;
}

/** A parsed `${type.name.attribute}` (or `${data.type.name.attribute}`) reference. */
export interface Reference {
  readonly data: boolean;
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
}

const REFERENCE = /^\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_.[\]"-]+)\}$/;

/** Parses a value that is exactly one Terraform reference; `undefined` for literals and expressions. */
export function parseReference(value: unknown): Reference | undefined {
  if (typeof value !== "string") return undefined;
  const match = REFERENCE.exec(value);
  if (!match) return undefined;
  const [, data, type, name, attribute] = match;
  return { data: data !== undefined, type: type ?? "", name: name ?? "", attribute: attribute ?? "" };
}

/** A nested block as a list: cdktf writes a single block as an object and repeated blocks as an array. */
export function blocks(value: unknown): Record<string, unknown>[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return items.filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null && !Array.isArray(item));
}

/** The first nested block under `path` (each step through {@link blocks}), or `undefined`. */
export function block(value: unknown, ...path: string[]): Record<string, unknown> | undefined {
  let current: Record<string, unknown> | undefined = blocks(value)[0];
  for (const key of path) current = current === undefined ? undefined : blocks(current[key])[0];
  return current;
}

/** The stack's name from its synthesized metadata. */
export function stackNameOf(stack: StackJson): string {
  return stack["//"]?.metadata?.stackName ?? "stack";
}

function entriesOf(stack: StackJson, stackName: string, kind: "resource" | "data"): StackEntry[] {
  const prefix = kind === "data" ? "data." : "";
  return Object.entries(stack[kind] ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, resource]) => ({ type, name, resource, address: `${stackName}:${prefix}${type}.${name}` })),
  );
}

function createContext(stack: StackJson, stackName: string, all: StackEntry[], data: StackEntry[], self: StackEntry): RuleContext {
  const resources = (type: string) => all.filter((entry) => entry.type === type);
  return {
    stackName,
    self,
    stack,
    resources,
    resolve(value) {
      const reference = parseReference(value);
      if (!reference) return undefined;
      return (reference.data ? data : all).find((entry) => entry.type === reference.type && entry.name === reference.name);
    },
    related(type, attribute, identity) {
      return resources(type).filter((entry) => {
        const value = entry.resource[attribute];
        const reference = parseReference(value);
        if (reference) return !reference.data && reference.type === self.type && reference.name === self.name;
        return identity !== undefined && value === identity;
      });
    },
  };
}

/** Runs every rule over every resource of its types in the stack; the findings in stack order. */
export function runPolicies(stack: StackJson, rules: readonly Rule[], stackName = stackNameOf(stack)): Finding[] {
  const all = entriesOf(stack, stackName, "resource");
  const data = entriesOf(stack, stackName, "data");
  const findings: Finding[] = [];
  for (const entry of all) {
    const context = createContext(stack, stackName, all, data, entry);
    for (const rule of rules.filter((r) => r.resourceTypes.includes(entry.type))) {
      const reason = rule.check(entry.resource, context);
      if (reason !== undefined) findings.push({ ruleId: rule.id, address: entry.address, reason });
    }
  }
  return findings;
}

/** One `ruleId address reason` line per finding, for a failure message a reader can act on. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.ruleId} ${f.address} ${f.reason}`).join("\n");
}
