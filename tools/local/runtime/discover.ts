import { GetApisCommand, GetIntegrationsCommand, GetRoutesCommand, GetStagesCommand, type Api, type Integration, type Route } from "@aws-sdk/client-apigatewayv2";
import { GetFunctionCommand, ListEventSourceMappingsCommand, ListFunctionsCommand, type EventSourceMappingConfiguration } from "@aws-sdk/client-lambda";
import type { RuntimeClients } from "./clients";

/** A function as deployed, read back from the local Lambda API. */
export interface DeployedFunction {
  readonly functionName: string;
  readonly functionArn: string;
  /** `index.handler`: file `index` in the package, export `handler`. */
  readonly handler: string;
  readonly runtime: string;
  readonly roleArn: string;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  /** `ReservedConcurrentExecutions`, when the function reserves any. */
  readonly reservedConcurrency?: number;
  readonly environment: Readonly<Record<string, string>>;
  /** Base64 SHA-256 of the deployment package, as Lambda reports it. */
  readonly codeSha256: string;
  /** `GetFunction`'s `Code.Location`, when it returns one. */
  readonly codeLocation?: string;
  /** The `pipeline` tag the stacks put on every resource. */
  readonly pipeline?: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** An HTTP API route and the function it invokes. */
export interface DeployedRoute {
  /** `POST /events`, `$default`, `ANY /items/{id}`... */
  readonly routeKey: string;
  readonly authorizationType: string;
  readonly functionArn: string;
  readonly payloadFormatVersion: string;
  readonly timeoutMilliseconds: number;
}

/** An HTTP API as deployed. */
export interface DeployedApi {
  readonly apiId: string;
  readonly name: string;
  readonly pipeline?: string;
  /** The stage that is served: `$default` when it exists, else the first. */
  readonly stageName: string;
  readonly routes: readonly DeployedRoute[];
}

/** What the runtime runs for one environment. */
export interface DeployedEnvironment {
  readonly functions: readonly DeployedFunction[];
  readonly eventSourceMappings: readonly EventSourceMappingConfiguration[];
  readonly apis: readonly DeployedApi[];
}

/** Whether a resource's tags put it in the environment (the stacks tag every resource with `environment`). */
function inEnvironment(tags: Readonly<Record<string, string>> | undefined, env: string): boolean {
  return tags?.environment === env;
}

async function listFunctionNames(clients: RuntimeClients): Promise<string[]> {
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await clients.lambda.send(new ListFunctionsCommand({ Marker: marker }));
    for (const fn of page.Functions ?? []) if (fn.FunctionName) names.push(fn.FunctionName);
    marker = page.NextMarker;
  } while (marker);
  return names;
}

/** Every function tagged with the environment, each read with `GetFunction`. */
export async function discoverFunctions(clients: RuntimeClients, env: string): Promise<DeployedFunction[]> {
  const functions: DeployedFunction[] = [];
  for (const name of await listFunctionNames(clients)) {
    const { Configuration: c, Code: code, Concurrency: concurrency, Tags: tags = {} } = await clients.lambda.send(new GetFunctionCommand({ FunctionName: name }));
    if (!c || !inEnvironment(tags, env)) continue;
    if (c.PackageType === "Image") throw new Error(`function ${name} is a container image: the local runtime runs zip packages only`);
    functions.push({
      functionName: c.FunctionName!,
      functionArn: c.FunctionArn!,
      handler: c.Handler!,
      runtime: c.Runtime!,
      roleArn: c.Role!,
      timeoutSeconds: c.Timeout ?? 3,
      memorySizeMb: c.MemorySize ?? 128,
      reservedConcurrency: concurrency?.ReservedConcurrentExecutions,
      environment: c.Environment?.Variables ?? {},
      codeSha256: c.CodeSha256!,
      codeLocation: code?.Location,
      pipeline: tags.pipeline,
      tags,
    });
  }
  return functions.sort((a, b) => a.functionName.localeCompare(b.functionName));
}

/**
 * The event source mappings of the given functions. All mappings are listed and matched on
 * `FunctionArn`: moto filters `FunctionName` by the exact string the mapping was created with (a
 * name, or an ARN as Terraform passes it), so a filtered call can miss them (docs/local-aws-gaps.md).
 */
export async function discoverEventSourceMappings(clients: RuntimeClients, functions: readonly DeployedFunction[]): Promise<EventSourceMappingConfiguration[]> {
  const arns = new Set(functions.map((fn) => unqualifiedFunctionArn(fn.functionArn)));
  const mappings: EventSourceMappingConfiguration[] = [];
  let marker: string | undefined;
  do {
    const page = await clients.lambda.send(new ListEventSourceMappingsCommand({ Marker: marker }));
    mappings.push(...(page.EventSourceMappings ?? []).filter((mapping) => mapping.FunctionArn && arns.has(unqualifiedFunctionArn(mapping.FunctionArn))));
    marker = page.NextMarker;
  } while (marker);
  return mappings;
}

/** The function ARN without a version or alias qualifier. */
export function unqualifiedFunctionArn(functionArn: string): string {
  return functionArn.split(":").slice(0, 7).join(":");
}

/** `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function arn>/invocations` or a bare function ARN → the function ARN. */
export function integrationFunctionArn(integrationUri: string): string | undefined {
  const path = /functions\/(arn:[^/]+)\/invocations$/.exec(integrationUri);
  if (path) return path[1];
  return integrationUri.startsWith("arn:") && integrationUri.includes(":lambda:") && integrationUri.includes(":function:") ? integrationUri : undefined;
}

function routesOf(api: Api, routes: readonly Route[], integrations: readonly Integration[]): DeployedRoute[] {
  return routes.flatMap((route) => {
    const integrationId = route.Target?.replace(/^integrations\//, "");
    const integration = integrations.find((candidate) => candidate.IntegrationId === integrationId);
    const functionArn = integration?.IntegrationUri ? integrationFunctionArn(integration.IntegrationUri) : undefined;
    if (!integration || integration.IntegrationType !== "AWS_PROXY" || !functionArn) {
      throw new Error(`API ${api.Name} route "${route.RouteKey}": the local runtime serves Lambda proxy integrations only, got ${integration?.IntegrationType ?? "no integration"} ${integration?.IntegrationUri ?? ""}`.trim());
    }
    return [{
      routeKey: route.RouteKey!,
      authorizationType: route.AuthorizationType ?? "NONE",
      functionArn,
      payloadFormatVersion: integration.PayloadFormatVersion ?? "2.0",
      timeoutMilliseconds: integration.TimeoutInMillis ?? 30_000,
    }];
  });
}

/** Every HTTP API tagged with the environment, with its routes and the stage to serve. */
export async function discoverApis(clients: RuntimeClients, env: string): Promise<DeployedApi[]> {
  const apis: DeployedApi[] = [];
  let next: string | undefined;
  do {
    const page = await clients.apigatewayv2.send(new GetApisCommand({ NextToken: next }));
    for (const api of page.Items ?? []) {
      if (api.ProtocolType !== "HTTP" || !inEnvironment(api.Tags, env)) continue;
      const [routes, integrations, stages] = await Promise.all([
        clients.apigatewayv2.send(new GetRoutesCommand({ ApiId: api.ApiId })),
        clients.apigatewayv2.send(new GetIntegrationsCommand({ ApiId: api.ApiId })),
        clients.apigatewayv2.send(new GetStagesCommand({ ApiId: api.ApiId })),
      ]);
      const stageNames = (stages.Items ?? []).map((stage) => stage.StageName!);
      apis.push({
        apiId: api.ApiId!,
        name: api.Name!,
        pipeline: api.Tags?.pipeline,
        stageName: stageNames.includes("$default") ? "$default" : (stageNames[0] ?? "$default"),
        routes: routesOf(api, routes.Items ?? [], integrations.Items ?? []),
      });
    }
    next = page.NextToken;
  } while (next);
  return apis.sort((a, b) => a.name.localeCompare(b.name));
}

/** Everything the runtime runs for `env`, read from the local API. */
export async function discoverEnvironment(clients: RuntimeClients, env: string): Promise<DeployedEnvironment> {
  const functions = await discoverFunctions(clients, env);
  const [eventSourceMappings, apis] = await Promise.all([discoverEventSourceMappings(clients, functions), discoverApis(clients, env)]);
  return { functions, eventSourceMappings, apis };
}
