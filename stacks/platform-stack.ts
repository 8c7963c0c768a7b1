import type { Construct } from "constructs";
import { LocalBackend, S3Backend, TerraformElement, TerraformStack } from "cdktf";
import type { Node } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { AwsLocation } from "../modules/shared/arn";
import type { Label } from "../modules/shared/label";
import type { EnvironmentConfig } from "../envs/schema/environment";
import type { DeploymentMode } from "./deployment";
import { localStatePath, providerTargetSettings } from "./provider-settings";
import { componentLabel, locationOf, stackName } from "./naming";

/** What every stack of the platform is given. */
export interface PlatformStackProps {
  readonly env: EnvironmentConfig;
  /** The pipeline, or `platform` for environment-wide stacks. */
  readonly pipeline: string;
  /** The component this stack deploys, e.g. `stream`, `archive`. */
  readonly component: string;
  readonly mode: DeploymentMode;
}

/**
 * One component of one pipeline of one environment: its own state, its own provider with default
 * tags, deployable alone. Cross-stack references are names and ARNs derived from labels, never
 * remote state, so every stack plans before anything is deployed.
 */
export class PlatformStack extends TerraformStack {
  readonly env: EnvironmentConfig;
  readonly location: AwsLocation;
  /** Names every resource of this component. */
  readonly label: Label;
  readonly provider: AwsProvider;
  /** Where this stack deploys: real AWS, plan-only or the local AWS API. */
  readonly mode: DeploymentMode;

  constructor(scope: Construct, props: PlatformStackProps) {
    const name = stackName(props.env, props.pipeline, props.component);
    super(scope, name);
    this.env = props.env;
    this.location = locationOf(props.env);
    this.label = componentLabel(props.env, props.pipeline, props.component);
    this.provider = new AwsProvider(this, "aws", {
      region: props.env.region,
      defaultTags: [{ tags: platformTags(props) }],
      ...providerTargetSettings(props.mode, props.env.accountId),
    });
    this.mode = props.mode;
    if (props.mode === "plan-only") {
      new LocalBackend(this, { path: "terraform.tfstate" });
    } else if (props.mode === "local") {
      new LocalBackend(this, { path: localStatePath(props.env.name, name) });
    } else {
      new S3Backend(this, {
        bucket: props.env.state.bucket,
        key: `${props.env.state.keyPrefix}/${name}/terraform.tfstate`,
        region: props.env.state.region ?? props.env.region,
        encrypt: true,
      });
      // Terraform's native S3 lock file (no DynamoDB table); cdktf 0.21 has no typed option for it yet.
      this.addOverride("terraform.backend.s3.use_lockfile", true);
    }
  }

  /**
   * Readable Terraform addresses for reviewers: the construct path in snake_case
   * (`aws_kinesis_stream.stream_resource`) instead of cdktf's hashed ids. Construct ids are stable,
   * so addresses are too; renaming a construct id replaces its resource.
   */
  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const path = node.scopes.slice(node.scopes.indexOf(this) + 1).map((scope) => scope.node.id);
    return readableLogicalId(path);
  }

  /** Another stack of the same pipeline, named as it is named: for names and ARNs derived from labels. */
  labelOf(pipeline: string, component: string): Label {
    return componentLabel(this.env, pipeline, component);
  }
}

/** Tags set once through the provider: environment tags first, then the platform's own, which win. */
export function platformTags(props: PlatformStackProps): Record<string, string> {
  return {
    ...props.env.tags,
    project: props.env.tags.project ?? "streaming-platform",
    environment: props.env.name,
    pipeline: props.pipeline,
    component: props.component,
    "managed-by": "cdktf",
  };
}

/** `["Stream", "Key", "Resource"]` → `stream_key_resource`. */
export function readableLogicalId(path: readonly string[]): string {
  return path
    .map((id) => id.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]+/g, "_").toLowerCase())
    .join("_")
    .replace(/_+/g, "_")
    .replace(/^_|_$/g, "");
}
