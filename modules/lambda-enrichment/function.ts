import { Construct } from "constructs";
import { AssetType, TerraformAsset, Token } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { Label } from "../shared/label";
import type { Grantee, PolicyStatement } from "../shared/policy";
import { ServiceRole } from "../shared/service-role";
import { assertIntegerInRange, assertLogRetentionDays, assertOneOf } from "../shared/validate";
import {
  ARCHITECTURES,
  DEFAULT_ARCHITECTURE,
  DEFAULT_LOG_RETENTION_DAYS,
  DEFAULT_MEMORY_SIZE_MB,
  DEFAULT_RUNTIME,
  DEFAULT_TIMEOUT_SECONDS,
  MAX_MEMORY_SIZE_MB,
  MAX_TIMEOUT_SECONDS,
  MIN_MEMORY_SIZE_MB,
  SUPPORTED_RUNTIMES,
  type LambdaArchitecture,
  type LambdaRuntime,
  MIN_RESERVED_CONCURRENCY,
} from "./defaults";
import { assertFunctionCode, type FunctionCode } from "./code";
import { assertValidEnvironment } from "./environment";

/**
 * The function settings every Lambda module takes (lambda-enrichment, http-ingest-api), declared
 * once. A module whose defaults differ redeclares that prop with its own `@default`.
 */
export interface FunctionOptions {
  /**
   * The deployment package: `functionCodeFromZip(path)` for any zip, or `bundleHandler(entry)`
   * from the `bundling` entry point for a handler file.
   */
  readonly code: FunctionCode;
  /**
   * @default "nodejs22.x"
   */
  readonly runtime?: LambdaRuntime;
  /**
   * @default "arm64"
   */
  readonly architecture?: LambdaArchitecture;
  /**
   * Memory in MB, 128 to 10,240 (CPU grows with it).
   * @default 256
   */
  readonly memorySizeMb?: number;
  /**
   * Timeout in seconds, 1 to 900 (callers may lower the ceiling, e.g. API Gateway's 30 s).
   * @default 60
   */
  readonly timeoutSeconds?: number;
  /**
   * Concurrency reserved for (and capping) the function, at least 1, or `"unreserved"` to share
   * the account's pool (checkov CKV_AWS_115 flags that).
   * @default 10
   */
  readonly reservedConcurrentExecutions?: number | "unreserved";
  /**
   * X-Ray tracing: `Active` samples and sends traces (the role gets the X-Ray write actions).
   * @default "Active"
   */
  readonly tracing?: "Active" | "PassThrough";
  /**
   * Environment variables; keys `[a-zA-Z][a-zA-Z0-9_]+`, none reserved by Lambda, 4 KB in all.
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Retention of `/aws/lambda/<function name>`, one of the values CloudWatch Logs accepts.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * @default - no extra tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Props for {@link PlatformFunction}. */
export interface PlatformFunctionProps extends Omit<FunctionOptions, "reservedConcurrentExecutions"> {
  /** Naming context; the function is named `label.id("lambdaFunction")`, its role `label.id("iamRole")`. */
  readonly label: Label;
  /** Concurrency reserved for the function (each module applies its own default). */
  readonly reservedConcurrentExecutions: number | "unreserved";
  /**
   * Largest timeout the caller's event source allows (e.g. 29 behind API Gateway's 30 s limit).
   * @default 900
   */
  readonly maxTimeoutSeconds?: number;
  /**
   * @default - "Managed by the streaming platform"
   */
  readonly description?: string;
}

/** The {@link FunctionOptions} of a module's props, to hand to {@link PlatformFunction} as they are. */
export function functionOptionsOf(props: FunctionOptions): FunctionOptions {
  return {
    code: props.code,
    runtime: props.runtime,
    architecture: props.architecture,
    memorySizeMb: props.memorySizeMb,
    timeoutSeconds: props.timeoutSeconds,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    tracing: props.tracing,
    environment: props.environment,
    logRetentionDays: props.logRetentionDays,
    tags: props.tags,
  };
}

/**
 * One Lambda function as every module deploys it: the given zip shipped as a Terraform asset with
 * its source hash (the same source never shows a diff), its log group created first with a
 * retention (so Lambda never creates an unmanaged one), and a role allowed to write to that
 * group only. Shared by lambda-enrichment and http-ingest-api.
 */
export class PlatformFunction extends Construct implements Grantee {
  /** `label.id("lambdaFunction")` */
  readonly functionName: string;
  readonly functionArn: string;
  /** The ARN API Gateway invokes. */
  readonly invokeArn: string;
  /** `label.id("iamRole")` */
  readonly roleName: string;
  readonly roleArn: string;
  /** `/aws/lambda/<functionName>` */
  readonly logGroupName: string;
  /** The Terraform resource, for `dependsOn`. */
  readonly resource: LambdaFunction;
  private readonly role: ServiceRole;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    super(scope, id);
    const code = assertFunctionCode("code", props.code);
    const runtime = props.runtime ?? DEFAULT_RUNTIME;
    assertOneOf("runtime", runtime, SUPPORTED_RUNTIMES);
    const architecture = props.architecture ?? DEFAULT_ARCHITECTURE;
    assertOneOf("architecture", architecture, ARCHITECTURES);
    const memorySizeMb = props.memorySizeMb ?? DEFAULT_MEMORY_SIZE_MB;
    assertIntegerInRange("memorySizeMb", memorySizeMb, MIN_MEMORY_SIZE_MB, MAX_MEMORY_SIZE_MB, "MB");
    const timeoutSeconds = props.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    assertIntegerInRange("timeoutSeconds", timeoutSeconds, 1, props.maxTimeoutSeconds ?? MAX_TIMEOUT_SECONDS, "seconds");
    const reserved = props.reservedConcurrentExecutions;
    if (reserved !== "unreserved" && !Token.isUnresolved(reserved) && (!Number.isInteger(reserved) || reserved < MIN_RESERVED_CONCURRENCY)) {
      throw new Error(
        `reservedConcurrentExecutions must be a whole number of at least ${MIN_RESERVED_CONCURRENCY} (0 stops every invocation) or "unreserved", got ${reserved}`,
      );
    }
    const logRetentionDays = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    assertLogRetentionDays("logRetentionDays", logRetentionDays);
    assertValidEnvironment("environment", props.environment ?? {});
    // The bundles ship a source map: stack traces in the logs then point at the TypeScript source.
    const environment = { NODE_OPTIONS: "--enable-source-maps", ...props.environment };

    this.functionName = props.label.id("lambdaFunction");
    this.logGroupName = `/aws/lambda/${this.functionName}`;
    const tags = props.tags ? { ...props.tags } : undefined;
    const logGroup = new CloudwatchLogGroup(this, "LogGroup", { name: this.logGroupName, retentionInDays: logRetentionDays, tags });
    this.role = new ServiceRole(this, "ServiceRole", {
      label: props.label,
      servicePrincipal: "lambda.amazonaws.com",
      description: `Execution role of Lambda function ${this.functionName}`,
      tags,
    });
    this.roleArn = this.role.roleArn;
    this.roleName = this.role.roleName;
    this.addToPolicy({
      sid: "WriteOwnLogs",
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [`${logGroup.arn}:*`],
    });
    const tracing = props.tracing ?? "Active";
    if (tracing === "Active") {
      this.addToPolicy({
        sid: "WriteTraces",
        actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
        resources: ["*"],
        wildcardReason: "X-Ray's write actions support no resource-level permissions",
      });
    }

    const asset = new TerraformAsset(this, "Code", { path: code.zipPath, type: AssetType.FILE });
    this.resource = new LambdaFunction(this, "Resource", {
      functionName: this.functionName,
      description: props.description ?? "Managed by the streaming platform",
      role: this.role.roleArn,
      runtime,
      architectures: [architecture],
      handler: code.handler,
      filename: asset.path,
      sourceCodeHash: props.code.sourceCodeHash,
      memorySize: memorySizeMb,
      timeout: timeoutSeconds,
      reservedConcurrentExecutions: reserved === "unreserved" ? -1 : reserved,
      tracingConfig: { mode: tracing },
      environment: Object.keys(environment).length > 0 ? { variables: { ...environment } } : undefined,
      tags,
      // The group must exist first, or Lambda creates /aws/lambda/<name> itself, unmanaged and never expiring.
      dependsOn: [logGroup],
    });
    this.functionArn = this.resource.arn;
    this.invokeArn = this.resource.invokeArn;
  }

  /** Adds a statement to the function role's least-privilege policy. */
  addToPolicy(statement: PolicyStatement): void {
    this.role.addToPolicy(statement);
  }

  /**
   * The role's inline policy resource, so a resource AWS validates against the role's permissions
   * at creation (an event source mapping) can depend on it.
   */
  get policyResource(): IamRolePolicy | undefined {
    // ServiceRole creates its policy as child "Policy" on the first grant.
    return this.role.policyResource;
  }
}
