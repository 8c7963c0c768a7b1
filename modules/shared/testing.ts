import { App, TerraformStack, Testing } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { AwsLocation } from "./arn";
import type { RenderedStatement } from "./policy";

/** The location every module test synthesizes into. */
export const TEST_LOCATION: AwsLocation = { partition: "aws", region: "eu-west-1", accountId: "111122223333" };

/** A stack with an AWS provider, ready for a module under test. */
export function testStack(): TerraformStack {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: TEST_LOCATION.region });
  return stack;
}

/** A resource's synthesized properties, keyed by Terraform name. */
export type ResourceBlock = Record<string, any>;

/** The parsed `cdk.tf.json` of a stack, with small lookups for assertions. */
export class Synthesized {
  readonly json: { resource?: Record<string, Record<string, ResourceBlock>>; data?: Record<string, Record<string, ResourceBlock>>; output?: Record<string, ResourceBlock> };

  constructor(stack: TerraformStack) {
    this.json = JSON.parse(Testing.synth(stack));
  }

  /** All resources of one type, by Terraform name. */
  resources(type: string): Record<string, ResourceBlock> {
    return this.json.resource?.[type] ?? {};
  }

  /** The one resource of this type; fails when there are none or several. */
  only(type: string): ResourceBlock {
    const all = Object.values(this.resources(type));
    if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
    return all[0]!;
  }

  /** How many resources of this type the stack holds. */
  count(type: string): number {
    return Object.keys(this.resources(type)).length;
  }

  /** The statements of every inline role policy, parsed from their JSON. */
  rolePolicyStatements(): RenderedStatement[] {
    return Object.values(this.resources("aws_iam_role_policy")).flatMap(
      (policy) => JSON.parse(policy.policy as string).Statement as RenderedStatement[],
    );
  }

  /** Statements granting a given action, to assert what a grant produced. */
  statementsWithAction(action: string): RenderedStatement[] {
    return this.rolePolicyStatements().filter((statement) => statement.Action.includes(action));
  }
}

/** Synthesizes a stack and parses the result. */
export function synth(stack: TerraformStack): Synthesized {
  return new Synthesized(stack);
}

/**
 * The construct paths below `scope` (excluding the provider), to pin construct ids in a test:
 * ids become Terraform addresses, so renaming one replaces a resource.
 */
export function constructTree(scope: Construct): string[] {
  return scope.node
    .findAll()
    .map((construct) => construct.node.path)
    .filter((path) => path !== scope.node.path && !path.endsWith("/aws"))
    .sort();
}
