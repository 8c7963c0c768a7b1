import { Testing } from "cdktf";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ENVS_DIR, loadEnvironment } from "../envs/load";
import type { EnvironmentConfig } from "../envs/schema/environment";
import type { RenderedStatement } from "../modules/shared/policy";
import { type ResourceBlock, Synthesized } from "../modules/shared/testing";
import { type PlannedStack, buildEnvironmentStacks } from "./app";
import type { DeploymentMode } from "./deployment";

/** One planned stack, synthesized on first use and parsed, with lookups for exact assertions. */
export class SynthesizedStack extends Synthesized {
  /** The whole `cdk.tf.json`, including `terraform` and `provider`. */
  readonly raw: Record<string, any>;

  constructor(readonly planned: PlannedStack) {
    super(planned.stack);
    this.raw = this.json as Record<string, any>;
  }

  /** The resource `<type>.<name>`; fails naming what the stack holds when it is missing. */
  resource(type: string, name: string): ResourceBlock {
    const found = this.resources(type)[name];
    if (!found) throw new Error(`${this.planned.name}: no ${type}.${name}; found ${Object.keys(this.resources(type)).join(", ") || "none"}`);
    return found;
  }

  /** The statements of the inline policy `aws_iam_role_policy.<name>`. */
  statements(policyName: string): RenderedStatement[] {
    return JSON.parse(this.resource("aws_iam_role_policy", policyName).policy as string).Statement as RenderedStatement[];
  }

  /** The one role-policy statement granting `action`; fails when none or several do. */
  statementWith(action: string): RenderedStatement {
    const found = this.statementsWithAction(action);
    if (found.length !== 1) throw new Error(`${this.planned.name}: expected one statement granting ${action}, found ${found.length}`);
    return found[0]!;
  }

  /** The alarm `aws_cloudwatch_metric_alarm.alarms_<suffix>` of an alarms stack. */
  alarm(suffix: string): ResourceBlock {
    return this.resource("aws_cloudwatch_metric_alarm", `alarms_${suffix}`);
  }

  /** `<data type>.<name>` of every data source the stack reads at plan time. */
  dataSources(): string[] {
    const data = (this.raw.data ?? {}) as Record<string, Record<string, unknown>>;
    return Object.entries(data).flatMap(([type, blocks]) => Object.keys(blocks).map((name) => `${type}.${name}`));
  }
}

/** Every stack an environment produces, in deployment order, each synthesized lazily and once. */
export class SynthesizedEnvironment {
  private readonly cache = new Map<string, SynthesizedStack>();

  constructor(readonly env: EnvironmentConfig, readonly planned: readonly PlannedStack[]) {}

  /** Stack names in deployment order. */
  get names(): string[] {
    return this.planned.map((stack) => stack.name);
  }

  /** `<env>-<pipeline>-<component>`, synthesized. */
  stack(pipeline: string, component: string): SynthesizedStack {
    return this.byName(`${this.env.name}-${pipeline}-${component}`);
  }

  /** A stack by its full name, synthesized. */
  byName(name: string): SynthesizedStack {
    let synthesized = this.cache.get(name);
    if (!synthesized) {
      const planned = this.planned.find((stack) => stack.name === name);
      if (!planned) throw new Error(`no stack ${name}; the environment has ${this.names.join(", ")}`);
      synthesized = new SynthesizedStack(planned);
      this.cache.set(name, synthesized);
    }
    return synthesized;
  }

  /** Every stack, synthesized, in deployment order. */
  all(): SynthesizedStack[] {
    return this.names.map((name) => this.byName(name));
  }

  /** `arn:aws:<service>:<region>:<account>:<resource>` in this environment. */
  arn(service: string, resource: string): string {
    return `arn:aws:${service}:${this.env.region}:${this.env.accountId}:${resource}`;
  }
}

/** Loads an environment (from `envs/` unless `envsDir` is given) and builds its stacks in a fresh app. */
export function buildEnvironment(name: string, options: { envsDir?: string; mode?: DeploymentMode } = {}): SynthesizedEnvironment {
  const env = loadEnvironment(name, options.envsDir);
  return new SynthesizedEnvironment(env, buildEnvironmentStacks(Testing.app(), env, options.mode ?? "deploy"));
}

/**
 * A throw-away envs folder: `defaults.yaml` and the given catalog files copied from `envs/`, plus
 * the given environment files (name → YAML text). Returns the folder for `loadEnvironment(name, dir)`.
 */
export function temporaryEnvsDir(catalogFiles: readonly string[], environments: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "envs-"));
  for (const file of ["defaults.yaml", ...catalogFiles]) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(ENVS_DIR, file), join(dir, file));
  }
  for (const [name, text] of Object.entries(environments)) writeFileSync(join(dir, `${name}.yaml`), text);
  return dir;
}
