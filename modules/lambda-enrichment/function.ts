import { Construct } from "constructs";
import { AssetType, TerraformAsset, Token } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import type { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { bundleFunction, FUNCTION_HANDLER, FUNCTION_NAMES } from "../../functions/bundle";
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
  MAX_DIRECT_UPLOAD_ZIP_BYTES,
  MAX_MEMORY_SIZE_MB,
  MAX_TIMEOUT_SECONDS,
  MIN_MEMORY_SIZE_MB,
  SUPPORTED_RUNTIMES,
  type LambdaArchitecture,
  type LambdaRuntime,
  MIN_RESERVED_CONCURRENCY,
} from "./defaults";
import { assertValidEnvironment } from "./environment";

/** A function bundled by functions/bundle.ts: a deterministic zip and its hash. */
export interface BundledFunction {
  readonly name: string;
  /** Absolute path of the zip. */
  readonly zipPath: string;
  /** base64 SHA-256 of the zip, as Lambda reports `CodeSha256`. */
  readonly sourceCodeHash: string;
  readonly zipSizeBytes: number;
}

/** Props for {@link PlatformFunction}. */
export interface PlatformFunctionProps {
  /** Naming context; the function is named `label.id("lambdaFunction")`, its role `label.id("iamRole")`. */
  readonly label: Label;
  /** The handler's folder under `functions/`, one of `FUNCTION_NAMES`. */
  readonly handler: string;
  /**
   * The bundled code (tests inject one).
   * @default - bundled from `functions/<handler>` by `bundleFunction`
   */
  readonly code?: BundledFunction;
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
   * Largest timeout the caller's event source allows (e.g. 29 behind API Gateway's 30 s limit).
   * @default 900
   */
  readonly maxTimeoutSeconds?: number;
  /**
   * Concurrency reserved for (and capping) the function, at least 1, or `"unreserved"` to share
   * the account's pool (checkov CKV_AWS_115 flags that).
   */
  readonly reservedConcurrentExecutions: number | "unreserved";
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
   * @default - "Managed by the streaming platform"
   */
  readonly description?: string;
  /**
   * @default - no extra tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * One Lambda function as every module deploys it: bundled code shipped as a Terraform asset with
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
    assertOneOf("handler", props.handler, FUNCTION_NAMES as readonly string[]);
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
    const code = props.code ?? bundleFunction(props.handler);
    if (code.zipSizeBytes > MAX_DIRECT_UPLOAD_ZIP_BYTES) {
      throw new Error(`the ${props.handler} bundle must be at most ${MAX_DIRECT_UPLOAD_ZIP_BYTES} bytes to upload directly, got ${code.zipSizeBytes}`);
    }

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
      handler: FUNCTION_HANDLER,
      filename: asset.path,
      sourceCodeHash: code.sourceCodeHash,
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
