import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { CodeResolver } from "./code";
import { type Credentials, RuntimeClients, serviceEndpoint, signingServiceEndpoint } from "./clients";
import { assumeFunctionRole } from "./credentials";
import { discoverEnvironment, type DeployedEnvironment, unqualifiedFunctionArn } from "./discover";
import { queueUrlsThroughProxy } from "./function-process";
import { FunctionPool } from "./function-pool";
import { HttpApiServer } from "./http-api";
import { IamProxy } from "./iam-proxy";
import { rolePolicies } from "./role-policies";
import { StreamMapping } from "./stream-mapping";

/** How the runtime is started. */
export interface LocalRuntimeOptions {
  /** The environment whose resources are run (resources tagged `environment=<env>`). */
  readonly env: string;
  /** The local AWS API, e.g. `http://127.0.0.1:4566`. */
  readonly endpoint: string;
  readonly region: string;
  /** @default - the SDK's default chain */
  readonly credentials?: Credentials;
  /** Folders searched for the deployed zips by hash. */
  readonly codeSearchDirs: readonly string[];
  /** Where packages are extracted. */
  readonly cacheDir: string;
  /**
   * The port of the first HTTP API; the next ones take the following ports.
   * @default 0 - a free port each
   */
  readonly apiPort?: number;
  /**
   * Check every call a function or its mapping makes against the function role's policies, in
   * the runtime's IAM proxy (moto's own check ignores resources for most services).
   * @default true
   */
  readonly checkIam?: boolean;
  /**
   * The most execution environments one function runs at once (its reserved concurrency may say fewer).
   * @default DEFAULT_LOCAL_ENVIRONMENTS (4)
   */
  readonly maxEnvironmentsPerFunction?: number;
  /** Stands in for the SDK the Lambda Node.js runtime ships. */
  readonly nodePath: readonly string[];
  /** The runtime's own messages. @default - stderr */
  readonly log?: (message: string) => void;
  /** Every line a function prints, with its name. @default - stderr, prefixed with the function's name */
  readonly functionLog?: (functionName: string, line: string) => void;
}

/** What the runtime tells its callers: the content of `build/local/<env>.json`. */
export interface LocalRuntimeSummary {
  readonly endpoint: string;
  readonly accountId: string;
  readonly region: string;
  readonly pipelines: Readonly<Record<string, { readonly apiBaseUrl?: string; readonly functions: readonly string[] }>>;
}

const unqualified = unqualifiedFunctionArn;

/** The variables that point the SDK at one service, passed on to the functions unchanged when IAM is not checked. */
function endpointVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[0].startsWith("AWS_ENDPOINT_URL_") && !!entry[1]));
}

/**
 * An environment's functions, event source mappings and HTTP APIs, run against the local AWS API
 * where its stacks are deployed: every setting read back from that API.
 */
export class LocalRuntime {
  private constructor(
    private readonly options: LocalRuntimeOptions,
    readonly accountId: string,
    readonly deployed: DeployedEnvironment,
    readonly functions: ReadonlyMap<string, FunctionPool>,
    readonly mappings: readonly StreamMapping[],
    readonly apis: readonly HttpApiServer[],
    private readonly clients: RuntimeClients,
    /** The IAM proxy the functions call, unless IAM checks are off. */
    readonly iamProxy?: IamProxy,
  ) {}

  static async start(options: LocalRuntimeOptions): Promise<LocalRuntime> {
    const log = options.log ?? ((message: string) => process.stderr.write(`[local-runtime] ${message}\n`));
    const clients = new RuntimeClients({ endpoint: options.endpoint, region: options.region, credentials: options.credentials });
    const { Account: accountId } = await clients.sts.send(new GetCallerIdentityCommand({}));
    const deployed = await discoverEnvironment(clients, options.env);
    const resolver = new CodeResolver(options.codeSearchDirs, options.cacheDir);
    let iamProxy: IamProxy | undefined;
    if (options.checkIam ?? true) {
      iamProxy = new IamProxy({ accountId: accountId!, region: options.region, upstreamFor: (service) => signingServiceEndpoint(clients.aws, service), log });
      await iamProxy.listen();
      log(`IAM checked for the functions' calls at ${iamProxy.endpoint}`);
    }
    // Through the proxy, every service is reached at one endpoint, which routes by signing name.
    const passThrough = iamProxy ? {} : endpointVariables(process.env);
    const functionEndpoint = iamProxy?.endpoint ?? options.endpoint;

    const functions = new Map<string, FunctionPool>();
    const roleCredentials = new Map<string, Credentials>();
    for (const fn of deployed.functions) {
      const code = await resolver.resolve(fn);
      const credentials = await assumeFunctionRole(clients, fn.functionName, fn.roleArn);
      roleCredentials.set(fn.functionArn, credentials);
      iamProxy?.register({ accessKeyId: credentials.accessKeyId, roleArn: fn.roleArn, principalArn: credentials.principalArn, policies: await rolePolicies(clients.iam, fn.roleArn) });
      log(`function ${fn.functionName}: ${fn.handler} from ${code.source}, role ${fn.roleArn}`);
      functions.set(
        unqualified(fn.functionArn),
        new FunctionPool({
          fn: iamProxy ? { ...fn, environment: queueUrlsThroughProxy(fn.environment, signingServiceEndpoint(clients.aws, "sqs"), iamProxy.endpoint) } : fn,
          taskRoot: code.taskRoot,
          region: options.region,
          credentials,
          endpoint: functionEndpoint,
          passThrough,
          nodePath: options.nodePath,
          maxEnvironments: options.maxEnvironmentsPerFunction,
          log: options.functionLog && ((line) => options.functionLog!(fn.functionName, line)),
        }),
      );
    }
    await Promise.all([...functions.values()].map(async (fn) => {
      const error = await fn.start();
      if (error) log(`function ${fn.functionName} failed to initialize (${error.errorType}: ${error.errorMessage}); each invocation retries the init, as Lambda does`);
    }));

    const mappings: StreamMapping[] = [];
    for (const mapping of deployed.eventSourceMappings) {
      const fnArn = unqualified(mapping.FunctionArn!);
      const fn = functions.get(fnArn);
      const source = mapping.EventSourceArn ?? "";
      if (!fn) continue;
      if (mapping.State && !["Enabled", "Creating", "Enabling", "Updating"].includes(mapping.State)) {
        log(`mapping ${mapping.UUID} (${source} → ${fn.functionName}) is ${mapping.State}: not polled`);
        continue;
      }
      if (source.split(":")[2] !== "kinesis") {
        log(`mapping ${mapping.UUID} (${source} → ${fn.functionName}): only Kinesis sources are run locally; not polled`);
        continue;
      }
      if (mapping.FilterCriteria?.Filters?.length) log(`mapping ${mapping.UUID}: filter criteria are not applied locally; every record is delivered`);
      const deployedFn = deployed.functions.find((candidate) => unqualified(candidate.functionArn) === fnArn)!;
      const stream = new StreamMapping({
        mapping,
        fn,
        roleArn: deployedFn.roleArn,
        region: options.region,
        clients: clients.asRole(roleCredentials.get(deployedFn.functionArn)!, iamProxy?.endpoint),
        sqsEndpoint: serviceEndpoint(clients.aws, "sqs"),
        log: (message) => log(`${fn.functionName} ← ${stream.streamArn.split("/").pop()}: ${message}`),
      });
      await stream.start();
      log(`mapping ${mapping.UUID}: ${source} → ${fn.functionName} (batch ${mapping.BatchSize}, window ${mapping.MaximumBatchingWindowInSeconds ?? 0} s, from ${mapping.StartingPosition})`);
      mappings.push(stream);
    }

    const apis: HttpApiServer[] = [];
    let port = options.apiPort ?? 0;
    for (const api of deployed.apis) {
      const server = new HttpApiServer({ api, accountId: accountId!, region: options.region }, (arn) => functions.get(unqualified(arn)), (message) => log(`api ${api.name}: ${message}`));
      const url = await server.listen(port);
      if (port !== 0) port++;
      log(`api ${api.name} (${api.routes.map((route) => route.routeKey).join(", ")}) at ${url}`);
      apis.push(server);
    }
    return new LocalRuntime(options, accountId!, deployed, functions, mappings, apis, clients, iamProxy);
  }

  /** The endpoint, account, region and each pipeline's API base URL and functions. */
  summary(): LocalRuntimeSummary {
    const pipelines: Record<string, { apiBaseUrl?: string; functions: string[] }> = {};
    for (const fn of this.deployed.functions) {
      if (fn.pipeline) (pipelines[fn.pipeline] ??= { functions: [] }).functions.push(fn.functionName);
    }
    this.deployed.apis.forEach((api, index) => {
      if (api.pipeline) (pipelines[api.pipeline] ??= { functions: [] }).apiBaseUrl = this.apis[index]!.baseUrl;
    });
    return { endpoint: this.options.endpoint, accountId: this.accountId, region: this.options.region, pipelines };
  }

  /** Stops the APIs and the pollers, lets running invocations finish, then ends every function's process. */
  async stop(): Promise<void> {
    await Promise.all(this.apis.map((api) => api.close()));
    await Promise.all(this.mappings.map((mapping) => mapping.stop()));
    await Promise.all([...this.functions.values()].map((fn) => fn.stop()));
    await this.iamProxy?.close();
    this.clients.destroy();
  }
}
