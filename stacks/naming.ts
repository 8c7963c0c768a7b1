import { Label } from "../modules/shared/label";
import { type AwsLocation, partitionOf } from "../modules/shared/arn";
import type { EnvironmentConfig } from "../envs/schema/environment";

/** `<env>-<pipeline>-<component>`: the stack's name, its state key and its `cdktf deploy` argument. */
export function stackName(env: Pick<EnvironmentConfig, "name">, pipeline: string, component: string): string {
  return `${env.name}-${pipeline}-${component}`;
}

/** The label every resource of one component is named from: namespace-env-stage-pipeline-component. */
export function componentLabel(env: EnvironmentConfig, pipeline: string, component: string): Label {
  return new Label({ namespace: env.namespace, environment: env.name, stage: env.stage, name: pipeline, attributes: [component] });
}

/** The label of environment-wide resources (budget alarm). */
export function environmentLabel(env: EnvironmentConfig, component: string): Label {
  return new Label({ namespace: env.namespace, environment: env.name, stage: env.stage, attributes: [component] });
}

/** Partition, region and account of an environment: enough to build any ARN before deploying. */
export function locationOf(env: EnvironmentConfig): AwsLocation {
  return { partition: partitionOf(env.region), region: env.region, accountId: env.accountId };
}
