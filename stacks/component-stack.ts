import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { PipelineConfig } from "../envs/schema/pipeline";
import { PlatformStack, type PlatformStackProps } from "./platform-stack";

/** What a pipeline component's stack is given: the environment, the mode and its pipeline's config. */
export interface ComponentStackProps extends Omit<PlatformStackProps, "pipeline"> {
  readonly pipelineConfig: PipelineConfig;
}

/** A stack deploying one component of one pipeline. */
export abstract class ComponentStack extends PlatformStack {
  readonly pipelineConfig: PipelineConfig;

  constructor(scope: Construct, props: ComponentStackProps) {
    super(scope, { ...props, pipeline: props.pipelineConfig.name });
    this.pipelineConfig = props.pipelineConfig;
  }

  /** A stack output named `<module>_<resource>_<attribute>` in snake_case, with its description. */
  protected output(name: string, value: string, description: string): void {
    new TerraformOutput(this, name, { value, description });
  }
}
