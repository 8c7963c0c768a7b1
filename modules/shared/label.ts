import { createHash } from "node:crypto";

/**
 * The longest name each AWS service accepts for the resources we create.
 * Names are cut to these, with a stable hash, rather than failing at apply.
 */
export const NAME_LIMITS = {
  kinesisStream: 128,
  kinesisConsumer: 128,
  firehoseDeliveryStream: 64,
  lambdaFunction: 64,
  iamRole: 64,
  iamPolicy: 128,
  s3Bucket: 63,
  openSearchDomain: 28,
  openSearchCollection: 32,
  dynamoDbTable: 255,
  snsTopic: 256,
  sqsQueue: 80,
  logGroup: 512,
  cloudWatchAlarm: 255,
  cloudWatchDashboard: 255,
  kmsAlias: 250,
  flinkApplication: 128,
  apiGateway: 128,
  securityGroup: 255,
} as const;

/** A service whose name limit is known, or an explicit maximum length. */
export type NameLimit = keyof typeof NAME_LIMITS | number;

/** The parts a name is made of, in the spirit of cloudposse's null-label. */
export interface LabelContext {
  /** Organisation or product prefix, e.g. `acme`. */
  readonly namespace: string;
  /** Environment name, e.g. `dev`, `prod`. */
  readonly environment: string;
  /**
   * Deployment stage, e.g. `blue`, `eu1`.
   * @default - no stage part
   */
  readonly stage?: string;
  /**
   * The pipeline (or other unit) the resources belong to.
   * @default - no name part
   */
  readonly name?: string;
  /**
   * Further qualifiers appended in order, e.g. the component and resource role.
   * @default []
   */
  readonly attributes?: readonly string[];
}

const HASH_LENGTH = 6;

/** Lower-cases and keeps only `[a-z0-9-]`, collapsing and trimming dashes. */
export function normalizeLabelPart(part: string): string {
  return part
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-|-$/g, "");
}

/**
 * One naming scheme for every resource: `namespace-environment-stage-name-attributes`,
 * lower-case, cut to each service's limit with a short stable hash when it must cut,
 * so two long names never collide after truncation.
 */
export class Label {
  /** The normalized parts, empty ones dropped, in their fixed order. */
  readonly parts: readonly string[];

  constructor(readonly context: LabelContext) {
    this.parts = [context.namespace, context.environment, context.stage, context.name, ...(context.attributes ?? [])]
      .filter((part): part is string => part !== undefined && part !== "")
      .map(normalizeLabelPart)
      .filter((part) => part.length > 0);
    if (this.parts.length === 0) {
      throw new Error("Label needs at least one non-empty part (namespace, environment, ...)");
    }
  }

  /** A label with more attributes appended, e.g. `label.with("dlq")`. */
  with(...attributes: string[]): Label {
    return new Label({ ...this.context, attributes: [...(this.context.attributes ?? []), ...attributes] });
  }

  /**
   * The resource name within `limit` characters.
   * @param limit a service from {@link NAME_LIMITS} or a number
   * @param delimiter `-` for most services; `_` where a service refuses dashes
   */
  id(limit: NameLimit = 255, delimiter = "-"): string {
    const max = typeof limit === "number" ? limit : NAME_LIMITS[limit];
    const full = this.parts.join(delimiter);
    if (full.length <= max) return full;
    const hash = createHash("sha256").update(full).digest("hex").slice(0, HASH_LENGTH);
    const keep = max - HASH_LENGTH - delimiter.length;
    const head = full.slice(0, keep).replace(/[-_.]+$/, "");
    return `${head}${delimiter}${hash}`;
  }
}
